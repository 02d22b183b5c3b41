#!/usr/bin/env bash
# The Node SDK suite (ctest `sdk.node`, label sdk): the official Alibaba Cloud Node SDKs, pinned
# in package-lock.json, against `paiam serve`.  Usage: tests/sdk/run.sh PAIAM_BINARY
#
# Installs tests/sdk/node_modules with `npm ci` only when it is missing or older than the lock
# file, then runs every *_test.js with Node's built-in runner (`node --test`, Node 18+; no test
# framework dependency). Each test file starts and stops its own server (lib/paiam.js).
# --ignore-scripts: the only install script in the tree (@alicloud/openapi-core's postinstall)
# installs TypeScript for Node 10/12 and does nothing on Node 18+; skipping it keeps `npm ci`
# a pure, lock-file-exact download.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 PAIAM_BINARY" >&2
  exit 2
fi
binary=$(realpath "$1")
if [ ! -x "$binary" ]; then
  echo "run.sh: $1 is not an executable" >&2
  exit 2
fi
cd "$(dirname "$0")"

for tool in node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "run.sh: $tool not found; install the Debian packages nodejs and npm" \
         "(scripts/install-deps.sh)" >&2
    exit 2
  fi
done
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 18 ]; then
  echo "run.sh: node $(node --version) is too old; node --test needs Node 18+" >&2
  exit 2
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund --ignore-scripts
  touch node_modules
fi

export PAIAM_BINARY="$binary"
exec node --test --test-reporter=spec ./*_test.js
