# Shared by the CLI tests (sourced, not run). Sets $paiam and $src from the arguments ctest passes
# (PAIAM_BINARY SOURCE_DIR), a scratch $tmp removed on exit, and the assertion helpers below.
# A script calls `finish` at its end: it exits 1 when any assertion failed.
set -uo pipefail
paiam=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect_status STATUS CMD... : runs CMD, stores stdout/stderr in $out/$err.
expect_status() {
  local want=$1; shift
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  out=$(cat "$tmp/out"); err=$(cat "$tmp/err")
  [ "$got" -eq "$want" ] || fail "exit $got, want $want: $* (stderr: $err)"
}

# expect_usage CMD... : exit 2 with a single line on stderr.
expect_usage() {
  expect_status 2 "$@"
  [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "usage error is not one line: $* (stderr: $err)"
}

# finish NAME : the closing line of a script.
finish() {
  if [ "$failures" -ne 0 ]; then
    echo "$1: $failures failure(s)"
    exit 1
  fi
  echo "$1: all checks passed"
}
