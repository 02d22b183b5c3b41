#!/usr/bin/env bash
# README command 1: install what the build needs, build paiam, and run it on a bundled example.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
scripts/build.sh default

echo
echo "== paiam policy validate examples/designer-oss-access.json"
build/paiam policy validate examples/designer-oss-access.json
echo
echo "== paiam policy eval: may a Designer user read an object of its bucket?"
build/paiam policy eval --policy examples/designer-oss-access.json \
  --action oss:GetObject --resource acs:oss:*:*:examplebucket/data/train.csv --json
echo
echo "== ...and delete the bucket itself (a Deny statement forbids it)?"
build/paiam policy eval --policy examples/designer-oss-access.json \
  --policy examples/deny-bucket-deletion.json \
  --action oss:DeleteBucket --resource acs:oss:*:*:examplebucket
echo
echo "paiam is built at build/paiam; try 'build/paiam --help'."
if [ "${PAIAM_RUN_NO_SERVE:-}" = "1" ]; then
  exit 0
fi
echo
echo "== paiam serve (SQLite in ./paiam-data, 127.0.0.1:8080; Ctrl-C stops it; arguments are passed on)"
exec build/paiam serve "$@"
