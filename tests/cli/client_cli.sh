#!/usr/bin/env bash
# End-to-end checks of the client verbs against real servers: `paiam serve` on 127.0.0.1:0
# with a fresh data directory, the root credentials file it writes, then whoami, call, the
# shortcuts, a RAM user denied and then allowed, remote check/audit, settings precedence
# (flags, environment, ~/.paiam/config and its permissions), error printing and exit statuses,
# and export -> `admin import` into a second server. Servers are stopped with SIGTERM (and
# always killed on exit). Usage: client_cli.sh PAIAM_BINARY SOURCE_DIR
source "$(dirname "$0")/lib/common.sh"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT

# start_server NAME : starts a server on a fresh data dir; sets ${NAME}_dir, ${NAME}_endpoint,
# ${NAME}_pid.
start_server() {
  local name=$1 dir=$tmp/$1-data log=$tmp/$1.log
  : >"$log"
  "$paiam" serve --listen 127.0.0.1:0 --data-dir "$dir" --threads 2 >"$log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  local endpoint=""
  for _ in $(seq 100); do
    endpoint=$(sed -n 's/^listening on //p' "$log")
    [ -n "$endpoint" ] && break
    sleep 0.1
  done
  if [ -z "$endpoint" ]; then
    echo "FAIL: server $name did not start: $(cat "$log")"
    exit 1
  fi
  printf -v "${name}_dir" '%s' "$dir"
  printf -v "${name}_endpoint" '%s' "$endpoint"
  printf -v "${name}_pid" '%s' "$pid"
}

# stop_server PID : SIGTERM, then wait for a clean exit.
stop_server() {
  kill -TERM "$1"
  wait "$1"
  local status=$?
  [ "$status" -eq 0 ] || fail "server $1 exited with $status after SIGTERM"
}

# The system interpreter when there is one: a version manager's shim costs ~0.2 s a call.
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3

# json_get JSON PYTHON-EXPR : evaluates EXPR on the parsed JSON `j`.
json_get() { "$py" -c "import json,sys; j=json.loads(sys.argv[1]); print($2)" "$1"; }

start_server one
creds=$one_dir/root-credentials.json
acct=$("$py" -c 'import json,sys; print(json.load(open(sys.argv[1]))["account_id"])' "$creds")
root=(--endpoint "$one_endpoint" --credentials-file "$creds")
error_line='^paiam: [A-Za-z][A-Za-z0-9.-]*: .* \(request [0-9A-F-]+\)$'

# --- whoami, as root ---------------------------------------------------------------------
expect_status 0 "$paiam" whoami "${root[@]}"
grep -qx 'identity_type: Account' <<<"$out" || fail "whoami table: $out"
grep -qx "account_id: $acct" <<<"$out" || fail "whoami account: $out"
expect_status 0 "$paiam" whoami "${root[@]}" --json
[ "$(json_get "$out" 'j["arn"]')" = "acs:ram::$acct:root" ] || fail "whoami --json: $out"

# --- users, keys, a denial and the grant that lifts it ------------------------------------
expect_status 0 "$paiam" user create alice --display-name "Alice A" "${root[@]}"
grep -qx 'User.UserName: alice' <<<"$out" || fail "user create: $out"
tail -n1 <<<"$out" | grep -qE '^revision [0-9]+$' || fail "user create revision: $out"
expect_status 0 "$paiam" user list "${root[@]}"
head -n1 <<<"$out" | grep -q 'UserName' || fail "user list header: $out"
grep -qE '^alice +[0-9]+ +Alice A' <<<"$out" || fail "user list row: $out"

expect_status 0 "$paiam" key create --user alice "${root[@]}" --json
alice_id=$(json_get "$out" 'j["AccessKey"]["AccessKeyId"]')
alice_secret=$(json_get "$out" 'j["AccessKey"]["AccessKeySecret"]')
grep -q 'never shows it again' <<<"$err" || fail "key create warning: $err"
expect_status 0 "$paiam" key create --user alice "${root[@]}"
grep -qE '^AccessKeySecret: [A-Za-z0-9]{30}$' <<<"$out" || fail "key create table: $out"
alice=(--endpoint "$one_endpoint" --access-key-id "$alice_id" --access-key-secret "$alice_secret")

