#!/usr/bin/env bash
# README command 2 (and what .ci/run calls): every test of paiam.
#   1. clang build with AddressSanitizer + UndefinedBehaviorSanitizer: unit, CLI and server
#      integration tests (the server itself runs sanitized);
#   2. the libFuzzer targets, each for PAIAM_FUZZ_SECONDS (default 40 s);
#   3. the normal g++ build (with the benchmarks compiled): every unit, CLI and server test,
#      and the Node SDK suite (tests/sdk/, the official @alicloud SDKs against `paiam serve`).
# The output ends with ctest's summary of step 3.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

scripts/install-deps.sh

echo "== [1/3] sanitizer build (clang, ASan + UBSan)"
scripts/build.sh sanitize
# The differential test runs fewer requests under the sanitizers' ~10x slowdown; the normal
# build below runs the full million.
PAIAM_DIFF_REQUESTS=${PAIAM_SANITIZE_DIFF_REQUESTS:-200000} \
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-sanitize -L 'unit|cli|server' -j "$jobs" --output-on-failure --timeout 900

echo "== [2/3] fuzz targets"
ctest --test-dir build-sanitize -L fuzz --output-on-failure

echo "== [3/3] normal build (g++)"
scripts/build.sh default
ctest --test-dir build -L 'unit|cli|server|sdk' -j "$jobs" --output-on-failure --timeout 900
