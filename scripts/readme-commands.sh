#!/usr/bin/env bash
# Prints the commands of the README's first ```sh block, one per line, each without its trailing
# "# comment": the commands a new user copies, which .ci/run runs verbatim (and a unit test checks).
# Usage: bash scripts/readme-commands.sh [README]      (default: the repository's README.md)
set -euo pipefail
readme="${1:-"$(dirname "${BASH_SOURCE[0]}")/../README.md"}"
[ -r "$readme" ] || { echo "readme-commands: cannot read $readme" >&2; exit 2; }
awk '
  !inblock && /^```sh[[:space:]]*$/ { inblock = 1; next }
  inblock && /^```/ { exit }
  inblock {
    sub(/[[:space:]]+#[[:space:]].*$/, "")
    sub(/[[:space:]]+$/, "")
    if ($0 != "") print
  }' "$readme"
