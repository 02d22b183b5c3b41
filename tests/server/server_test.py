#!/usr/bin/env python3
"""Integration tests of `paiam serve`: signed requests, the API authorized by the engine,
the native decision endpoints, errors, audit, metrics, restart and graceful shutdown.

usage: server_test.py PAIAM_BINARY
"""
import json
import os
import signal
import stat
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from paiamtest import Client, Failure, Server, expect, iso8601, run, with_server  # noqa: E402

DENY_DELETE = {"Version": "1", "Statement": [
    {"Effect": "Deny", "Action": "ram:DeleteUser", "Resource": "*"}]}


def make_user(root, name, policies=()):
    root.ok("CreateUser", {"UserName": name})
    key = root.ok("CreateAccessKey", {"UserName": name})["AccessKey"]
    for policy in policies:
        root.ok("AttachPolicyToUser", {"PolicyType": "System", "PolicyName": policy,
                                       "UserName": name})
    return Client(root.address, key["AccessKeyId"], key["AccessKeySecret"])


@with_server
def bootstrap_writes_credentials_owner_only(server):
    path = os.path.join(server.data_dir, "root-credentials.json")
    mode = stat.S_IMODE(os.stat(path).st_mode)
    expect(mode == 0o600, "credentials file mode %o" % mode)
    secret = server.credentials()["access_key_secret"]
    expect(secret not in server.read_log(), "the root secret appears in the server's log")
    r = server.root().request("GET", "/v1/whoami")
    expect(r.status == 200, r)
    expect(r.json["arn"] == "acs:ram::%s:root" % server.account(), r)
    expect(r.json["identity_type"] == "Account", r)


@with_server
def health_ready_metrics_need_no_signature(server):
    c = Client(server.address, "none", "none")
    for path in ("/healthz", "/readyz"):
        r = c.raw("GET", path, {"host": server.address})
        expect(r.status == 200 and r.json["status"] in ("ok", "ready"), r)
    server.root().request("GET", "/v1/whoami")
    r = c.raw("GET", "/metrics", {"host": server.address})
    expect(r.status == 200, r)
    expect('paiam_http_requests_total{api="whoami",outcome="success"} 1' in r.body, r.body[:800])
    expect("paiam_snapshot_revision" in r.body, "no revision gauge")
    expect("paiam_http_request_duration_seconds_bucket" in r.body, "no latency histogram")


@with_server
def signature_errors_each_have_their_code(server):
    root = server.root()
    # wrong secret
    r = root.request("GET", "/v1/whoami", secret="not-the-secret")
    expect(r.status == 400 and r.json["Code"] == "SignatureDoesNotMatch", r)
    expect("server string to sign is:" in r.json["Message"], r)
    # stale timestamp (20 minutes old)
    r = root.request("GET", "/v1/whoami",
                     headers={"x-acs-date": iso8601(time.time() - 1200)})
    expect(r.status == 400 and r.json["Code"] == "InvalidTimeStamp.Expired", r)
    # replayed nonce
    r1 = root.request("GET", "/v1/whoami", headers={"x-acs-signature-nonce": "fixed-nonce-1"})
    r2 = root.request("GET", "/v1/whoami", headers={"x-acs-signature-nonce": "fixed-nonce-1"})
    expect(r1.status == 200, r1)
    expect(r2.status == 400 and r2.json["Code"] == "SignatureNonceUsed", r2)
    # tampered body: signed for one body, another sent
    r = root.request("POST", "/v1/ops/CreateUser", {"UserName": "alice"},
                     after_sign=lambda h, d: (h, d.replace(b"alice", b"mallo")))
    expect(r.status == 400 and r.json["Code"] == "InvalidContentSha256", r)
    # missing header
    def drop_date(h, d):
        del h["x-acs-date"]
        return h, d
    r = root.request("GET", "/v1/whoami", after_sign=drop_date)
    expect(r.status == 400 and r.json["Code"] == "IncompleteSignature", r)
    # unknown key
    r = Client(server.address, "LTAInosuchkey", "x").request("GET", "/v1/whoami")
    expect(r.status == 404 and r.json["Code"] == "InvalidAccessKeyId.NotFound", r)
    # no signature at all
    r = root.raw("GET", "/v1/whoami", {"host": server.address})
    expect(r.status == 400 and r.json["Code"] == "IncompleteSignature", r)
    # nothing was created by the tampered request
    r = root.op("GetUser", {"UserName": "mallo"})
    expect(r.status == 404, r)


