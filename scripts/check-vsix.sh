#!/usr/bin/env bash
# Packages the extension (npm run package) and proves the .vsix is what users get: the bundle,
# snippets, grammar, media, docs, the users' readme (docs/marketplace.md, not the developers'
# README.md), LICENSE and CHANGELOG, no sources, tests or node_modules, and that it installs into the
# code-server of the test host (VS Code 1.139).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VSIX="$ROOT/statefulset-storage.vsix"
npm run -s package >/dev/null # writes $VSIX
LIST="$(unzip -Z1 "$VSIX")"
for want in extension/dist/extension.js extension/dist/engine.js extension/dist/engineWorker.js extension/dist/cluster.js extension/snippets/statefulset-storage.code-snippets \
  extension/syntaxes/statefulset-storage.injection.tmLanguage.json extension/media/activity.svg extension/docs/rules.md \
  extension/readme.md extension/LICENSE.txt extension/changelog.md extension/package.json; do
  grep -qx "$want" <<<"$LIST" || { echo "check-vsix: $want is missing from the .vsix" >&2; exit 1; }
done
# the readme of the Marketplace page and of the Extensions view: for users, not the developers' README
README_IN_VSIX="$(unzip -p "$VSIX" extension/readme.md)"
if [ "$(head -1 <<<"$README_IN_VSIX")" != "$(head -1 docs/marketplace.md)" ] || ! grep -q '^## Install' <<<"$README_IN_VSIX" \
   || grep -qE 'npm (ci|run|test)' <<<"$README_IN_VSIX"; then
  echo "check-vsix: extension/readme.md is not docs/marketplace.md (or names developer commands)" >&2; exit 1
fi
if grep -E '^extension/(src|test|bench|node_modules|scripts|examples)/|^extension/README\.md$|\.ts$|\.map$' <<<"$LIST"; then
  echo "check-vsix: the .vsix contains files it must not (above)" >&2; exit 1
fi
HOST="${TEST_HOST_DIR:-$ROOT/.vscode-test/host}"
NODE24_BIN="$(ls -d "$HOST"/node24/node_modules/node-linux-*/bin | head -1)"
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
cs() { PATH="$NODE24_BIN:$PATH" HOME="$TMP" "$HOST/cs/node_modules/.bin/code-server" --extensions-dir "$TMP/ext" --user-data-dir "$TMP/ud" "$@"; }
cs --install-extension "$VSIX" >/dev/null 2>&1
cs --list-extensions --show-versions 2>/dev/null | grep -qx "statefulset-storage.statefulset-storage@$(node -p "require('./package.json').version")" \
  || { echo "check-vsix: the .vsix did not install" >&2; exit 1; }
echo "check-vsix: $(wc -l <<<"$LIST") files, $(du -k "$VSIX" | cut -f1) KiB, installs into code-server"