expect_status 0 "$paiam" whoami "${alice[@]}"
grep -qx "arn: acs:ram::$acct:user/alice" <<<"$out" || fail "whoami alice: $out"
expect_status 1 "$paiam" user create bob "${alice[@]}"
grep -qE "$error_line" <<<"$err" || fail "denial line: $err"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "denial is not one line: $err"
[ -z "$out" ] || fail "denial printed on stdout: $out"

expect_status 0 "$paiam" policy attach --policy AliyunRAMFullAccess --system --user alice \
  "${root[@]}"
grep -qE '^revision [0-9]+$' <<<"$out" || fail "attach: $out"
expect_status 0 "$paiam" user create bob "${alice[@]}"
grep -qx 'User.UserName: bob' <<<"$out" || fail "bob after grant: $out"
expect_usage "$paiam" policy attach --policy P --user a --group g "${root[@]}"
expect_usage "$paiam" policy attach --user a "${root[@]}"

# --- call ---------------------------------------------------------------------------------
expect_status 0 "$paiam" call ListUsers "${root[@]}" --json
[ "$(json_get "$out" '",".join(u["UserName"] for u in j["Users"]["User"])')" = "alice,bob" ] \
  || fail "call ListUsers --json: $out"
expect_status 0 "$paiam" call GetUser --param UserName=bob "${root[@]}"
grep -qx 'User.UserName: bob' <<<"$out" || fail "call GetUser: $out"
grep -q '^revision' <<<"$out" && fail "a read printed a revision: $out"
echo '{"UserName":"carol","Comments":"from a file"}' >"$tmp/carol.json"
expect_status 0 "$paiam" call CreateUser --body @"$tmp/carol.json" --param DisplayName=Carol \
  "${root[@]}"
grep -qx 'User.DisplayName: Carol' <<<"$out" || fail "call --body @file: $out"
grep -qx 'User.Comments: from a file' <<<"$out" || fail "call --body comments: $out"
expect_status 0 "$paiam" call ListUsers --param MaxItems=1 "${root[@]}"
[ "$(grep -c '^[a-z]' <<<"$out")" -eq 1 ] || fail "one row per page: $out"
grep -q 'Marker=alice' <<<"$err" || fail "truncated list hint: $err"
expect_status 1 "$paiam" call GetUser --param UserName=nobody "${root[@]}"
grep -qE '^paiam: EntityNotExist.User: .* \(request ' <<<"$err" || fail "not found: $err"
expect_status 1 "$paiam" call NoSuchOperation "${root[@]}"
grep -q '^paiam: InvalidAction.NotFound: ' <<<"$err" || fail "unknown op: $err"
expect_usage "$paiam" call GetUser --param NoEquals "${root[@]}"
expect_usage "$paiam" call GetUser --body '[1]' "${root[@]}"
expect_usage "$paiam" call GetUser --body @"$tmp/missing.json" "${root[@]}"

# --- groups, workspaces, members ----------------------------------------------------------
expect_status 0 "$paiam" group create devs --comments "the developers" "${root[@]}"
grep -qx 'Group.GroupName: devs' <<<"$out" || fail "group create: $out"
expect_status 0 "$paiam" group add-user devs bob "${root[@]}"
grep -qE '^revision [0-9]+$' <<<"$out" || fail "group add-user: $out"
expect_status 0 "$paiam" group list "${root[@]}"
grep -qE '^devs +g-[0-9a-z]+ +the developers' <<<"$out" || fail "group list: $out"
expect_status 0 "$paiam" workspace create ws_one --description "first one" "${root[@]}"
ws_id=$(sed -n 's/^WorkspaceId: //p' <<<"$out")
[ -n "$ws_id" ] || fail "workspace create: $out"
expect_status 0 "$paiam" workspace list "${root[@]}"
grep -qE "^ws_one +$ws_id +" <<<"$out" || fail "workspace list: $out"
expect_status 0 "$paiam" call GetUser --param UserName=bob "${root[@]}" --json
bob_uid=$(json_get "$out" 'j["User"]["UserId"]')
expect_status 0 "$paiam" member add "$ws_id" "$bob_uid" --role PAI.AlgoDeveloper \
  --role PAI.LabelManager "${root[@]}"