@with_server
def a_flood_of_bad_signatures_is_cheap_and_audited(server):
    """Refusals are audited in batches: 300 bad requests take no fsync each."""
    import subprocess
    bad = Client(server.address, server.credentials()["access_key_id"], "wrong-secret")
    started = time.time()
    for _ in range(300):
        r = bad.request("GET", "/v1/whoami")
        expect(r.status == 400 and r.json["Code"] == "SignatureDoesNotMatch", r)
    elapsed = time.time() - started
    expect(elapsed < 20, "300 refusals took %.1fs" % elapsed)
    time.sleep(0.5)  # the audit sink writes every 20 ms
    out = subprocess.run([server.binary, "admin", "audit", "--json", "--limit", "1000",
                          "--data-dir", server.data_dir], capture_output=True, text=True)
    expect(out.returncode == 0, out.stderr)
    refused = [json.loads(line) for line in out.stdout.splitlines()
               if '"SignatureDoesNotMatch"' in line]
    expect(len(refused) == 300, "%d refusals audited" % len(refused))
    expect(refused[0]["source_ip"] == "127.0.0.1" and refused[0]["http_status"] == 400,
           refused[0])


@with_server
def rpc_v1_signature_is_accepted(server):
    root = server.root()
    r = root.rpc_v1("CreateUser", {"UserName": "v1user", "DisplayName": "V1 (legacy)"})
    expect(r.status == 200 and r.json["User"]["UserName"] == "v1user", r)
    r = root.rpc_v1("GetUser", {"UserName": "v1user"}, secret="wrong")
    expect(r.status == 400 and r.json["Code"] == "SignatureDoesNotMatch", r)


@with_server
def api_calls_are_authorized_by_the_engine(server):
    root = server.root()
    alice = make_user(root, "alice")
    r = alice.op("CreateUser", {"UserName": "bob"})
    expect(r.status == 403, r)
    expect(r.json["Code"] == "NoPermission", r)
    detail = r.json["AccessDeniedDetail"]
    expect(detail["AuthAction"] == "ram:CreateUser", detail)
    expect(detail["AuthPrincipalType"] == "SubUser", detail)
    expect(detail["AuthPrincipalDisplayName"] == "alice", detail)
    expect(detail["NoPermissionType"] == "ImplicitDeny", detail)
    expect(detail["EncodedDiagnosticMessage"], detail)
    root.ok("AttachPolicyToUser", {"PolicyType": "System", "PolicyName": "AliyunRAMFullAccess",
                                   "UserName": "alice"})
    r = alice.op("CreateUser", {"UserName": "bob"})
    expect(r.status == 200 and r.json["User"]["UserName"] == "bob", r)
    # an explicit Deny beats AliyunRAMFullAccess
    root.ok("CreatePolicy", {"PolicyName": "NoDeleteUser",
                             "PolicyDocument": json.dumps(DENY_DELETE)})
    root.ok("AttachPolicyToUser", {"PolicyType": "Custom", "PolicyName": "NoDeleteUser",
                                   "UserName": "alice"})
    r = alice.op("DeleteUser", {"UserName": "bob"})
    expect(r.status == 403 and r.json["AccessDeniedDetail"]["NoPermissionType"] ==
           "ExplicitDeny", r)
    r = alice.request("GET", "/v1/whoami")
    expect(r.json["arn"] == "acs:ram::%s:user/alice" % server.account(), r)


