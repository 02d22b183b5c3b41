#!/usr/bin/env bash
# Configures and builds one flavour of paiam.
#   scripts/build.sh              release-ish build in build/ (g++)
#   scripts/build.sh sanitize     clang, AddressSanitizer + UBSan + libFuzzer targets, in build-sanitize/
set -euo pipefail
cd "$(dirname "$0")/.."

flavour=${1:-default}
jobs=$(nproc 2>/dev/null || echo 2)
case "$flavour" in
  default)
    cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build build -j "$jobs"
    ;;
  sanitize)
    CC=clang-14 CXX=clang++-14 cmake -S . -B build-sanitize -G Ninja \
      -DCMAKE_BUILD_TYPE=Debug -DPAIAM_SANITIZE=ON -DPAIAM_FUZZ=ON -DPAIAM_BENCH=OFF \
      -DPAIAM_FUZZ_SECONDS="${PAIAM_FUZZ_SECONDS:-40}" >/dev/null
    cmake --build build-sanitize -j "$jobs"
    ;;
  *)
    echo "usage: scripts/build.sh [default|sanitize]" >&2
    exit 2
    ;;
esac