grep -qE "^[^ ]+ +bob +PAI.AlgoDeveloper,PAI.LabelManager +$bob_uid\$" <<<"$out" \
  || fail "member add: $out"
expect_status 1 "$paiam" member add "$ws_id" "$bob_uid" --role PAI.NoSuchRole "${root[@]}"
grep -qE "$error_line" <<<"$err" || fail "member add bad role: $err"
expect_usage "$paiam" member add "$ws_id" "$bob_uid" "${root[@]}"

# --- remote check and audit ---------------------------------------------------------------
expect_status 0 "$paiam" remote check "acs:ram::$acct:user/alice" ram:CreateUser \
  "acs:ram::$acct:user/zed" "${root[@]}"
[ "$(head -n1 <<<"$out")" = Allow ] || fail "remote check alice: $out"
grep -qE '^  by user: policy AliyunRAMFullAccess version v[0-9]+ Statement\[0\]' <<<"$out" \
  || fail "remote check statement: $out"
expect_status 0 "$paiam" remote check "acs:ram::$acct:user/bob" ram:CreateUser \
  "acs:ram::$acct:user/zed" "${root[@]}" --json
[ "$(json_get "$out" 'j["decision"]')" = ImplicitDeny ] || fail "remote check bob: $out"
expect_status 0 "$paiam" remote check "acs:ram::$acct:root" ram:CreateUser \
  "acs:ram::$acct:user/zed" "${root[@]}"
grep -qx '  by the account root, inside its own account' <<<"$out" || fail "root check: $out"
expect_status 0 "$paiam" remote check "acs:ram::$acct:user/bob" ram:CreateUser \
  "acs:ram::$acct:user/zed" --explain --context acs:SourceIp=10.0.0.1 --at-least-revision 1 \
  "${root[@]}"
[ "$(head -n1 <<<"$out")" = ImplicitDeny ] || fail "remote check --explain: $out"
expect_status 1 "$paiam" remote check "acs:ram::$acct:user/bob" ram:CreateUser \
  "acs:ram::$acct:user/zed" "${alice[@]}"
grep -qE "$error_line" <<<"$err" || fail "alice may not call paiam:Check: $err"
expect_status 1 "$paiam" remote check not-an-arn ram:CreateUser x "${root[@]}"
grep -q '^paiam: InvalidParameter.principal: ' <<<"$err" || fail "bad principal: $err"
expect_usage "$paiam" remote check "acs:ram::$acct:root" ram:CreateUser x --context novalue \
  "${root[@]}"

expect_status 0 "$paiam" remote audit --limit 3 "${root[@]}"
head -n1 <<<"$out" | grep -qE '^id +time +status +result +operation +caller +resource$' \
  || fail "audit header: $out"
[ "$(wc -l <<<"$out")" -eq 4 ] || fail "audit --limit 3 rows: $out"
grep -q 'run again with --marker' <<<"$err" || fail "audit marker hint: $err"
expect_status 0 "$paiam" remote audit --action ram:CreateUser --json "${root[@]}"
"$py" -c '
import json, sys
entries = json.loads(sys.argv[1])["entries"]
assert entries and all(e["action"] == "ram:CreateUser" for e in entries), entries
assert any(e["http_status"] == 403 for e in entries), "the denial is audited"
' "$out" || fail "audit --json: $out"
expect_usage "$paiam" remote audit --limit 0 "${root[@]}"

# --- settings: environment, ~/.paiam/config, precedence, errors ---------------------------
home=$tmp/home
mkdir -p "$home/.paiam"
noenv=(env -u PAIAM_ENDPOINT -u PAIAM_ACCESS_KEY_ID -u PAIAM_ACCESS_KEY_SECRET
       -u PAIAM_CREDENTIALS_FILE HOME="$home")
expect_usage "${noenv[@]}" "$paiam" whoami --endpoint "$one_endpoint"
grep -q -- '--access-key-id' <<<"$err" && grep -q 'PAIAM_ACCESS_KEY_ID' <<<"$err" \
  && grep -q '~/.paiam/config' <<<"$err" || fail "no-credentials message: $err"