@with_server
def check_batch_explain_simulate(server):
    root = server.root()
    account = server.account()
    make_user(root, "carol", ["AliyunOSSReadOnlyAccess"])
    carol = "acs:ram::%s:user/carol" % account
    bucket = "acs:oss:*:%s:mybucket" % account
    r = root.request("POST", "/v1/check", {"principal": carol, "action": "oss:GetObject",
                                            "resource": bucket + "/a.txt"})
    expect(r.status == 200 and r.json["decision"] == "Allow", r)
    expect(r.json["statements"] and r.json["statements"][0]["policy"] ==
           "AliyunOSSReadOnlyAccess", r)
    expect(isinstance(r.json["revision"], int) and r.json["reason"], r)
    r = root.request("POST", "/v1/check", {"principal": carol, "action": "oss:PutObject",
                                            "resource": bucket + "/a.txt"})
    expect(r.json["decision"] == "ImplicitDeny", r)
    checks = [{"principal": carol, "action": a, "resource": bucket}
              for a in ("oss:GetObject", "oss:PutObject")] * 500
    r = root.request("POST", "/v1/check:batch", {"checks": checks})
    expect(r.status == 200 and len(r.json["results"]) == 1000, r)
    expect(r.json["results"][1]["decision"] == "ImplicitDeny", r.json["results"][1])
    r = root.request("POST", "/v1/check:batch", {"checks": checks + checks[:1]})
    expect(r.status == 400 and r.json["Code"] == "InvalidParameter.checks", r)
    r = root.request("POST", "/v1/explain", {"principal": carol, "action": "oss:PutObject",
                                              "resource": bucket})
    expect(r.status == 200 and r.json["decision"] == "ImplicitDeny", r)
    expect(any(p["policy"] == "AliyunOSSReadOnlyAccess" for p in r.json["policies"]), r)
    grant = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:PutObject",
                                            "Resource": bucket}]}
    r = root.request("POST", "/v1/simulate", {"principal": carol, "action": "oss:PutObject",
                                               "resource": bucket, "policies": [grant]})
    expect(r.status == 200 and r.json["decision"] == "Allow" and
           r.json["baseline_decision"] == "ImplicitDeny", r)
    r = root.request("POST", "/v1/simulate", {"principal": carol, "action": "oss:GetObject",
                                               "resource": bucket, "policies": [grant],
                                               "mode": "replace"})
    expect(r.json["decision"] == "ImplicitDeny" and r.json["baseline_decision"] == "Allow", r)
    # nothing was saved by the simulation
    r = root.request("POST", "/v1/check", {"principal": carol, "action": "oss:PutObject",
                                            "resource": bucket})
    expect(r.json["decision"] == "ImplicitDeny", r)


@with_server
def read_your_writes_with_at_least_revision(server):
    root = server.root()
    r = root.op("CreateUser", {"UserName": "dave"})
    revision = r.json["Revision"]
    r = root.request("POST", "/v1/check", {
        "principal": "acs:ram::%s:user/dave" % server.account(), "action": "ram:GetUser",
        "resource": "*", "at_least_revision": revision})
    expect(r.status == 200 and r.json["revision"] >= revision, r)
    started = time.time()
    r = root.request("POST", "/v1/check", {
        "principal": "acs:ram::%s:user/dave" % server.account(), "action": "ram:GetUser",
        "resource": "*", "at_least_revision": revision + 1000})
    expect(r.status == 409 and r.json["Code"] == "api.revision-not-reached", r)
    expect(time.time() - started < 15, "the wait was not bounded")


