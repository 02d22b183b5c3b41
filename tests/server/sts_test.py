#!/usr/bin/env python3
"""End-to-end tests of STS 2015-04-01 on `paiam serve` (src/api/sts_api.cc, sts_token.h):
AssumeRole over RPC, then requests signed with the temporary AccessKeyId and secret carrying the
security token (x-acs-security-token under ACS3, SecurityToken under RPC v1), signed by the
harness's independent signer. Tokens are stateless: they survive a restart and die with their
role.

usage: sts_test.py PAIAM_BINARY
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from paiamtest import Client, Server, expect, run, with_server  # noqa: E402

ROLE_POLICY = {"Version": "1", "Statement": [
    {"Effect": "Allow", "Action": ["ram:GetUser", "ram:ListUsers"], "Resource": "*"}]}


def rpc(client, action, params=(), token=None, version="2015-04-01"):
    """RPC under ACS3 (x-acs-action), as the V3 SDKs send it; with a token as STS clients do."""
    headers = {"x-acs-action": action, "x-acs-version": version}
    if token is not None:
        headers["x-acs-security-token"] = token
        headers["x-acs-accesskey-id"] = client.access_key_id
    return client.request("POST", "/", query=list(params), headers=headers)


def setup(server):
    """alice (may assume roles) and role `reader` (trusts the account, may read users)."""
    root = server.root()
    account = server.account()
    root.ok("CreateUser", {"UserName": "alice"})
    root.ok("AttachPolicyToUser", {"PolicyType": "System", "PolicyName": "AliyunSTSAssumeRoleAccess",
                                   "UserName": "alice"})
    key = root.ok("CreateAccessKey", {"UserName": "alice"})["AccessKey"]
    trust = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                            "Principal": {"RAM": ["acs:ram::%s:root" % account]}}]}
    root.ok("CreateRole", {"RoleName": "reader", "AssumeRolePolicyDocument": json.dumps(trust)})
    root.ok("CreatePolicy", {"PolicyName": "ReadUsers", "PolicyDocument": json.dumps(ROLE_POLICY)})
    root.ok("AttachPolicyToRole", {"PolicyType": "Custom", "PolicyName": "ReadUsers",
                                   "RoleName": "reader"})
    alice = Client(server.address, key["AccessKeyId"], key["AccessKeySecret"])
    return root, alice, account


def assume(alice, account, session, **extra):
    params = [("RoleArn", "acs:ram::%s:role/reader" % account), ("RoleSessionName", session)]
    params += sorted(extra.items())
    r = rpc(alice, "AssumeRole", params)
    expect(r.status == 200, "AssumeRole -> %r" % r)
    c = r.json["Credentials"]
    return Client(alice.address, c["AccessKeyId"], c["AccessKeySecret"]), c["SecurityToken"], r.json


@with_server
def assume_role_then_act_as_the_session(server):
    root, alice, account = setup(server)
    session, token, out = assume(alice, account, "e2e")
    expect(out["AssumedRoleUser"]["Arn"] == "acs:ram::%s:role/reader/e2e" % account, out)
    expect(session.access_key_id.startswith("STS."), out)
    expect(len(out["Credentials"]["Expiration"]) == 20 and
           out["Credentials"]["Expiration"].endswith("Z"), out)
    # ACS3 with the token in x-acs-security-token.
    r = rpc(session, "ListUsers", token=token, version="2015-05-01")
    expect(r.status == 200 and [u["UserName"] for u in r.json["Users"]["User"]] == ["alice"], r)
    # RPC v1 with the token as SecurityToken.
    r = session.rpc_v1("GetUser", {"UserName": "alice", "SecurityToken": token})
    expect(r.status == 200 and r.json["User"]["UserName"] == "alice", r)
    # The role may not create users: 403 naming the session.
    r = rpc(session, "CreateUser", [("UserName", "mallory")], token=token, version="2015-05-01")
    expect(r.status == 403 and r.json["Code"] == "NoPermission", r)
    detail = r.json["AccessDeniedDetail"]
    expect(detail["AuthPrincipalType"] == "AssumedRoleUser" and
           detail["AuthPrincipalDisplayName"] == "reader:e2e", r)
    expect(root.op("GetUser", {"UserName": "mallory"}).status == 404, "refused write left state")
    r = rpc(session, "GetCallerIdentity", token=token)
    expect(r.status == 200 and r.json["IdentityType"] == "AssumedRoleUser" and
           r.json["Arn"] == "acs:ram::%s:assumed-role/reader/e2e" % account, r)
    r = session.request("GET", "/v1/whoami", headers={"x-acs-security-token": token})
    expect(r.status == 200 and r.json["session"]["session_name"] == "e2e", r)


@with_server
def session_policy_narrows_the_role(server):
    _, alice, account = setup(server)
    policy = json.dumps({"Version": "1", "Statement": [
        {"Effect": "Allow", "Action": "ram:GetUser", "Resource": "*"}]})
    session, token, _ = assume(alice, account, "narrow", Policy=policy)
    r = rpc(session, "GetUser", [("UserName", "alice")], token=token, version="2015-05-01")
    expect(r.status == 200, r)
    r = rpc(session, "ListUsers", token=token, version="2015-05-01")
    expect(r.status == 403 and r.json["Code"] == "NoPermission", r)


@with_server
def assume_role_refusals(server):
    root, alice, account = setup(server)
    arn = "acs:ram::%s:role/reader" % account
    cases = [
        (alice, [("RoleArn", "arn:reader"), ("RoleSessionName", "s1")], 400,
         "InvalidParameter.RoleArn"),
        (alice, [("RoleArn", arn), ("RoleSessionName", "x")], 400,
         "InvalidParameter.RoleSessionName"),
        (alice, [("RoleArn", arn), ("RoleSessionName", "s1"), ("DurationSeconds", "100")], 400,
         "InvalidParameter.DurationSeconds"),
        (alice, [("RoleArn", arn), ("RoleSessionName", "s1"), ("Policy", "{")], 400,
         "InvalidParameter.PolicyGrammar"),
        (alice, [("RoleArn", arn + "x"), ("RoleSessionName", "s1")], 404, "EntityNotExist.Role"),
        (root, [("RoleArn", arn), ("RoleSessionName", "s1")], 403, "NoPermission"),
    ]
    for client, params, status, code in cases:
        r = rpc(client, "AssumeRole", params)
        expect(r.status == status and r.json and r.json.get("Code") == code,
               "%s -> %r (want %d %s)" % (params, r, status, code))


@with_server
def token_errors(server):
    _, alice, account = setup(server)
    session, token, _ = assume(alice, account, "errs")
    r = rpc(session, "ListUsers", version="2015-05-01")
    expect(r.status == 400 and r.json["Code"] == "MissingSecurityToken", r)
    r = rpc(alice, "ListUsers", token=token, version="2015-05-01")
    expect(r.status == 400 and r.json["Code"] == "InvalidSecurityToken.MismatchWithAccessKey", r)
    broken = token[:-6] + ("AAAAAA" if not token.endswith("AAAAAA") else "BBBBBB")
    r = rpc(session, "ListUsers", token=broken, version="2015-05-01")
    expect(r.status == 400 and r.json["Code"] == "InvalidSecurityToken.Malformed", r)
    wrong = Client(server.address, session.access_key_id, session.secret + "x")
    r = rpc(wrong, "ListUsers", token=token, version="2015-05-01")
    expect(r.status == 400 and r.json["Code"] == "SignatureDoesNotMatch", r)


def tokens_survive_restart_and_die_with_their_role(binary):
    server = Server(binary).start()
    try:
        root, alice, account = setup(server)
        session, token, _ = assume(alice, account, "durable")
        server.stop()
        server.start()
        session = Client(server.address, session.access_key_id, session.secret)
        r = rpc(session, "ListUsers", token=token, version="2015-05-01")
        expect(r.status == 200, "after restart: %r" % r)
        root = server.root()
        root.ok("DetachPolicyFromRole", {"PolicyType": "Custom", "PolicyName": "ReadUsers",
                                         "RoleName": "reader"})
        root.ok("DeleteRole", {"RoleName": "reader"})
        r = rpc(session, "GetCallerIdentity", token=token)
        expect(r.status == 400 and r.json["Code"] == "InvalidSecurityToken.Revoked", r)
    finally:
        server.cleanup()


if __name__ == "__main__":
    run([assume_role_then_act_as_the_session, session_policy_narrows_the_role,
         assume_role_refusals, token_errors, tokens_survive_restart_and_die_with_their_role],
        os.path.realpath(sys.argv[1]))