expect_status 0 "${noenv[@]}" PAIAM_ENDPOINT="$one_endpoint" PAIAM_CREDENTIALS_FILE="$creds" \
  "$paiam" whoami
grep -qx 'identity_type: Account' <<<"$out" || fail "env credentials file: $out"
expect_status 0 "${noenv[@]}" PAIAM_ENDPOINT="$one_endpoint" PAIAM_ACCESS_KEY_ID="$alice_id" \
  PAIAM_ACCESS_KEY_SECRET="$alice_secret" PAIAM_CREDENTIALS_FILE="$creds" "$paiam" whoami
grep -qx 'identity_type: RAMUser' <<<"$out" || fail "env key beats env file: $out"
expect_status 0 "${noenv[@]}" PAIAM_ENDPOINT="$one_endpoint" PAIAM_ACCESS_KEY_ID="$alice_id" \
  PAIAM_ACCESS_KEY_SECRET="$alice_secret" "$paiam" whoami --credentials-file "$creds"
grep -qx 'identity_type: Account' <<<"$out" || fail "flag beats env: $out"
expect_usage "${noenv[@]}" PAIAM_ACCESS_KEY_ID="$alice_id" "$paiam" whoami
printf '{"endpoint":"%s","access_key_id":"%s","access_key_secret":"%s"}\n' \
  "$one_endpoint" "$alice_id" "$alice_secret" >"$home/.paiam/config"
chmod 644 "$home/.paiam/config"
expect_usage "${noenv[@]}" "$paiam" whoami
grep -q 'chmod 600' <<<"$err" || fail "config permissions: $err"
chmod 600 "$home/.paiam/config"
expect_status 0 "${noenv[@]}" "$paiam" whoami
grep -qx "arn: acs:ram::$acct:user/alice" <<<"$out" || fail "config file: $out"
expect_status 0 "${noenv[@]}" "$paiam" whoami --credentials-file "$creds"
grep -qx 'identity_type: Account' <<<"$out" || fail "flag beats config: $out"
echo 'not json' >"$home/.paiam/config"
expect_usage "${noenv[@]}" "$paiam" whoami
expect_usage "$paiam" whoami --endpoint nohostport "${root[@]:2}"
expect_usage "$paiam" whoami --endpoint 127.0.0.1:99999 "${root[@]:2}"
expect_usage "$paiam" whoami --access-key-id only-an-id --endpoint "$one_endpoint"
echo '{"account_id":"1"}' >"$tmp/partial.json"
expect_usage "$paiam" whoami --credentials-file "$tmp/partial.json"
expect_status 1 "$paiam" whoami --endpoint "$one_endpoint" --access-key-id LTAInope \
  --access-key-secret wrong
grep -qE '^paiam: InvalidAccessKeyId.NotFound: ' <<<"$err" || fail "unknown key: $err"
expect_status 1 "$paiam" whoami --endpoint "$one_endpoint" --access-key-id "$alice_id" \
  --access-key-secret wrong
grep -qE '^paiam: SignatureDoesNotMatch: ' <<<"$err" || fail "wrong secret: $err"
# A port nothing listens on: bind one, close it, connect.
free_port=$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')
expect_status 1 "$paiam" whoami --endpoint "127.0.0.1:$free_port" --credentials-file "$creds"
grep -qE "^paiam: cannot connect to 127.0.0.1:$free_port: " <<<"$err" || fail "refused: $err"

# --- export, then import into a second server ---------------------------------------------
expect_status 0 "$paiam" admin export "$tmp/ops.json" --data-dir "$one_dir"
total=$(json_get "$(cat "$tmp/ops.json")" 'len(j["operations"])')
start_server two
two=(--endpoint "$two_endpoint" --credentials-file "$two_dir/root-credentials.json")
expect_status 0 "$paiam" admin import "$tmp/ops.json" --batch 3 "${two[@]}"
summary="imported $total operations in $(((total + 2) / 3)) batches from $tmp/ops.json"
grep -qx "$summary; revision [0-9]*" <<<"$out" \
  || fail "import summary: $out"
[ "$(grep -c '^imported [0-9]*/'"$total"' ops' <<<"$err")" -eq $(((total + 2) / 3)) ] \
  || fail "one progress line per batch: $err"
