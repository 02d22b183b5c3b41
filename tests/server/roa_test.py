#!/usr/bin/env python3
"""End-to-end tests of the AIWorkSpace ROA front end of `paiam serve` (src/api/roa_routes.h):
method + path under /api/v1/ with percent-encoded path parameters, filters in the query, JSON
bodies, signed with ACS3-HMAC-SHA256 over the raw path as the SDK signs them
(shared/spec/alibaba-api.md §1.3, §4). ROA calls run the same operations as /v1/ops/<Name>:
authorized by the engine, audited, with the Alibaba error shape.

usage: roa_test.py PAIAM_BINARY
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from paiamtest import Client, Server, expect, rfc3986, run, with_server  # noqa: E402


def make_user(root, name):
    root.ok("CreateUser", {"UserName": name})
    key = root.ok("CreateAccessKey", {"UserName": name})["AccessKey"]
    user_id = root.ok("GetUser", {"UserName": name})["User"]["UserId"]
    return Client(root.address, key["AccessKeyId"], key["AccessKeySecret"]), user_id


def path(*segments):
    """/api/v1/<segments>, each percent-encoded as the SDK encodes path parameters."""
    return "/api/v1/" + "/".join(rfc3986(s) for s in segments)


def roa(client, method, segments, body=None, query=(), status=200):
    r = client.request(method, path(*segments), body=body, query=query,
                       headers={"x-acs-version": "2021-02-04"})
    expect(r.status == status, "%s %s %s -> %r" % (method, path(*segments), query, r))
    expect(r.json is not None and r.json.get("RequestId"), "no JSON RequestId: %r" % r)
    return r.json


def create_workspace(root, name):
    out = roa(root, "POST", ["workspaces"], {"WorkspaceName": name, "Description": "d",
                                             "EnvTypes": ["prod"]})
    expect(isinstance(out.get("WorkspaceId"), str), out)
    return out["WorkspaceId"]


@with_server
def workspaces_over_roa(server):
    root = server.root()
    ws = create_workspace(root, "nlp_team")
    create_workspace(root, "cv_team")
    create_workspace(root, "asr_team")
    got = roa(root, "GET", ["workspaces", ws], query=[("Verbose", "true")])
    expect(got["WorkspaceId"] == ws and got["WorkspaceName"] == "nlp_team", got)
    expect(got["EnvTypes"] == ["prod"], got)
    roa(root, "PUT", ["workspaces", ws], {"DisplayName": "NLP team"})
    got = roa(root, "GET", ["workspaces", ws])
    expect(got["DisplayName"] == "NLP team", got)
    page = roa(root, "GET", ["workspaces"], query=[("PageSize", "2"), ("PageNumber", "1")])
    expect(page["TotalCount"] == 3 and len(page["Workspaces"]) == 2, page)
    page = roa(root, "GET", ["workspaces"], query=[("PageSize", "2"), ("PageNumber", "2")])
    expect(len(page["Workspaces"]) == 1, page)
    only = roa(root, "GET", ["workspaces"], query=[("WorkspaceIds", ws)])
    expect([w["WorkspaceId"] for w in only["Workspaces"]] == [ws], only)
    # A path parameter with a space arrives decoded.
    err = roa(root, "GET", ["workspaces", "12 3"], status=404)
    expect(err["Code"] == "workspace.not-found" and "'12 3'" in err["Message"], err)


@with_server
def routing_errors_have_the_alibaba_shape(server):
    root = server.root()
    err = roa(root, "GET", ["nothing"], status=404)
    expect(err["Code"] == "InvalidAction.NotFound" and err.get("HostId"), err)
    err = roa(root, "PATCH", ["workspaces"], status=404)
    expect(err["Code"] == "InvalidAction.MethodNotAllowed", err)
    ws = create_workspace(root, "ws_errors")
    err = roa(root, "GET", ["workspaces", ws], query=[("WorkspaceId", ws)], status=400)
    expect(err["Code"] == "InvalidParameter.WorkspaceId", err)
    r = root.request("POST", path("workspaces"), body=b"[1]")
    expect(r.status == 400 and r.json["Code"] == "InvalidParameter.Body", r)
    # Unknown parameters are refused by the operation, as on /v1/ops.
    err = roa(root, "GET", ["workspaces", ws], query=[("Bogus", "1")], status=400)
    expect(err["Code"] == "InvalidParameter.Bogus", err)
    # Unsigned ROA calls are refused like every other.
    r = Client(server.address, "none", "none").raw("GET", path("workspaces"),
                                                   {"host": server.address})
    expect(r.status in (400, 401, 403, 404) and r.json and r.json.get("Code"), r)


@with_server
def members_and_roles_over_roa(server):
    root = server.root()
    dev, dev_id = make_user(root, "dev")
    _, guest_id = make_user(root, "guest")
    ws = create_workspace(root, "members_ws")
    r = dev.request("POST", path("workspaces", ws, "members"),
                    body={"Members": [{"UserId": dev_id, "Roles": ["PAI.WorkspaceAdmin"]}]})
    expect(r.status == 403 and r.json["Code"] == "Forbidden.RAM", "non-member added itself: %r" % r)
    expect(r.json["AccessDeniedDetail"]["AuthAction"] == "PaiWorkspace:CreateMember", r)
    created = roa(root, "POST", ["workspaces", ws, "members"], {"Members": [
        {"UserId": dev_id, "Roles": ["PAI.AlgoDeveloper"]},
        {"UserId": guest_id, "Roles": ["PAI.WorkspaceGuest"]}]})
    expect(len(created["Members"]) == 2, created)
    listed = roa(root, "GET", ["workspaces", ws, "members"], query=[("PageSize", "10")])
    expect(listed["TotalCount"] == 3, listed)  # the owner, dev and guest
    listed = roa(root, "GET", ["workspaces", ws, "members"],
                 query=[("Roles", "PAI.AlgoDeveloper,PAI.WorkspaceGuest")])
    expect(sorted(m["UserId"] for m in listed["Members"]) == sorted([dev_id, guest_id]), listed)
    member = roa(root, "GET", ["workspaces", ws, "member"], query=[("UserId", guest_id)])
    roa(root, "POST", ["workspaces", ws, "members", member["MemberId"], "roles",
                       "PAI.AlgoOperator"])
    member = roa(root, "GET", ["workspaces", ws, "member"], query=[("UserId", guest_id)])
    expect("PAI.AlgoOperator" in member["Roles"], member)
    roa(root, "DELETE", ["workspaces", ws, "members", member["MemberId"], "roles",
                         "PAI.AlgoOperator"])
    member = roa(root, "GET", ["workspaces", ws, "member"], query=[("MemberId",
                                                                     member["MemberId"])])
    expect("PAI.AlgoOperator" not in member["Roles"], member)
    owner = roa(root, "GET", ["workspaces", ws, "member"], query=[("UserId", server.account())])
    r = root.request("DELETE", path("workspaces", ws, "members", owner["MemberId"], "roles",
                                    "PAI.WorkspaceOwner"))
    expect(r.status in (400, 409) and r.json["Code"] == "workspace.owner-role-is-permanent", r)
    # A developer reads the member list but cannot change roles.
    roa(dev, "GET", ["workspaces", ws, "members"])
    r = dev.request("POST", path("workspaces", ws, "members", member["MemberId"], "roles",
                                 "PAI.WorkspaceAdmin"))
    expect(r.status == 403, "a developer granted a role: %r" % r)


@with_server
def datasets_over_roa_allow_and_deny_by_member(server):
    root = server.root()
    dev, dev_id = make_user(root, "dev")
    guest, guest_id = make_user(root, "guest")
    outsider, _ = make_user(root, "outsider")
    ws = create_workspace(root, "data_ws")
    roa(root, "POST", ["workspaces", ws, "members"], {"Members": [
        {"UserId": dev_id, "Roles": ["PAI.AlgoDeveloper"]},
        {"UserId": guest_id, "Roles": ["PAI.WorkspaceGuest"]}]})
    r = outsider.request("POST", path("datasets"), body={"WorkspaceId": ws, "Name": "x"})
    expect(r.status == 403, "a non-member created a dataset: %r" % r)
    made = roa(dev, "POST", ["datasets"], {"WorkspaceId": ws, "Name": "train set",
                                           "Description": "ignored"})
    ds = made["DatasetId"]
    scratch = roa(dev, "POST", ["datasets"], {"WorkspaceId": ws, "Name": "scratch"})["DatasetId"]
    in_ws = [("WorkspaceId", ws)]
    got = roa(dev, "GET", ["datasets", ds], query=in_ws)
    expect(got["DatasetId"] == ds and got["Name"] == "train set", got)
    r = guest.request("GET", path("datasets", ds), query=in_ws)
    expect(r.status == 403, "a visitor read a private dataset: %r" % r)
    listed = roa(guest, "GET", ["datasets"], query=in_ws)
    expect(listed["TotalCount"] == 0, listed)
    r = guest.request("PUT", path("datasets", ds, "publish"), query=in_ws)
    expect(r.status == 403, "a visitor published another's dataset: %r" % r)
    roa(dev, "PUT", ["datasets", ds, "publish"], query=in_ws)
    got = roa(guest, "GET", ["datasets", ds], query=in_ws)
    expect(got["Accessibility"] == "PUBLIC", got)
    listed = roa(guest, "GET", ["datasets"], query=in_ws + [("PageSize", "5")])
    expect([d["DatasetId"] for d in listed["Datasets"]] == [ds], listed)
    r = guest.request("DELETE", path("datasets", ds), query=in_ws)
    expect(r.status == 403 and r.json["Code"] == "Forbidden.RAM", r)
    r = guest.request("DELETE", path("datasets", scratch), query=in_ws)
    expect(r.status == 403, "a visitor deleted a private dataset: %r" % r)
    roa(dev, "DELETE", ["datasets", scratch], query=in_ws)
    r = dev.request("GET", path("datasets", scratch), query=in_ws)
    expect(r.status == 404, "deleted dataset still there: %r" % r)
    roa(root, "DELETE", ["datasets", ds], query=in_ws)
    listed = roa(dev, "GET", ["datasets"], query=in_ws)
    expect(listed["TotalCount"] == 0, listed)


@with_server
def roa_calls_are_audited_like_native_ops(server):
    root = server.root()
    guest, _ = make_user(root, "guest")
    ws = create_workspace(root, "audited_ws")
    roa(root, "PUT", ["workspaces", ws], {"Description": "audited"})
    r = guest.request("DELETE", path("workspaces", ws))
    expect(r.status == 403, r)
    audit = root.request("GET", "/v1/audit", query=[("workspace_id", ws)])
    expect(audit.status == 200, audit)
    ops = [(e["operation"], e["http_status"]) for e in audit.json["entries"]]
    expect(("UpdateWorkspace", 200) in ops, ops)
    expect(("DeleteWorkspace", 403) in ops, ops)
    denied = [e for e in audit.json["entries"] if e["operation"] == "DeleteWorkspace"][0]
    expect(denied["action"] == "PaiWorkspace:DeleteWorkspace", denied)
    expect(denied["parameters"] == {"WorkspaceId": ws}, denied)


@with_server
def assets_by_id_versions_permissions_and_logs(server):
    root = server.root()
    dev, dev_id = make_user(root, "dev")
    guest, guest_id = make_user(root, "guest")
    ws = create_workspace(root, "extras_ws")
    roa(root, "POST", ["workspaces", ws, "members"], {"Members": [
        {"UserId": dev_id, "Roles": ["PAI.AlgoDeveloper"]},
        {"UserId": guest_id, "Roles": ["PAI.WorkspaceGuest"]}]})
    ds = roa(dev, "POST", ["datasets"], {"WorkspaceId": ws, "Name": "d",
                                         "Labels": [{"Key": "k", "Value": "v"}]})["DatasetId"]
    # No WorkspaceId: the id alone names the dataset, as the SDK sends it.
    got = roa(dev, "GET", ["datasets", ds])
    expect(got["WorkspaceId"] == ws and got["Labels"] == [{"Key": "k", "Value": "v"}], got)
    err = roa(dev, "GET", ["datasets", "dataset-999"], status=404)
    expect(err["Code"] == "workspace.asset-not-found", err)
    r = guest.request("GET", path("datasets", ds))
    expect(r.status == 403 and r.json["AccessDeniedDetail"]["AuthAction"] ==
           "PaiDataset:GetDataset", r)
    v = roa(dev, "POST", ["datasets", ds, "versions"], {"Uri": "oss://b/v1"})
    expect(v["VersionName"] == "v1", v)
    got = roa(dev, "GET", ["datasets", ds, "versions", "v1"])
    expect(got["Uri"] == "oss://b/v1", got)
    err = roa(dev, "GET", ["datasets", ds, "versions", "v9"], status=404)
    expect(err["Code"] == "workspace.dataset-version-not-found", err)
    roa(dev, "PUT", ["datasets", ds], {"Name": "renamed"})
    expect(roa(dev, "GET", ["datasets", ds])["Name"] == "renamed", "rename lost")
    model = roa(dev, "POST", ["models"], {"WorkspaceId": ws, "ModelName": "m"})["ModelId"]
    mv = roa(dev, "POST", ["models", model, "versions"], {"VersionName": "1.0.0"})
    expect(mv["VersionName"] == "1.0.0", mv)
    listed = roa(dev, "GET", ["models", model, "versions"])
    expect(listed["TotalCount"] == 1, listed)
    # The caller's permissions: the root holds everything; a guest needs a RAM policy.
    perms = roa(root, "GET", ["workspaces", ws, "permissions"])
    expect(perms["TotalCount"] > 100, perms["TotalCount"])
    r = guest.request("GET", path("workspaces", ws, "permissions"))
    expect(r.status == 403, r)
    users = roa(dev, "GET", ["workspaces", ws, "users"])
    expect(users["TotalCount"] == 0, users)
    logs = roa(dev, "GET", ["workspaces", ws, "logs"], query=[("EntityTypes", "Dataset")])
    expect([entry["Operation"] for entry in logs["Logs"]] == ["UpdateDataset", "CreateDataset"],
           logs)
    expect(logs["Logs"][0]["Operator"] == dev_id and logs["Logs"][0]["EntityId"] == ds, logs)
    logs = roa(dev, "GET", ["workspaces", ws, "logs"], query=[("EntityTypes", "Version")])
    expect([(e["Operation"], e["EntityId"]) for e in logs["Logs"]] ==
           [("CreateModelVersion", "1.0.0"), ("CreateDatasetVersion", "v1")], logs)
    # The audit entry of an id-only write names the workspace prepare resolved.
    audit = root.request("GET", "/v1/audit", query=[("workspace_id", ws)])
    expect(any(e["operation"] == "UpdateDataset" for e in audit.json["entries"]), audit.json)


@with_server
def list_products_reflects_activation(server):
    """GET /api/v1/products answers from the activation state (alibaba-api.md §4.3 shape)."""
    root = server.root()
    def pai(out):
        found = [p for p in out["Products"] if p["ProductCode"] == "PAI_isolate"]
        expect(len(found) == 1, out)
        return found[0]
    before = roa(root, "GET", ["products"], query=[("ProductCodes", "PAI_isolate")])
    expect(pai(before)["IsPurchased"] is False, before)
    expect(isinstance(before.get("Services"), list), before)
    r = root.request("POST", "/v1/ops/ActivateProduct", body={"ProductCode": "PAI"})
    expect(r.status == 200, r)
    after = roa(root, "GET", ["products"], query=[("ProductCodes", "PAI_isolate")])
    expect(pai(after)["IsPurchased"] is True, after)
    oss = roa(root, "GET", ["products"], query=[("ServiceCodes", "oss")])
    expect([s["ServiceCode"] for s in oss["Services"]] == ["oss"], oss)


if __name__ == "__main__":
    run([workspaces_over_roa, routing_errors_have_the_alibaba_shape, members_and_roles_over_roa,
         datasets_over_roa_allow_and_deny_by_member, roa_calls_are_audited_like_native_ops,
         assets_by_id_versions_permissions_and_logs, list_products_reflects_activation],
        sys.argv[1])
