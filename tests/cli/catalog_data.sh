#!/usr/bin/env bash
# data/catalog is what tools/catalog/gen_catalog.py makes of seed 002, and it keeps the
# seed-matrix invariants of spec/seed-002-matrix.md (see data/README.md).
# Usage: catalog_data.sh PAIAM_BINARY SOURCE_DIR   (the binary is not used)
set -uo pipefail
src=$2
seed=$src/../shared/seeds/002_a0588c5857c87ec3.txt
if [ ! -f "$seed" ]; then
  echo "SKIP: seed 002 not found at $seed; data/catalog cannot be checked"
  exit 0
fi
if ! command -v python3 >/dev/null; then
  echo "SKIP: python3 not found; data/catalog cannot be checked"
  exit 0
fi
export PYTHONDONTWRITEBYTECODE=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# 1. The committed catalog is exactly what the generator makes of the seed.
if python3 "$src/tools/catalog/gen_catalog.py" "$seed" "$tmp/catalog" \
     --report "$tmp/report.tsv" >"$tmp/summary" 2>"$tmp/err"; then
  diff -r "$src/data/catalog" "$tmp/catalog" >"$tmp/diff" \
    || fail "data/catalog differs from the generator's output (regenerate, see data/README.md):
$(head -20 "$tmp/diff")"
  # The check report: every row has as many cells as check marks.
  awk -F'\t' 'NR > 1 && $3 != $4 { print "row " $1 " (line " $2 "): " $3 " marks, " $4 " cells"; bad = 1 }
              END { exit bad }' "$tmp/report.tsv" || fail "check report shows count mismatches"
else
  fail "generator failed: $(cat "$tmp/err")"
fi

# 2. Seed-matrix invariants, counted independently of the generator's parser.
CATALOG_SEED=$seed CATALOG_DATA=$src/data/catalog \
  python3 "$src/tools/catalog/test_gen_catalog.py" -q >"$tmp/unit" 2>&1 \
  || fail "invariants: $(tail -40 "$tmp/unit")"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "catalog OK: $(head -3 "$tmp/summary" | tr '\n' ' ')"
