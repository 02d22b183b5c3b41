#!/usr/bin/env bash
# End-to-end checks of `paiam check` and `paiam list-allowed` on examples/state.json: decisions,
# the --json shape (first four statement keys as `paiam policy eval --json`), --explain, exit
# statuses, one-line usage errors and --help. Usage: check_cli.sh PAIAM_BINARY SOURCE_DIR
source "$(dirname "$0")/lib/common.sh"
state=$src/examples/state.json

acct=1000000000000001
user() { echo "acs:ram::$acct:user/$1"; }
ds() { echo "acs:paidataset:${3:-cn-hangzhou}:$acct:workspace/${2:-1001}/dataset/$1"; }
public_others=(--context pai:Accessibility=PUBLIC --context pai:EntityAccessType=OTHERS)
private_creator=(--context pai:Accessibility=PRIVATE --context pai:EntityAccessType=CREATOR)

# A Visitor views a public dataset, named by workspace and role.
expect_status 0 "$paiam" check --state "$state" --principal "$(user visitor)" \
  --action paidataset:GetDataset --resource "$(ds ds-public)" "${public_others[@]}" --json
want='{"decision":"Allow","statements":[{"index":2,"policy":"PaiWorkspaceRole-WorkspaceGuest","role":"PAI.WorkspaceGuest","sid":"WorkspaceGuestPublic","source":"workspace-role","version":"v1","workspace":"1001"}]}'
[ "$out" = "$want" ] || fail "visitor get --json: got $out"
python3 -c 'import json,sys; s=json.loads(sys.argv[1])["statements"][0]; assert all(k in s for k in ("policy","version","index","sid")), s' "$out" \
  || fail "statement keys: $out"

# ... but cannot delete it.
expect_status 0 "$paiam" check --state "$state" --principal "$(user visitor)" \
  --action paidataset:DeleteDataset --resource "$(ds ds-public)" "${public_others[@]}" --json
[ "$out" = '{"decision":"ImplicitDeny","statements":[]}' ] || fail "visitor delete: got $out"

# A Deny in a group's policy beats AliyunPAIFullAccess and the Owner role.
expect_status 0 "$paiam" check --state "$state" --principal "$(user keeper)" \
  --action paidataset:DeleteDataset --resource "$(ds ds-archive 1002 cn-shanghai)" \
  "${private_creator[@]}" --json
want='{"decision":"ExplicitDeny","statements":[{"group":"keepers","index":0,"policy":"DenyDatasetDeletion","sid":"KeepDatasets","source":"group","version":"v1"}]}'
[ "$out" = "$want" ] || fail "deny beats owner: got $out"

# Root: anything in its own account, nothing in another.
expect_status 0 "$paiam" check --state "$state" --principal "acs:ram::$acct:root" \
  --action paidataset:DeleteDataset --resource "$(ds ds-public)" --json
[ "$out" = '{"decision":"Allow","root":true,"statements":[]}' ] || fail "root: got $out"
expect_status 0 "$paiam" check --state "$state" --principal "acs:ram::2000000000000002:root" \
  --action paidataset:DeleteDataset --resource "$(ds ds-public)" --json
[ "$out" = '{"decision":"ImplicitDeny","statements":[]}' ] || fail "other root: got $out"

# Human output and --explain.
expect_status 0 "$paiam" check --state "$state" --principal "$(user dev1)" \
  --action paidataset:DeleteDataset --resource "$(ds ds-dev1-private)" "${private_creator[@]}"
grep -q '^Allow$' <<<"$out" || fail "human decision: $out"
grep -qF 'by workspace-role workspace 1001 role PAI.AlgoDeveloper: policy PaiWorkspaceRole-AlgoDeveloper version v1' <<<"$out" \
  || fail "human statement: $out"
expect_status 0 "$paiam" check --state "$state" --principal "$(user dev1)" \
  --action paidataset:DeleteDataset --resource "$(ds ds-dev2-private)" \
  --context pai:Accessibility=PRIVATE --context pai:EntityAccessType=OTHERS --explain