expect_status 0 "$paiam" user list "${root[@]}" --json
users='sorted((u["UserName"], u["DisplayName"], u["Comments"]) for u in j["Users"]["User"])'
users_one=$(json_get "$out" "$users")
expect_status 0 "$paiam" user list "${two[@]}" --json
users_two=$(json_get "$out" "$users")
[ "$users_one" = "$users_two" ] || fail "user lists differ: $users_one vs $users_two"
expect_status 0 "$paiam" group list "${two[@]}"
grep -qE '^devs ' <<<"$out" || fail "imported group: $out"

# Importing again is refused at the first operation: nothing more is applied.
expect_status 1 "$paiam" admin import "$tmp/ops.json" "${two[@]}"
stopped='^paiam: import stopped: operation'
grep -qE "$stopped 0 \\(CreateUser\\) refused: EntityAlreadyExists.User: .*\\(request " <<<"$err" \
  || fail "refused import: $err"
grep -qx 'paiam: no operation was applied' <<<"$err" || fail "refused import summary: $err"
# A bad operation in the second batch names its index in the whole file.
"$py" - "$tmp/bad.json" <<'EOF'
import json, sys
ops = [{"operation": "CreateUser", "params": {"UserName": "imp%d" % i}} for i in range(3)]
ops.append({"operation": "GetUser", "params": {"UserName": "imp0"}})
json.dump({"format": "paiam-operations/1", "operations": ops}, open(sys.argv[1], "w"))
EOF
expect_status 1 "$paiam" admin import "$tmp/bad.json" --batch 2 "${two[@]}"
grep -qE "$stopped 3 \\(GetUser\\) refused: InvalidParameter.operation: " <<<"$err" \
  || fail "bad op index: $err"
grep -qx 'paiam: operations 0-1 were applied; none of the refused batch' <<<"$err" \
  || fail "partial import summary: $err"
# On a terminal the progress is a bar redrawn in place.
"$py" - "$tmp/tty.json" <<'EOF'
import json, sys
ops = [{"operation": "CreateUser", "params": {"UserName": "tty%d" % i}} for i in range(5)]
json.dump({"format": "paiam-operations/1", "operations": ops}, open(sys.argv[1], "w"))
EOF
expect_status 0 script -qec "$paiam admin import $tmp/tty.json --batch 2 ${two[*]}" /dev/null
grep -qF $'\r[####......] 2/5 ops  40%' <<<"$out" || fail "tty progress: $out"
grep -qF $'\r[##########] 5/5 ops  100%' <<<"$out" || fail "tty progress end: $out"
echo '{"format":"other","operations":[]}' >"$tmp/wrong-format.json"
expect_usage "$paiam" admin import "$tmp/wrong-format.json" "${two[@]}"
expect_usage "$paiam" admin import "$tmp/ops.json" --batch 1001 "${two[@]}"
expect_usage "$paiam" admin import "$tmp/missing.json" "${two[@]}"
expect_status 1 "$paiam" admin import "$tmp/ops.json" --endpoint "$two_endpoint" \
  --access-key-id "$alice_id" --access-key-secret "$alice_secret"
grep -qE '^paiam: (import stopped: .*)?InvalidAccessKeyId.NotFound: ' <<<"$err" \
  || fail "import with a key of another server: $err"

# --- help ---------------------------------------------------------------------------------
for verb in "whoami" "call" "user create" "user list" "user delete" "group create" \
  "group add-user" "group list" "policy attach" "key create" "workspace create" \
  "workspace list" "member add" "remote check" "remote audit" "admin import"; do
  # shellcheck disable=SC2086
  expect_status 0 "$paiam" $verb --help
  grep -q -- '--endpoint' <<<"$out" || fail "$verb --help: $out"
done

# --- delete, then stop both servers cleanly -----------------------------------------------
expect_status 0 "$paiam" user delete carol "${root[@]}"
expect_status 1 "$paiam" user delete carol "${root[@]}"
grep -q '^paiam: EntityNotExist.User: ' <<<"$err" || fail "delete twice: $err"
stop_server "$one_pid"
stop_server "$two_pid"
pids=()

finish client_cli
