#!/usr/bin/env bash
# End-to-end checks of the activation verbs (products, activate, authorize, dependencies,
# trial) against `paiam serve` on 127.0.0.1:0 with a fresh data directory: the seed 000 flow
# (root activates PAI, claims both free trials, a second claim is refused, the Resource Center
# lists both), a RAM user refused activation until AliyunPAIFullAccess is attached (the denial
# names the policy), dependencies of Designer and LangStudio (SLS indirect through
# OpenTelemetry), quick authorization of LangStudio by root and its refusal for a RAM user, the
# state surviving a restart (replay), and export -> `admin import` into a second server.
# Usage: activation_cli.sh PAIAM_BINARY SOURCE_DIR
source "$(dirname "$0")/lib/common.sh"

pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

dir=$tmp/data
# start_server [DIR] : a server on DIR (default $dir); sets $endpoint and $pid.
start_server() {
  local log=$tmp/server.log data=${1:-$dir}
  : >"$log"
  "$paiam" serve --listen 127.0.0.1:0 --data-dir "$data" --threads 2 >"$log" 2>&1 &
  pid=$!
  endpoint=""
  for _ in $(seq 100); do
    endpoint=$(sed -n 's/^listening on //p' "$log")
    [ -n "$endpoint" ] && break
    sleep 0.1
  done
  if [ -z "$endpoint" ]; then
    echo "FAIL: server did not start: $(cat "$log")"
    exit 1
  fi
}
stop_server() {
  kill -TERM "$pid"
  wait "$pid" || fail "server exited with $? after SIGTERM"
  pid=""
}

py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
json_get() { "$py" -c "import json,sys; j=json.loads(sys.argv[1]); print($2)" "$1"; }

start_server
creds=$dir/root-credentials.json
acct=$("$py" -c 'import json,sys; print(json.load(open(sys.argv[1]))["account_id"])' "$creds")
root=(--endpoint "$endpoint" --credentials-file "$creds")
error_line='^paiam: [A-Za-z][A-Za-z0-9.-]*: .* \(request [0-9A-F-]+\)$'

# --- products -----------------------------------------------------------------------------
expect_status 0 "$paiam" products "${root[@]}"
head -n1 <<<"$out" | grep -q '^Code  *Name  *Kind' || fail "products header: $out"
grep -qE '^PAI +Platform for AI \(PAI\) +product +PAI_isolate +no ' <<<"$out" \
  || fail "products PAI row: $out"
grep -qE '^OSS +.* service +oss +no ' <<<"$out" || fail "products OSS row: $out"
[ "$(tail -n +2 <<<"$out" | wc -l)" -eq 12 ] || fail "12 products: $out"
expect_status 0 "$paiam" products --code PAI --code oss "${root[@]}" --json
[ "$(json_get "$out" 'len(j["Products"]) + len(j["Services"])')" = 2 ] || fail "--code: $out"

# --- seed 000: activate with the main account, claim both trials ---------------------------
expect_status 1 "$paiam" trial claim compute "${root[@]}"
grep -q '^paiam: activation.product-not-activated: ' <<<"$err" || fail "trial first: $err"
expect_status 0 "$paiam" activate PAI "${root[@]}"
grep -qx 'ProductCode: PAI' <<<"$out" || fail "activate: $out"
grep -qx "ActivatedBy: acs:ram::$acct:root" <<<"$out" || fail "activate by: $out"
grep -qE '^revision [0-9]+$' <<<"$out" || fail "activate revision: $out"
expect_status 1 "$paiam" activate PAI "${root[@]}"
grep -qE "$error_line" <<<"$err" || fail "error line: $err"
grep -q '^paiam: activation.product-already-activated: ' <<<"$err" || fail "twice: $err"
expect_status 1 "$paiam" activate Quantum "${root[@]}"
grep -q '^paiam: activation.unknown-product: ' <<<"$err" || fail "unknown product: $err"

