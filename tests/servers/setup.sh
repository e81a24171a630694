#!/usr/bin/env bash
# Install the Node packages the publish tests need (a real Bluesky PDS + PLC directory).
# Idempotent: does nothing when node_modules already matches package.json/package-lock.json.
# node_modules lives in tests/servers/node_modules (ignored by git), or in
# $PLANNER_TEST_SERVERS_DIR when set.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
target="${PLANNER_TEST_SERVERS_DIR:-$here}"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "setup.sh: node and npm are required (Node 20)" >&2
  exit 1
fi
if [ "$target" != "$here" ]; then
  mkdir -p "$target"
  cp "$here/package.json" "$target/"
  [ -f "$here/package-lock.json" ] && cp "$here/package-lock.json" "$target/"
fi
cd "$target"
# Two runs at once (a developer and CI, say) must not install over each other.
if command -v flock >/dev/null; then
  exec 9>"$target/.setup.lock"
  flock 9
fi
stamp="node_modules/.planner-stamp"
fingerprint() { cat package.json package-lock.json 2>/dev/null | sha256sum | cut -d' ' -f1 || true; }
want="$(fingerprint)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] \
  && node -e "require('@atproto/pds'); require('@did-plc/server'); require('@atproto/crypto')" 2>/dev/null; then
  echo "setup.sh: test servers already installed in $target/node_modules"
  exit 0
fi
echo "setup.sh: installing test servers into $target/node_modules (about 100 s)"
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
else
  # The registry here does not serve every newest version: resolve as of a known-good date.
  npm install --no-audit --no-fund --loglevel=error --before=2026-06-01
fi
node -e "require('@atproto/pds'); require('@did-plc/server'); require('@atproto/crypto')"
fingerprint > "$stamp"
echo "setup.sh: done"