@with_server
def bad_input_is_a_4xx_with_a_code(server):
    root = server.root()
    cases = [
        ("malformed JSON", root.request("POST", "/v1/check", b"{not json"), 400,
         "InvalidParameter.Body"),
        ("wrong type", root.request("POST", "/v1/check", {"principal": 5, "action": "a",
                                                          "resource": "r"}), 400,
         "InvalidParameter.principal"),
        ("unknown field", root.op("CreateUser", {"UserName": "x", "Colour": "red"}), 400,
         "InvalidParameter.Colour"),
        ("missing field", root.op("CreateUser", {}), 400, "MissingParameter.UserName"),
        ("unknown entity", root.op("GetUser", {"UserName": "nobody"}), 404,
         "EntityNotExist.User"),
        ("unknown operation", root.op("LaunchRockets", {}), 404, "InvalidAction.NotFound"),
        ("unknown endpoint", root.request("GET", "/v2/nothing"), 404, "InvalidAction.NotFound"),
        ("internal operation", root.op("BootstrapAccount", {}), 404, "InvalidAction.NotFound"),
    ]
    root.ok("CreateUser", {"UserName": "dup"})
    cases.append(("conflict", root.op("CreateUser", {"UserName": "dup"}), 409,
                  "EntityAlreadyExists.User"))
    for name, r, status, code in cases:
        expect(r.status == status and r.json and r.json.get("Code") == code,
               "%s: expected %d %s, got %r" % (name, status, code, r))
        expect(r.json.get("RequestId") and r.json.get("Message"), "%s: %r" % (name, r))
    big = {"principal": "x" * (2 << 20), "action": "a", "resource": "r"}
    r = root.request("POST", "/v1/check", big)
    expect(r.status == 413 and r.json["Code"] == "RequestEntityTooLarge", r)


@with_server
def writes_and_denials_are_audited(server):
    root = server.root()
    eve = make_user(root, "eve")
    eve.op("CreateUser", {"UserName": "x1"})
    root.ok("CreateAccessKey", {"UserName": "eve"})
    r = root.request("GET", "/v1/audit", query=[("limit", "1000")])
    expect(r.status == 200, r)
    entries = r.json["entries"]
    ops = [(e["operation"], e["result"]) for e in entries]
    expect(("CreateUser", "Success") in ops, ops)
    expect(("CreateUser", "NoPermission") in ops, ops)
    denied = [e for e in entries if e["result"] == "NoPermission"][0]
    expect(denied["caller"].endswith(":user/eve") and denied["source_ip"] == "127.0.0.1", denied)
    expect(denied["action"] == "ram:CreateUser" and denied["request_id"], denied)
    keys = [e for e in entries if e["operation"] == "CreateAccessKey"]
    expect(keys and "***" in json.dumps(keys[-1]["parameters"]), keys)
    for e in keys:
        expect(e["parameters"].get("AccessKeySecret") in (None, "***"), e)
    r = root.request("GET", "/v1/audit", query=[("action", "ram:CreateUser"), ("limit", "1")])
    expect(len(r.json["entries"]) == 1 and r.json["truncated"], r)
    r2 = root.request("GET", "/v1/audit", query=[("action", "ram:CreateUser"), ("limit", "1"),
                                                 ("marker", str(r.json["next_marker"]))])
    expect(r2.json["entries"][0]["id"] > r.json["entries"][0]["id"], r2)


