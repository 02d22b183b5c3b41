#!/usr/bin/env bash
# End-to-end checks of `paiam role ...`: list, show (valid policy JSON), check with human and
# --json output, --batch over the whole role matrix in one process compared with
# data/catalog/role_grants.csv, and errors with their exit statuses.
# Usage: role_cli.sh PAIAM_BINARY SOURCE_DIR
source "$(dirname "$0")/lib/common.sh"

if ! command -v python3 >/dev/null; then
  echo "SKIP: python3 not found"
  exit 0
fi

# list
expect_status 0 "$paiam" role list
[ "$(wc -l <<<"$out")" -eq 7 ] || fail "role list: want 7 roles, got: $out"
grep -q '^PAI.AlgoDeveloper .*Algorithm Developer' <<<"$out" || fail "role list text: $out"
expect_status 0 "$paiam" role list --json
python3 -c 'import json,sys; r=json.loads(sys.argv[1]); assert len(r)==7 and r[1]["grant_column"]=="PAI.WorkspaceAdmin", r' "$out" \
  || fail "role list --json: $out"

# show: scoped JSON with the expected statements
expect_status 0 "$paiam" role show PAI.AlgoOperator --account 111 --workspace 222
python3 - "$out" <<'PY' || fail "role show shape: $out"
import json, sys
d = json.loads(sys.argv[1])
assert d["Version"] == "1"
sids = [s["Sid"] for s in d["Statement"]]
assert sids == ["AlgoOperatorAny", "AlgoOperatorPrivateCreator", "AlgoOperatorPublic"], sids
for s in d["Statement"]:
    assert s["Resource"] == ["acs:*:*:111:workspace/222", "acs:*:*:111:workspace/222/*"], s["Resource"]
assert d["Statement"][2]["Condition"] == {"StringEquals": {"pai:Accessibility": "PUBLIC"}}
assert d["Statement"][1]["Condition"] == {"StringEquals": {"pai:Accessibility": "PRIVATE", "pai:EntityAccessType": "CREATOR"}}
PY
expect_status 0 "$paiam" role show visitor --any-workspace
python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert all(s["Resource"]==["*"] for s in d["Statement"])' "$out" \
  || fail "role show --any-workspace: $out"
# The compiled statements are valid policy text: a short role passes `policy validate`.
expect_status 0 "$paiam" role show PAI.LabelManager
printf '%s\n' "$out" >"$tmp/label.json"
expect_status 0 "$paiam" policy validate "$tmp/label.json"
grep -q 'valid' <<<"$out" || fail "policy validate of role show: $out"

# check: human and --json
expect_status 0 "$paiam" role check Visitor PaiDataset:GetDataset --accessibility PUBLIC --entity OTHERS
[ "$(head -1 <<<"$out")" = "Allow" ] || fail "visitor views public dataset: $out"
grep -q 'Allow by policy PaiWorkspaceRole-WorkspaceGuest version v1 Statement\[[0-9]\] Sid WorkspaceGuestPublic' <<<"$out" \
  || fail "check names the statement: $out"
expect_status 0 "$paiam" role check Visitor paidataset:deletedataset --accessibility PUBLIC --entity OTHERS --json
[ "$out" = '{"decision":"ImplicitDeny","statements":[]}' ] || fail "visitor deletes: $out"
expect_status 0 "$paiam" role check PAI.AlgoDeveloper PaiDataset:DeleteDataset --accessibility private --entity creator --json
python3 -c 'import json,sys; r=json.loads(sys.argv[1]); assert r["decision"]=="Allow" and r["statements"][0]["sid"]=="AlgoDeveloperPrivateCreator" and r["statements"][0]["policy"]=="PaiWorkspaceRole-AlgoDeveloper" and r["statements"][0]["version"]=="v1" and isinstance(r["statements"][0]["index"], int), r' "$out" \
  || fail "developer deletes own private: $out"
expect_status 0 "$paiam" role check "Algorithm Developer" PaiDataset:DeleteDataset --accessibility PRIVATE --entity OTHERS --json
[ "$out" = '{"decision":"ImplicitDeny","statements":[]}' ] || fail "developer deletes others' private: $out"
expect_status 0 "$paiam" role check Visitor Pai:ListProducts --accessibility PRIVATE --entity OTHERS --json
grep -q '"policy":"PaiDefaultAllow"' <<<"$out" || fail "default-allow: $out"

# errors: one line, exit 2
expect_usage "$paiam" role check PAI.Nobody PaiDataset:GetDataset --accessibility PUBLIC --entity OTHERS
grep -q 'unknown role "PAI.Nobody"' <<<"$err" || fail "unknown role message: $err"
expect_usage "$paiam" role check Visitor PaiDataset:Nope --accessibility PUBLIC --entity OTHERS
grep -q 'unknown action "PaiDataset:Nope"' <<<"$err" || fail "unknown action message: $err"
expect_usage "$paiam" role check Visitor PaiDataset:GetDataset --accessibility SHARED --entity OTHERS
expect_usage "$paiam" role check Visitor PaiDataset:GetDataset
grep -q 'needs --accessibility and --entity' <<<"$err" || fail "missing class message: $err"
expect_usage "$paiam" role check --batch Visitor </dev/null
expect_usage "$paiam" role check Visitor
expect_usage "$paiam" role show PAI.Nobody
expect_usage "$paiam" role show
expect_usage "$paiam" role

