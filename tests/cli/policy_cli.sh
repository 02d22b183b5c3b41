#!/usr/bin/env bash
# End-to-end checks of `paiam policy ...`: exit statuses, the --json shape other tools rely on,
# one-line usage errors, and --help on every verb. Usage: policy_cli.sh PAIAM_BINARY SOURCE_DIR
source "$(dirname "$0")/lib/common.sh"

cat >"$tmp/bad-effect.json" <<'JSON'
{
  "Version": "1",
  "Statement": [
    {"Effect": "Allow", "Action": "oss:GetObject", "Resource": "*"},
    {
      "Action": "oss:PutObject",
      "Resource": "*",
      "Effect": "allow"
    }
  ]
}
JSON
cat >"$tmp/session.json" <<'JSON'
{"Version": "1", "Statement": [{"Sid": "OnlyReads", "Effect": "Allow", "Action": "oss:Get*", "Resource": "*"}]}
JSON

ex=$src/examples

# validate
expect_status 0 "$paiam" policy validate "$ex/designer-oss-access.json"
grep -q 'warning: .*oss:GetBucketCors' <<<"$out" || fail "duplicate action warning missing: $out"
expect_status 1 "$paiam" policy validate "$tmp/bad-effect.json"
grep -qF 'Statement[1].Effect: expected "Allow" or "Deny", got "allow" (line 8, column 17)' <<<"$out" \
  || fail "Effect error text/location: $out"
expect_status 1 "$paiam" policy validate --json "$tmp/bad-effect.json" "$ex/deny-bucket-deletion.json"
python3 -c 'import json,sys; r=json.loads(sys.argv[1]); assert [f["valid"] for f in r]==[False,True], r; assert r[0]["diagnostics"][0]["pointer"]=="/Statement/1/Effect", r' "$out" \
  || fail "validate --json shape: $out"

# the PAI catalog flags actions it does not know (a typo never matches anything)
cat >"$tmp/typo.json" <<'JSON'
{"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["paidataset:DeleteDatset", "paidataset:DeleteDataset"], "Resource": "*"}]}
JSON
expect_status 0 "$paiam" policy validate "$tmp/typo.json"
grep -q 'warning: .*DeleteDatset' <<<"$out" || fail "unknown-action warning missing: $out"
grep -q 'warning: .*"paidataset:DeleteDataset"' <<<"$out" && fail "known action flagged: $out"

# eval --json shape
expect_status 0 "$paiam" policy eval --policy "$ex/designer-oss-access.json" \
  --action oss:GetObject --resource 'acs:oss:*:*:examplebucket/a.csv' --json
want='{"decision":"Allow","statements":[{"index":0,"policy":"designer-oss-access","sid":"","version":"v1"}]}'
[ "$out" = "$want" ] || fail "eval --json: got $out"

expect_status 0 "$paiam" policy eval --policy "$ex/designer-oss-access.json" \
  --policy "$ex/deny-bucket-deletion.json" --action OSS:deletebucket \
  --resource 'acs:oss:*:*:examplebucket' --json
want='{"decision":"ExplicitDeny","statements":[{"index":0,"policy":"deny-bucket-deletion","sid":"KeepTrainingData","version":"v1"}]}'
[ "$out" = "$want" ] || fail "eval explicit deny: got $out"

expect_status 0 "$paiam" policy eval --policy "$ex/designer-oss-access.json" \
  --action oss:GetObject --resource 'acs:oss:*:*:otherbucket/a.csv' --json
[ "$out" = '{"decision":"ImplicitDeny","statements":[]}' ] || fail "eval implicit deny: got $out"

# session policy intersection: PutObject is allowed by identity, not by the session policy
expect_status 0 "$paiam" policy eval --policy "$ex/designer-oss-access.json" \
  --session-policy "$tmp/session.json" --action oss:PutObject \
  --resource 'acs:oss:*:*:examplebucket/a.csv' --json
[ "$out" = '{"decision":"ImplicitDeny","statements":[]}' ] || fail "session intersection: got $out"
expect_status 0 "$paiam" policy eval --policy "$ex/designer-oss-access.json" \
  --session-policy "$tmp/session.json" --action oss:GetObject \
  --resource 'acs:oss:*:*:examplebucket/a.csv' --json
want='{"decision":"Allow","statements":[{"index":0,"policy":"designer-oss-access","sid":"","version":"v1"},{"index":0,"policy":"session","sid":"OnlyReads","version":"v1"}]}'
[ "$out" = "$want" ] || fail "session allow: got $out"

# human output names the statement
expect_status 0 "$paiam" policy eval --policy "$ex/deny-bucket-deletion.json" \
  --action oss:PutBucketAcl --resource 'acs:oss:*:*:examplebucket'
grep -q '^ExplicitDeny' <<<"$out" && grep -q 'deny-bucket-deletion' <<<"$out" \
  || fail "human eval output: $out"

# an invalid policy file makes eval exit 1 with the diagnostic on stderr
expect_status 1 "$paiam" policy eval --policy "$tmp/bad-effect.json" --action a:b --resource '*'
grep -q 'expected "Allow" or "Deny"' <<<"$err" || fail "eval diagnostic: $err"

# usage errors: exit 2, exactly one line on stderr (no globbing of the '*' arguments)
set -f
for args in "policy eval --action a:b --resource *" \
            "policy eval --policy $ex/deny-bucket-deletion.json --action a:b --resource * --bogus" \
            "policy eval --policy $ex/deny-bucket-deletion.json --action a:b --resource * --context novalue" \
            "policy validate $tmp/does-not-exist.json" \
            "policy validate --kind nonsense $ex/deny-bucket-deletion.json" \
            "policy" "" "frobnicate"; do
  # shellcheck disable=SC2086
  expect_usage "$paiam" $args
done
set +f

# --help on every verb
for verb in "" "policy" "policy validate" "policy eval" "bench"; do
  # shellcheck disable=SC2086
  expect_status 0 "$paiam" $verb --help
  grep -qi 'usage' <<<"$out" || fail "--help for '$verb' printed no usage"
done

finish "policy CLI"