grep -q '^ImplicitDeny$' <<<"$out" || fail "explain decision: $out"
grep -qF 'member of workspace 1001 with roles PAI.AlgoDeveloper' <<<"$out" || fail "explain notes: $out"
grep -qF 'Condition StringEquals pai:EntityAccessType ["CREATOR"] failed: the request has ["OTHERS"]' <<<"$out" \
  || fail "explain condition: $out"
expect_status 0 "$paiam" check --state "$state" --principal "$(user dev1)" \
  --action paidataset:GetDataset --resource "$(ds ds-public)" "${public_others[@]}" --explain --json
python3 -c '
import json, sys
r = json.loads(sys.argv[1])
assert r["decision"] == "Allow", r
e = r["explain"]
assert any("member of workspace 1001" in n for n in e["notes"]), e["notes"]
assert any(s["matched"] for p in e["policies"] for s in p["statements"]), e
' "$out" || fail "explain --json: $out"

# An unknown principal is denied, with a warning.
expect_status 0 "$paiam" check --state "$state" --principal "$(user ghost)" \
  --action paidataset:GetDataset --resource "$(ds ds-public)" --json
[ "$out" = '{"decision":"ImplicitDeny","statements":[]}' ] || fail "ghost: $out"
grep -q 'warning: .*ghost is no principal' <<<"$err" || fail "ghost warning: $err"

# list-allowed: all for administrators, public + own for developers.
expect_status 0 "$paiam" list-allowed --state "$state" --principal "$(user adam)" \
  --workspace 1001 --type dataset --json
want='{"action":"PaiDataset:ListDatasets","assets":[{"id":"ds-dev1-private"},{"id":"ds-dev2-private"},{"id":"ds-dev2-public"},{"id":"ds-public"}],"classes":"ANY","scope":"all"}'
[ "$out" = "$want" ] || fail "admin list: got $out"
expect_status 0 "$paiam" list-allowed --state "$state" --principal "$(user dev1)" \
  --workspace 1001 --type dataset
want=$'PaiDataset:ListDatasets: public-and-own (PRIVATE_CREATOR|PUBLIC)\nds-dev1-private\nds-dev2-public\nds-public'
[ "$out" = "$want" ] || fail "developer list: got $out"
expect_status 0 "$paiam" list-allowed --state "$state" --principal "$(user dev1)" \
  --workspace 1001 --type dataset --action paidataset:ListAllDatasets --json
[ "$out" = '{"action":"paidataset:ListAllDatasets","assets":[],"classes":"","scope":"none"}' ] \
  || fail "developer list all: got $out"
expect_status 0 "$paiam" list-allowed --state "$state" --principal "$(user dev1)" \
  --workspace 1001 --type model_version --parent m-1
[ "$(tail -n1 <<<"$out")" = "m-1/v1" ] || fail "model versions: $out"
expect_status 1 "$paiam" list-allowed --state "$state" --principal "$(user dev1)" \
  --workspace 9999 --type dataset
grep -q 'NotFound' <<<"$err" || fail "unknown workspace: $err"

# Usage errors: one line, exit 2.
expect_status 2 "$paiam" check --state "$state" --principal "$(user dev1)" --action a:B
[ "$(wc -l <<<"$err")" -eq 1 ] || fail "missing --resource: not one line: $err"
expect_status 2 "$paiam" check --state "$tmp/none.json" --principal p --action a:B --resource r
expect_status 2 "$paiam" check --state "$state" --principal p --action a:B --resource r --context novalue
grep -q 'key=value' <<<"$err" || fail "bad --context: $err"
expect_status 2 "$paiam" list-allowed --state "$state" --principal p --workspace 1001 --type spaceship
grep -q 'unknown asset type' <<<"$err" || fail "bad --type: $err"

# An invalid state file: exit 1, the error names where.
echo '{"accounts": [{"id": "1", "users": [{"name": "bad name"}]}]}' >"$tmp/bad.json"
expect_status 1 "$paiam" check --state "$tmp/bad.json" --principal p --action a:B --resource r
grep -qF 'accounts[0].users[0]' <<<"$err" || fail "bad state error: $err"

# --help on both verbs.
for verb in check list-allowed; do
  expect_status 0 "$paiam" "$verb" --help
  grep -q -- '--state' <<<"$out" || fail "$verb --help: $out"
done

finish "check CLI"