@with_server
def workspace_members_and_assets_through_the_api(server):
    """Seed 002/004 over HTTP: the Owner adds members; a developer creates and deletes its own
    private dataset, a visitor reads a public one but deletes nothing, only administrators
    list everything; the Owner role cannot be removed."""
    root = server.root()
    dev = make_user(root, "dev")
    guest = make_user(root, "guest")
    admin = make_user(root, "admin")
    ids = {n: root.ok("GetUser", {"UserName": n})["User"]["UserId"] for n in ("dev", "guest",
                                                                             "admin")}
    ws = root.ok("CreateWorkspace", {"WorkspaceName": "nlp_team", "Description": "NLP",
                                     "EnvTypes": ["prod"]})["WorkspaceId"]
    r = dev.op("CreateMember", {"WorkspaceId": ws, "Members": [
        {"UserId": ids["dev"], "Roles": ["PAI.WorkspaceAdmin"]}]})
    expect(r.status == 403, "a non-member added itself: %r" % r)
    root.ok("CreateMember", {"WorkspaceId": ws, "Members": [
        {"UserId": ids["dev"], "Roles": ["PAI.AlgoDeveloper"]},
        {"UserId": ids["guest"], "Roles": ["PAI.WorkspaceGuest"]},
        {"UserId": ids["admin"], "Roles": ["PAI.WorkspaceAdmin"]}]})
    mine = dev.ok("CreateAsset", {"WorkspaceId": ws, "AssetType": "dataset", "Name": "d1"})
    shared = admin.ok("CreateAsset", {"WorkspaceId": ws, "AssetType": "dataset", "Name": "d2",
                                      "Accessibility": "PUBLIC"})
    mine_id = mine.get("AssetId") or mine.get("Asset", {}).get("AssetId")
    shared_id = shared.get("AssetId") or shared.get("Asset", {}).get("AssetId")
    expect(mine_id and shared_id, (mine, shared))
    r = guest.op("GetAsset", {"WorkspaceId": ws, "AssetType": "dataset", "AssetId": shared_id})
    expect(r.status == 200, "a visitor cannot view a public dataset: %r" % r)
    r = guest.op("DeleteAsset", {"WorkspaceId": ws, "AssetType": "dataset", "AssetId": shared_id})
    expect(r.status == 403 and r.json["Code"] == "Forbidden.RAM", r)
    r = dev.op("DeleteAsset", {"WorkspaceId": ws, "AssetType": "dataset", "AssetId": shared_id})
    expect(r.status == 403, "a developer deleted another's dataset: %r" % r)
    r = dev.op("ListAssets", {"WorkspaceId": ws, "AssetType": "dataset"})
    expect(r.status == 200 and r.json["TotalCount"] == 2, r)
    admin.ok("CreateAsset", {"WorkspaceId": ws, "AssetType": "dataset", "Name": "d3"})
    r = dev.op("ListAssets", {"WorkspaceId": ws, "AssetType": "dataset"})
    expect(r.json["TotalCount"] == 2, "a developer sees another's private dataset: %r" % r)
    r = admin.op("ListAssets", {"WorkspaceId": ws, "AssetType": "dataset"})
    expect(r.json["TotalCount"] == 3, r)
    r = dev.op("DeleteAsset", {"WorkspaceId": ws, "AssetType": "dataset", "AssetId": mine_id})
    expect(r.status == 200, r)
    owner = root.ok("GetMember", {"WorkspaceId": ws, "UserId": server.account()})
    r = root.op("RemoveMemberRole", {"WorkspaceId": ws, "MemberId": owner["MemberId"],
                                     "RoleName": "PAI.WorkspaceOwner"})
    expect(r.status in (400, 409) and r.json["Code"] == "workspace.owner-role-is-permanent", r)


def nonce_cache_capacity_is_enforced(binary):
    """A full replay cache refuses new requests with a throttling code instead of forgetting
    live nonces (which would let a replay through)."""
    server = Server(binary, env={"PAIAM_MAX_NONCES": "5"}).start()
    try:
        root = server.root()
        for _ in range(5):
            r = root.request("GET", "/v1/whoami")
            expect(r.status == 200, r)
        r = root.request("GET", "/v1/whoami")
        expect(r.status == 429 and r.json["Code"] == "Throttling.NonceCache", r)
    finally:
        server.cleanup()