# --help everywhere
for verb in "" list show check; do
  expect_status 0 "$paiam" role $verb --help
done

# --batch: good lines, bad lines (answered, not fatal), exit 1 at the end
cat >"$tmp/batch.jsonl" <<'JSON'
{"role":"Visitor","action":"PaiDataset:GetDataset","accessibility":"PUBLIC","entity":"OTHERS"}
not json

{"role":"PAI.Nobody","action":"PaiDataset:GetDataset","accessibility":"PUBLIC","entity":"OTHERS"}
{"role":"Visitor","action":"PaiDataset:GetDataset","accessibility":"PUBLIC"}
{"role":"Visitor","action":"PaiDataset:DeleteDataset","accessibility":"PUBLIC","entity":"OTHERS"}
JSON
expect_status 1 "$paiam" role check --batch <"$tmp/batch.jsonl"
python3 - "$out" <<'PY' || fail "batch with errors: $out"
import json, sys
lines = [json.loads(l) for l in sys.argv[1].splitlines()]
assert len(lines) == 5, lines
assert lines[0]["decision"] == "Allow"
assert lines[1]["error"].startswith("line 2: "), lines[1]
assert lines[2]["error"] == 'line 4: ' + lines[2]["error"][8:] and "PAI.Nobody" in lines[2]["error"], lines[2]
assert "entity" in lines[3]["error"] and lines[3]["error"].startswith("line 5: "), lines[3]
assert lines[4] == {"decision": "ImplicitDeny", "statements": []}, lines[4]
PY

# --batch over the whole matrix in one process, compared with role_grants.csv: Allow iff the
# role's grant column has a cell covering the class, or the row is default-allow.
python3 - "$src/data/catalog" "$tmp/matrix.jsonl" "$tmp/expected" <<'PY'
import csv, sys
data, out, expected = sys.argv[1:]
masks = {"PRIVATE_CREATOR": {"PRIVATE_CREATOR"}, "PRIVATE_OTHERS": {"PRIVATE_OTHERS"},
         "PUBLIC_CREATOR": {"PUBLIC_CREATOR"}, "PUBLIC_OTHERS": {"PUBLIC_OTHERS"},
         "PUBLIC": {"PUBLIC_CREATOR", "PUBLIC_OTHERS"},
         "ANY": {"PRIVATE_CREATOR", "PRIVATE_OTHERS", "PUBLIC_CREATOR", "PUBLIC_OTHERS"}}
cells = {}
for g in csv.DictReader(open(f"{data}/role_grants.csv", encoding="utf-8")):
    cells.setdefault((g["action_id"], g["role"]), set()).update(masks[g["class"]])
roles = list(csv.DictReader(open(f"{data}/roles.csv", encoding="utf-8")))
with open(out, "w") as o, open(expected, "w") as e:
    for a in csv.DictReader(open(f"{data}/actions.csv", encoding="utf-8")):
        for r in roles:
            for cls in ["PRIVATE_CREATOR", "PRIVATE_OTHERS", "PUBLIC_CREATOR", "PUBLIC_OTHERS"]:
                acc, ent = cls.split("_")
                o.write('{"role":"%s","action":"%s","accessibility":"%s","entity":"%s"}\n'
                        % (r["api_name"], a["id"], acc, ent))
                allowed = a["default_allow"] == "true" or cls in cells.get((a["id"], r["grant_column"]), ())
                e.write("Allow\n" if allowed else "ImplicitDeny\n")
PY
"$paiam" role check --batch <"$tmp/matrix.jsonl" >"$tmp/matrix.out" 2>"$tmp/err"
status=$?
[ "$status" -eq 0 ] || fail "matrix batch exit $status: $(head -3 "$tmp/err")"
python3 -c 'import json,sys; [print(json.loads(l).get("decision", l.strip())) for l in open(sys.argv[1])]' \
  "$tmp/matrix.out" >"$tmp/matrix.decisions"
rows=$(wc -l <"$tmp/expected")
[ "$rows" -eq $((397 * 7 * 4)) ] || fail "matrix has $rows cells, want $((397 * 7 * 4))"
if ! diff -q "$tmp/expected" "$tmp/matrix.decisions" >/dev/null; then
  fail "matrix differs from role_grants.csv: $(paste -d' ' "$tmp/matrix.jsonl" "$tmp/expected" "$tmp/matrix.decisions" \
    | awk '$(NF-1) != $NF' | head -5)"
fi

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "role cli OK ($rows matrix cells through --batch)"
