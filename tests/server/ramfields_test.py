#!/usr/bin/env python3
"""End-to-end tests of the RAM fields paiam keeps (Email, MobilePhone, GroupId, JoinDate,
AttachDate) and of ResourceManager's service-linked roles: after a restart the state is the
replay of the change log, so every generated value (group ids, dates, role ids, deletion task
ids) must come back exactly as first answered.

usage: ramfields_test.py PAIAM_BINARY
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from paiamtest import Server, expect, run  # noqa: E402


def observe(root):
    """Everything generated that a client can read back."""
    out = {}
    out["user"] = root.ok("GetUser", {"UserName": "ann"})["User"]
    out["group"] = root.ok("GetGroup", {"GroupName": "dev"})["Group"]
    out["groups_for_user"] = root.ok("ListGroupsForUser", {"UserName": "ann"})["Groups"]
    out["users_for_group"] = root.ok("ListUsersForGroup", {"GroupName": "dev"})["Users"]
    out["policies_for_user"] = root.ok("ListPoliciesForUser", {"UserName": "ann"})["Policies"]
    out["entities"] = root.ok("ListEntitiesForPolicy", {
        "PolicyType": "System", "PolicyName": "AliyunOSSFullAccess"})
    out["slr"] = root.ok("GetRole", {"RoleName": "AliyunServiceRoleForPaiFeatureStore"})["Role"]
    for reply in out.values():
        reply.pop("RequestId", None)
    return out


def test_generated_values_survive_a_restart(binary):
    server = Server(binary).start()
    try:
        root = server.root()
        root.ok("CreateUser", {"UserName": "ann", "Email": "ann@example.com",
                               "MobilePhone": "86-18600008888"})
        root.ok("CreateGroup", {"GroupName": "dev"})
        time.sleep(1.1)  # distinct seconds: JoinDate and AttachDate are not CreateDate
        root.ok("AddUserToGroup", {"GroupName": "dev", "UserName": "ann"})
        root.ok("AttachPolicyToUser", {"PolicyType": "System", "PolicyName": "AliyunOSSFullAccess",
                                       "UserName": "ann"})
        root.ok("AttachPolicyToGroup", {"PolicyType": "System",
                                        "PolicyName": "AliyunOSSFullAccess", "GroupName": "dev"})
        root.ok("CreateServiceLinkedRole", {"ServiceName": "featurestore.pai.aliyuncs.com"})
        root.ok("CreateServiceLinkedRole", {"ServiceName": "aiworkspace.pai.aliyuncs.com"})
        task = root.ok("DeleteServiceLinkedRole",
                       {"RoleName": "AliyunServiceRoleForPAIWorkspace"})["DeletionTaskId"]
        before = observe(root)
        expect(before["user"]["Email"] == "ann@example.com", before["user"])
        expect(before["user"]["MobilePhone"] == "86-18600008888", before["user"])
        expect(before["group"]["GroupId"].startswith("g-"), before["group"])
        joined = before["groups_for_user"]["Group"][0]["JoinDate"]
        expect(joined > before["group"]["CreateDate"], (joined, before["group"]))
        attached = before["policies_for_user"]["Policy"][0]["AttachDate"]
        expect(attached >= joined, before["policies_for_user"])
        expect(before["entities"]["Groups"]["Group"][0]["AttachDate"] >= joined,
               before["entities"])
        expect(server.stop() == 0, "exit status after SIGTERM")

        server.start()
        root = server.root()
        after = observe(root)
        expect(after == before, "replay changed:\n%r\n%r" % (before, after))
        status = root.ok("GetServiceLinkedRoleDeletionStatus", {"DeletionTaskId": task})
        expect(status["Status"] == "SUCCEEDED", status)
        r = root.op("GetRole", {"RoleName": "AliyunServiceRoleForPAIWorkspace"})
        expect(r.status == 404 and r.json["Code"] == "EntityNotExist.Role", r)
    finally:
        server.cleanup()


def test_service_linked_role_refusals_on_the_wire(binary):
    server = Server(binary).start()
    try:
        root = server.root()
        root.ok("CreateServiceLinkedRole", {"ServiceName": "pairec.pai.aliyuncs.com"})
        name = "AliyunServiceRoleForPaiRec"
        cases = [
            ("DeleteRole", {"RoleName": name}, 409, "DeleteConflict.Role.ServiceLinkedRole"),
            ("UpdateRole", {"RoleName": name, "NewMaxSessionDuration": 7200}, 409,
             "Unmodifiable.ServiceLinkedRole.MaxSessionDuration"),
            ("AttachPolicyToRole", {"RoleName": name, "PolicyType": "System",
                                    "PolicyName": "AliyunOSSFullAccess"}, 409,
             "Unmodifiable.ServiceLinkedRole.Policy"),
            ("CreateServiceLinkedRole", {"ServiceName": "x.aliyuncs.com"}, 400,
             "InvalidParameter.ServiceName"),
            ("CreateServiceLinkedRole", {"ServiceName": "pairec.pai.aliyuncs.com",
                                         "CustomSuffix": "a_b"}, 400,
             "InvalidParameter.CustomSuffix.InvalidChars"),
            ("DeleteServiceLinkedRole", {"RoleName": "nobody"}, 404, "EntityNotExist.Role"),
            ("GetServiceLinkedRoleDeletionStatus", {"DeletionTaskId": "x"}, 400,
             "InvalidParameter.DeletionTaskId"),
            ("CreateUser", {"UserName": "c", "Email": "nope"}, 400,
             "InvalidParameter.Email.Format"),
            ("GetPolicyVersion", {"PolicyName": "AliyunOSSFullAccess", "PolicyType": "System",
                                  "VersionId": "1"}, 400, "InvalidParameter.VersionId.Format"),
        ]
        for op, params, status, code in cases:
            r = root.op(op, params)
            expect(r.status == status and r.json.get("Code") == code,
                   "%s %s -> %r" % (op, params, r))
        # RPC with the v1 signature reaches the same operation.
        r = root.rpc_v1("GetServiceLinkedRoleDeletionStatus",
                        {"DeletionTaskId": "task/acs-service-role/a.aliyuncs.com/R/u"},
                        version="2020-03-31")
        expect(r.status == 404 and r.json["Code"] == "EntityNotExist.DeletionTask", r)
    finally:
        server.cleanup()


if __name__ == "__main__":
    run([test_generated_values_survive_a_restart,
         test_service_linked_role_refusals_on_the_wire], sys.argv[1])