def state_survives_restart(binary):
    server = Server(binary).start()
    try:
        root = server.root()
        root.ok("CreateUser", {"UserName": "persisted"})
        root.ok("CreateGroup", {"GroupName": "team"})
        root.ok("AddUserToGroup", {"UserName": "persisted", "GroupName": "team"})
        key = root.ok("CreateAccessKey", {"UserName": "persisted"})["AccessKey"]
        root.ok("CreatePolicy", {"PolicyName": "P1", "PolicyDocument": json.dumps(DENY_DELETE)})
        root.ok("CreatePolicyVersion", {"PolicyName": "P1", "SetAsDefault": True,
                                        "PolicyDocument": json.dumps(DENY_DELETE)})
        revision = root.ok("AttachPolicyToGroup", {"PolicyType": "Custom", "PolicyName": "P1",
                                                   "GroupName": "team"})["Revision"]
        root.close()
        expect(server.stop() == 0, "serve did not exit 0 on SIGTERM")
        server.start()
        root = server.root()
        r = root.request("GET", "/v1/revision")
        expect(r.json["revision"] == revision, r)
        r = root.op("ListGroupsForUser", {"UserName": "persisted"})
        expect(r.status == 200 and "team" in r.body, r)
        r = root.op("GetPolicy", {"PolicyName": "P1", "PolicyType": "Custom"})
        expect(r.status == 200 and r.json["Policy"]["DefaultVersion"] == "v2", r)
        # the user's key, sealed at rest, still signs after the restart
        user = Client(server.address, key["AccessKeyId"], key["AccessKeySecret"])
        r = user.request("GET", "/v1/whoami")
        expect(r.status == 200 and r.json["arn"].endswith(":user/persisted"), r)
        with open(os.path.join(server.data_dir, "paiam.db"), "rb") as f:
            expect(key["AccessKeySecret"].encode() not in f.read(), "secret stored in clear")
    finally:
        server.cleanup()


def graceful_shutdown_finishes_in_flight(binary):
    """SIGTERM while a request is in flight: that request still gets its answer."""
    server = Server(binary).start()
    try:
        root = server.root()
        revision = root.request("GET", "/v1/revision").json["revision"]
        results = []

        def waiting_check():
            # Waits (bounded, 5 s) for a revision nobody writes: in flight when SIGTERM comes.
            c = server.root()
            results.append(c.request("POST", "/v1/check", {
                "principal": "acs:ram::%s:root" % server.account(), "action": "ram:GetUser",
                "resource": "*", "at_least_revision": revision + 1}))

        t = threading.Thread(target=waiting_check)
        t.start()
        time.sleep(0.5)
        started = time.time()
        code = server.stop(signal.SIGTERM)
        t.join(15)
        expect(code == 0, "exit code %s" % code)
        expect(results and results[0].status == 409 and
               results[0].json["Code"] == "api.revision-not-reached", results)
        expect(time.time() - started < 12, "shutdown took too long")
    finally:
        server.cleanup()


def second_server_on_same_dir_is_refused(binary):
    server = Server(binary).start()
    try:
        other = Server(binary, data_dir=server.data_dir)
        try:
            other.start(timeout=10)
            raise Failure("a second server started on the same data directory")
        except Failure as e:
            expect("in use" in str(e) or "exited" in str(e), e)
        finally:
            other.cleanup()
    finally:
        server.cleanup()


if __name__ == "__main__":
    run([bootstrap_writes_credentials_owner_only, health_ready_metrics_need_no_signature,
         signature_errors_each_have_their_code, a_flood_of_bad_signatures_is_cheap_and_audited,
         rpc_v1_signature_is_accepted,
         api_calls_are_authorized_by_the_engine, check_batch_explain_simulate,
         read_your_writes_with_at_least_revision, bad_input_is_a_4xx_with_a_code,
         writes_and_denials_are_audited, workspace_members_and_assets_through_the_api,
         nonce_cache_capacity_is_enforced, state_survives_restart,
         graceful_shutdown_finishes_in_flight, second_server_on_same_dir_is_refused],
        sys.argv[1])
