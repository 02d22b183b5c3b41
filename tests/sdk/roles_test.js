'use strict';
// Scenario 6, RAM roles with @alicloud/ram20150501 (V3 signer): a role trusting the account,
// GetRole's shape (Arn, MaxSessionDuration), policies on roles, and DeleteRole's conflict.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Ram, startServer, expectError } = require('./lib/paiam');

let server;
let root;
before(async () => {
  server = await startServer();
  root = server.root();
});
after(async () => {
  if (server) assert.equal(await server.stop(), 0, 'paiam serve exit status after SIGTERM');
});

const kRole = 'pai-training-runner';

test('roles', async (t) => {
  const trust = () => JSON.stringify({
    Version: '1',
    Statement: [{
      Effect: 'Allow', Action: 'sts:AssumeRole',
      Principal: { RAM: [`acs:ram::${server.accountId}:root`] },
    }],
  });

  await t.test('createRole trusting the account', async () => {
    const r = await root.createRole(new Ram.CreateRoleRequest({
      roleName: kRole, assumeRolePolicyDocument: trust(), description: 'runs training jobs',
      maxSessionDuration: 7200,
    }));
    assert.equal(r.statusCode, 200);
    assert.equal(r.body.role.roleName, kRole);
    assert.match(r.body.role.roleId, /\S/);
    assert.equal(r.body.role.arn, `acs:ram::${server.accountId}:role/${kRole}`);
    assert.equal(r.body.role.maxSessionDuration, 7200);
  });

  await t.test('getRole shape', async () => {
    const r = await root.getRole(new Ram.GetRoleRequest({ roleName: kRole }));
    assert.equal(r.statusCode, 200);
    const role = r.body.role;
    assert.equal(role.roleName, kRole);
    assert.equal(role.arn, `acs:ram::${server.accountId}:role/${kRole}`);
    assert.equal(role.maxSessionDuration, 7200);
    assert.equal(role.description, 'runs training jobs');
    assert.deepEqual(JSON.parse(role.assumeRolePolicyDocument), JSON.parse(trust()));
    assert.match(role.createDate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(role.updateDate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  await t.test('default MaxSessionDuration is 3600; out of range is refused', async () => {
    const r = await root.createRole(new Ram.CreateRoleRequest({
      roleName: 'short-lived', assumeRolePolicyDocument: trust(),
    }));
    assert.equal(r.body.role.maxSessionDuration, 3600);
    for (const maxSessionDuration of [3599, 43201]) {
      await expectError(root.createRole(new Ram.CreateRoleRequest({
        roleName: 'out-of-range', assumeRolePolicyDocument: trust(), maxSessionDuration,
      })), 'InvalidParameter.MaxSessionDuration', 400);
    }
    await expectError(root.createRole(new Ram.CreateRoleRequest({
      roleName: kRole, assumeRolePolicyDocument: trust(),
    })), 'EntityAlreadyExists.Role', 409);
    const l = await root.listRoles(new Ram.ListRolesRequest({}));
    assert.deepEqual(l.body.roles.role.map((x) => x.roleName).sort(), [kRole, 'short-lived']);
  });

  await t.test('attachPolicyToRole / listPoliciesForRole', async () => {
    const a = await root.attachPolicyToRole(new Ram.AttachPolicyToRoleRequest({
      policyType: 'System', policyName: 'AliyunOSSReadOnlyAccess', roleName: kRole,
    }));
    assert.equal(a.statusCode, 200);
    const r = await root.listPoliciesForRole(new Ram.ListPoliciesForRoleRequest({
      roleName: kRole,
    }));
    assert.deepEqual(r.body.policies.policy.map((p) => [p.policyName, p.policyType]),
                     [['AliyunOSSReadOnlyAccess', 'System']]);
  });

  await t.test('deleteRole while a policy is attached: DeleteConflict.Role.Policy', async () => {
    await expectError(root.deleteRole(new Ram.DeleteRoleRequest({ roleName: kRole })),
                      'DeleteConflict.Role.Policy', 409);
    await root.detachPolicyFromRole(new Ram.DetachPolicyFromRoleRequest({
      policyType: 'System', policyName: 'AliyunOSSReadOnlyAccess', roleName: kRole,
    }));
    const d = await root.deleteRole(new Ram.DeleteRoleRequest({ roleName: kRole }));
    assert.equal(d.statusCode, 200);
    await expectError(root.getRole(new Ram.GetRoleRequest({ roleName: kRole })),
                      'EntityNotExist.Role', 404);
  });
});
