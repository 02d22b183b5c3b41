'use strict';
// ResourceManager 2020-03-31 service-linked roles through @alicloud/openapi-client's generic
// callApi (RPC style, V3 signature), as a client without a ResourceManager SDK calls them:
// CreateServiceLinkedRole, DeleteServiceLinkedRole, GetServiceLinkedRoleDeletionStatus; a user
// holding seed 003's conditioned policy (ram:CreateServiceLinkedRole when ram:ServiceName is
// eas.pai.aliyuncs.com) may create exactly that service's role; RAM refuses to change one.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const OpenApi = require('@alicloud/openapi-client');
const { Ram, startServer, expectError } = require('./lib/paiam');

const kSeed003Policy = JSON.stringify({
  Version: '1',
  Statement: [{
    Action: 'ram:CreateServiceLinkedRole', Resource: '*', Effect: 'Allow',
    Condition: { StringEquals: { 'ram:ServiceName': 'eas.pai.aliyuncs.com' } },
  }],
});

let server;
let root;
before(async () => {
  server = await startServer();
  root = server.root();
});
after(async () => {
  if (server) assert.equal(await server.stop(), 0, 'paiam serve exit status after SIGTERM');
});

// One ResourceManager RPC call with `client`'s credentials.
function rm(client, action, query) {
  const params = new OpenApi.Params({
    action, version: '2020-03-31', protocol: 'HTTP', pathname: '/', method: 'POST',
    authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'json',
  });
  return client.callApi(params, new OpenApi.OpenApiRequest({ query }), {});
}

test('service-linked roles over ResourceManager RPC', async (t) => {
  let taskId;

  await t.test('root creates PAI workspace\'s service-linked role', async () => {
    const r = await rm(root, 'CreateServiceLinkedRole',
                       { ServiceName: 'aiworkspace.pai.aliyuncs.com' });
    assert.equal(r.statusCode, 200);
    const role = r.body.Role;
    assert.equal(role.RoleName, 'AliyunServiceRoleForPAIWorkspace');
    assert.equal(role.IsServiceLinkedRole, true);
    assert.equal(role.Arn, `acs:ram::${server.accountId}:role/AliyunServiceRoleForPAIWorkspace`);
    assert.deepEqual(JSON.parse(role.AssumeRolePolicyDocument).Statement[0].Principal,
                     { Service: ['aiworkspace.pai.aliyuncs.com'] });
    assert.match(role.RolePrincipalName, /@role\.\d+\.onaliyunservice\.com$/);
    assert.match(role.CreateDate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(r.body.RequestId, /\S/);
    // RAM sees it with its fixed policy.
    const listed = await root.listPoliciesForRole(new Ram.ListPoliciesForRoleRequest({
      roleName: 'AliyunServiceRoleForPAIWorkspace',
    }));
    assert.deepEqual(listed.body.policies.policy.map((p) => p.policyName),
                     ['AliyunServiceRolePolicyForPAIWorkspace']);
    await expectError(rm(root, 'CreateServiceLinkedRole',
                         { ServiceName: 'aiworkspace.pai.aliyuncs.com' }),
                      'EntityAlreadyExists.Role', 409);
    await expectError(rm(root, 'CreateServiceLinkedRole', { ServiceName: 'nope.aliyuncs.com' }),
                      'InvalidParameter.ServiceName', 400);
  });

  await t.test('RAM refuses to change a service-linked role', async () => {
    const name = 'AliyunServiceRoleForPAIWorkspace';
    await expectError(root.deleteRole(new Ram.DeleteRoleRequest({ roleName: name })),
                      'DeleteConflict.Role.ServiceLinkedRole', 409);
    await expectError(root.detachPolicyFromRole(new Ram.DetachPolicyFromRoleRequest({
      roleName: name, policyType: 'System', policyName: 'AliyunServiceRolePolicyForPAIWorkspace',
    })), 'Unmodifiable.ServiceLinkedRole.Policy', 409);
    await expectError(root.updateRole(new Ram.UpdateRoleRequest({
      roleName: name, newMaxSessionDuration: 7200,
    })), 'Unmodifiable.ServiceLinkedRole.MaxSessionDuration', 409);
    const got = await root.getRole(new Ram.GetRoleRequest({ roleName: name }));
    assert.equal(got.body.role.maxSessionDuration, 3600);
  });

  await t.test('seed 003 policy: the user may create EAS\'s role and no other', async () => {
    await root.createUser(new Ram.CreateUserRequest({ userName: 'langstudio' }));
    await root.createPolicy(new Ram.CreatePolicyRequest({
      policyName: 'eas-slr', policyDocument: kSeed003Policy,
    }));
    await root.attachPolicyToUser(new Ram.AttachPolicyToUserRequest({
      policyType: 'Custom', policyName: 'eas-slr', userName: 'langstudio',
    }));
    const key = (await root.createAccessKey(new Ram.CreateAccessKeyRequest({
      userName: 'langstudio',
    }))).body.accessKey;
    const user = server.ram(key.accessKeyId, key.accessKeySecret);
    const e = await expectError(rm(user, 'CreateServiceLinkedRole',
                                   { ServiceName: 'featurestore.pai.aliyuncs.com' }),
                                'NoPermission', 403);
    assert.equal(e.data.AccessDeniedDetail.AuthAction, 'ram:CreateServiceLinkedRole');
    await expectError(root.getRole(new Ram.GetRoleRequest({
      roleName: 'AliyunServiceRoleForPaiFeatureStore',
    })), 'EntityNotExist.Role', 404);
    const r = await rm(user, 'CreateServiceLinkedRole', { ServiceName: 'eas.pai.aliyuncs.com' });
    assert.equal(r.statusCode, 200);
    assert.equal(r.body.Role.RoleName, 'AliyunServiceRoleForPaiEas');
  });

  await t.test('DeleteServiceLinkedRole answers a task that has succeeded', async () => {
    await expectError(rm(root, 'DeleteServiceLinkedRole', { RoleName: 'nobody' }),
                      'EntityNotExist.Role', 404);
    const r = await rm(root, 'DeleteServiceLinkedRole',
                       { RoleName: 'AliyunServiceRoleForPAIWorkspace' });
    assert.equal(r.statusCode, 200);
    taskId = r.body.DeletionTaskId;
    assert.match(taskId, new RegExp('^task/acs-service-role/aiworkspace\\.pai\\.aliyuncs\\.com/' +
                                    'AliyunServiceRoleForPAIWorkspace/[0-9a-f-]{36}$'));
    const s = await rm(root, 'GetServiceLinkedRoleDeletionStatus', { DeletionTaskId: taskId });
    assert.equal(s.body.Status, 'SUCCEEDED');
    await expectError(root.getRole(new Ram.GetRoleRequest({
      roleName: 'AliyunServiceRoleForPAIWorkspace',
    })), 'EntityNotExist.Role', 404);
    await expectError(rm(root, 'GetServiceLinkedRoleDeletionStatus',
                         { DeletionTaskId: 'task/acs-service-role/a.aliyuncs.com/R/x' }),
                      'EntityNotExist.DeletionTask', 404);
  });

  await t.test('an ordinary role is not deleted as a service-linked one', async () => {
    await root.createRole(new Ram.CreateRoleRequest({
      roleName: 'plain',
      assumeRolePolicyDocument: JSON.stringify({
        Version: '1',
        Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow',
                      Principal: { RAM: [`acs:ram::${server.accountId}:root`] } }],
      }),
    }));
    await expectError(rm(root, 'DeleteServiceLinkedRole', { RoleName: 'plain' }),
                      'EntityNotExist.ServiceLinkedRole', 404);
  });
});