expect_status 0 "$paiam" trial claim compute "${root[@]}"
grep -qx 'Name: Free trial for computing power' <<<"$out" || fail "claim compute: $out"
expect_status 0 "$paiam" trial claim storage "${root[@]}"
grep -qx 'Name: Free trial for storage and traffic' <<<"$out" || fail "claim storage: $out"
expect_status 1 "$paiam" trial claim compute "${root[@]}"
grep -q '^paiam: activation.trial-already-claimed: .*once per account' <<<"$err" \
  || fail "second claim: $err"
expect_status 1 "$paiam" trial claim gpu "${root[@]}"
grep -q '^paiam: activation.unknown-trial: ' <<<"$err" || fail "unknown trial: $err"
expect_status 0 "$paiam" trial list "${root[@]}"
grep -qE "^ft-compute-$acct +compute +Free trial for computing power +PAI " <<<"$out" \
  || fail "resource center compute: $out"
grep -qE "^ft-storage-$acct +storage +Free trial for storage and traffic" <<<"$out" \
  || fail "resource center storage: $out"
expect_usage "$paiam" trial "${root[@]}"
expect_usage "$paiam" trial claim "${root[@]}"

# --- a RAM user: denied until AliyunPAIFullAccess / AliyunOSSFullAccess --------------------
expect_status 0 "$paiam" user create alice "${root[@]}"
expect_status 0 "$paiam" key create --user alice "${root[@]}" --json
alice=(--endpoint "$endpoint" --access-key-id "$(json_get "$out" 'j["AccessKey"]["AccessKeyId"]')"
       --access-key-secret "$(json_get "$out" 'j["AccessKey"]["AccessKeySecret"]')")
expect_status 1 "$paiam" activate OSS "${alice[@]}"
grep -q '^paiam: Forbidden.RAM: .*attach AliyunOSSFullAccess' <<<"$err" \
  || fail "denial names the policy: $err"
expect_status 1 "$paiam" activate Lingjun "${alice[@]}"
grep -q 'attach AliyunPAIFullAccess' <<<"$err" || fail "Lingjun denial: $err"
expect_status 0 "$paiam" products "${alice[@]}"  # pai:ListProducts: allowed unless denied
grep -qE '^PAI +.* yes +acs:ram::[0-9]+:root +[0-9T:.Z-]+ +no ' <<<"$out" \
  || fail "alice sees PAI active, may not activate: $out"
expect_status 0 "$paiam" policy attach --policy AliyunPAIFullAccess --system --user alice \
  "${root[@]}"
expect_status 0 "$paiam" activate Lingjun "${alice[@]}"
grep -qx "ActivatedBy: acs:ram::$acct:user/alice" <<<"$out" || fail "alice activates: $out"
expect_status 1 "$paiam" activate OSS "${alice[@]}"
expect_status 0 "$paiam" policy attach --policy AliyunOSSFullAccess --system --user alice \
  "${root[@]}"
expect_status 0 "$paiam" activate OSS "${alice[@]}"

# --- dependencies: Designer (seed 001), LangStudio (seed 003) ------------------------------
expect_status 0 "$paiam" dependencies Designer "${root[@]}"
grep -qE '^MaxCompute +Direct +MaxCompute built-in algorithm components +no ' <<<"$out" \
  || fail "Designer MaxCompute: $out"
grep -qE '^OSS +Direct +All features +yes +no +Authorize$' <<<"$out" \
  || fail "Designer OSS needs authorization: $out"
expect_status 0 "$paiam" dependencies langstudio "${alice[@]}"
grep -qx 'Module: LangStudio' <<<"$out" || fail "LangStudio module: $out"
grep -qE '^SLS +Indirect +OpenTelemetry +All features +no +no +Activate$' <<<"$out" \
  || fail "SLS through OpenTelemetry: $out"
grep -qE '^DataWorks +Direct +Scheduled knowledge base updates ' <<<"$out" \
  || fail "DataWorks only for scheduled updates: $out"
