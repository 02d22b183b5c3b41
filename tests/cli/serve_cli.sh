#!/usr/bin/env bash
# `paiam serve` settings: --help lists every setting with its variable; flag beats environment
# beats config file; bad values are one-line usage errors; the root secret is written 0600 and
# never printed. Servers listen on 127.0.0.1 with port 0 and are stopped with SIGTERM.
source "$(dirname "$0")/lib/common.sh"

# start_serve LOG ARGS... : starts paiam serve in the background, waits for its address.
start_serve() {
  local log=$1; shift
  "$paiam" serve "$@" >"$log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    grep -q '^listening on ' "$log" && return 0
    kill -0 "$server_pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
stop_serve() {
  kill -TERM "$server_pid" 2>/dev/null
  wait "$server_pid"
}
trap 'kill -9 ${server_pid:-0} 2>/dev/null; rm -rf "$tmp"' EXIT

expect_status 0 "$paiam" serve --help
for setting in --listen PAIAM_LISTEN --data-dir PAIAM_DATA_DIR --config PAIAM_CONFIG --threads \
               --max-body-bytes --shutdown-grace; do
  grep -q -- "$setting" <<<"$out" || fail "serve --help does not mention $setting"
done

expect_usage "$paiam" serve --listen nonsense
expect_usage "$paiam" serve --listen 127.0.0.1:99999
printf 'listen = 127.0.0.1:0\ncolour = blue\n' >"$tmp/bad.conf"
expect_usage "$paiam" serve --config "$tmp/bad.conf"
grep -q 'unknown setting "colour"' <<<"$err" || fail "unknown config key not named: $err"
expect_usage "$paiam" serve --config "$tmp/missing.conf"

# Precedence: flag > environment > config file.
printf '# settings\nlisten = 127.0.0.1:0\ndata_dir = %s/from-file\n' "$tmp" >"$tmp/good.conf"
start_serve "$tmp/a.log" --config "$tmp/good.conf" || fail "serve with a config file did not start: $(cat "$tmp/a.log")"
stop_serve
[ -f "$tmp/from-file/paiam.db" ] || fail "config file data_dir not used"

PAIAM_DATA_DIR="$tmp/from-env" start_serve "$tmp/b.log" --config "$tmp/good.conf" || fail "serve did not start"
stop_serve
[ -f "$tmp/from-env/paiam.db" ] || fail "PAIAM_DATA_DIR did not beat the config file"

PAIAM_DATA_DIR="$tmp/from-env" PAIAM_CONFIG="$tmp/good.conf" \
  start_serve "$tmp/c.log" --data-dir "$tmp/from-flag" || fail "serve did not start"
stop_serve
[ -f "$tmp/from-flag/paiam.db" ] || fail "--data-dir did not beat PAIAM_DATA_DIR"
grep -q '^stopped$' "$tmp/c.log" || fail "SIGTERM did not stop the server cleanly: $(cat "$tmp/c.log")"

# Bootstrap: the secret goes to a 0600 file, not to the output; a second start keeps it.
creds="$tmp/from-flag/root-credentials.json"
[ "$(stat -c %a "$creds")" = 600 ] || fail "root-credentials.json is not mode 600"
secret=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['access_key_secret'])" "$creds")
grep -q -- "$secret" "$tmp/c.log" && fail "the root secret was printed"
grep -q 'bootstrapped account' "$tmp/c.log" || fail "first start did not say it bootstrapped"

# Chosen root credentials.
PAIAM_ROOT_ACCESS_KEY_ID=LTAIchosenkey0000001 PAIAM_ROOT_ACCESS_KEY_SECRET=chosenSecret123 \
  start_serve "$tmp/d.log" --listen 127.0.0.1:0 --data-dir "$tmp/chosen" || fail "serve did not start"
stop_serve
grep -q LTAIchosenkey0000001 "$tmp/chosen/root-credentials.json" || fail "PAIAM_ROOT_ACCESS_KEY_ID ignored"

# Only one server per data directory.
start_serve "$tmp/e.log" --listen 127.0.0.1:0 --data-dir "$tmp/chosen" || fail "serve did not start"
first=$server_pid
expect_status 1 "$paiam" serve --listen 127.0.0.1:0 --data-dir "$tmp/chosen"
grep -q 'in use' <<<"$err" || fail "second server not refused with a clear message: $err"
server_pid=$first
stop_serve

finish serve_cli