grep -q 'AliyunPAILangStudioDefaultRole (missing' <<<"$out" || fail "role missing: $out"
expect_status 1 "$paiam" dependencies Photoshop "${root[@]}"
grep -q '^paiam: activation.unknown-module: ' <<<"$err" || fail "unknown module: $err"

# --- quick authorization: root only ---------------------------------------------------------
expect_status 0 "$paiam" policy attach --policy AdministratorAccess --system --user alice \
  "${root[@]}"
expect_status 1 "$paiam" authorize LangStudio "${alice[@]}"
grep -q '^paiam: activation.quick-authorization-needs-root: ' <<<"$err" \
  || fail "RAM user refused: $err"
expect_status 0 "$paiam" authorize LangStudio "${root[@]}"
grep -qx 'Created service role: AliyunPAILangStudioDefaultRole' <<<"$out" || fail "authorize: $out"
expect_status 0 "$paiam" authorize LangStudio "${root[@]}" --json
[ "$(json_get "$out" 'j["ExistingRoles"]')" = "['AliyunPAILangStudioDefaultRole']" ] \
  || fail "authorize again: $out"
expect_status 0 "$paiam" call ListPoliciesForRole --param RoleName=AliyunPAILangStudioDefaultRole \
  "${root[@]}" --json
grep -q 'AliyunPAILangStudioDefaultRolePolicy' <<<"$out" || fail "role policy: $out"
expect_status 0 "$paiam" call GetRole --param RoleName=AliyunPAILangStudioDefaultRole \
  "${root[@]}" --json
grep -q 'pai.aliyuncs.com' <<<"$out" || fail "trust policy: $out"
expect_status 0 "$paiam" remote check "acs:ram::$acct:role/AliyunPAILangStudioDefaultRole" \
  eas:CreateService '*' "${root[@]}"
grep -qx 'Allow' <<<"$(head -n1 <<<"$out")" || fail "role allowed eas: $out"
expect_status 0 "$paiam" dependencies LangStudio "${root[@]}"
grep -qE '^OSS +Direct +All features +yes +yes +View authorization information$' <<<"$out" \
  || fail "OSS authorized after quick authorization: $out"

# --- the state survives a restart (the log replays) ----------------------------------------
stop_server
start_server
root=(--endpoint "$endpoint" --credentials-file "$creds")
expect_status 0 "$paiam" trial list "${root[@]}" --json
[ "$(json_get "$out" 'j["TotalCount"]')" = 2 ] || fail "trials after restart: $out"
expect_status 0 "$paiam" products --code Lingjun "${root[@]}" --json
[ "$(json_get "$out" 'j["Products"][0]["ActivatedBy"]')" = "acs:ram::$acct:user/alice" ] \
  || fail "activation after restart: $out"

# --- export, then import into a second server (the logged RequestTime is accepted) ---------
stop_server
expect_status 0 "$paiam" admin export "$tmp/ops.json" --data-dir "$dir"
start_server "$tmp/data2"
two=(--endpoint "$endpoint" --credentials-file "$tmp/data2/root-credentials.json")
expect_status 0 "$paiam" admin import "$tmp/ops.json" "${two[@]}"
expect_status 0 "$paiam" trial list "${two[@]}" --json
[ "$(json_get "$out" 'j["TotalCount"]')" = 2 ] || fail "trials after import: $out"
expect_status 0 "$paiam" dependencies LangStudio "${two[@]}"
grep -q 'AliyunPAILangStudioDefaultRole (created' <<<"$out" || fail "role after import: $out"

# --- help ---------------------------------------------------------------------------------
for verb in products activate authorize dependencies "trial claim" "trial list"; do
  # shellcheck disable=SC2086
  expect_status 0 "$paiam" $verb --help
  grep -q -- '--endpoint' <<<"$out" || fail "$verb --help: $out"
done
expect_usage "$paiam" activate "${root[@]}"

stop_server
finish activation_cli
