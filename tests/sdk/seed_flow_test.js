'use strict';
// Scenario 1, the "seed 000" onboarding flow with @alicloud/ram20150501 and the default V3
// signer: root creates a developer and a group with the PAI and OSS system policies, gives the
// developer an AccessKey, and the developer, signing with that key, is refused RAM writes.

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

test('seed flow: user, group, system policies, access key, denied call', async (t) => {
  let userKey;

  await t.test('root creates RAM user pai-dev', async () => {
    const r = await root.createUser(new Ram.CreateUserRequest({
      userName: 'pai-dev', displayName: 'PAI developer', comments: 'seed 000',
    }));
    assert.equal(r.statusCode, 200);
    assert.match(r.body.requestId, /\S/);
    assert.equal(r.body.user.userName, 'pai-dev');
    assert.equal(r.body.user.displayName, 'PAI developer');
    assert.equal(r.body.user.comments, 'seed 000');
    assert.match(r.body.user.userId, /\S/);
    assert.match(r.body.user.createDate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  await t.test('root creates group pai-devs', async () => {
    const r = await root.createGroup(new Ram.CreateGroupRequest({
      groupName: 'pai-devs', comments: 'PAI developers',
    }));
    assert.equal(r.statusCode, 200);
    assert.equal(r.body.group.groupName, 'pai-devs');
    assert.equal(r.body.group.comments, 'PAI developers');
  });

  await t.test('system policies attach to the group and are listed', async () => {
    for (const policyName of ['AliyunPAIFullAccess', 'AliyunOSSFullAccess']) {
      const r = await root.attachPolicyToGroup(new Ram.AttachPolicyToGroupRequest({
        policyType: 'System', policyName, groupName: 'pai-devs',
      }));
      assert.equal(r.statusCode, 200);
    }
    const r = await root.listPoliciesForGroup(new Ram.ListPoliciesForGroupRequest({
      groupName: 'pai-devs',
    }));
    assert.equal(r.statusCode, 200);
    const policies = r.body.policies.policy;
    assert.ok(Array.isArray(policies));
    assert.deepEqual(policies.map((p) => p.policyName).sort(),
                     ['AliyunOSSFullAccess', 'AliyunPAIFullAccess']);
    for (const p of policies) assert.equal(p.policyType, 'System');
  });

  await t.test('ListPoliciesForGroup items carry AttachDate', async () => {
    const r = await root.listPoliciesForGroup(new Ram.ListPoliciesForGroupRequest({
      groupName: 'pai-devs',
    }));
    assert.equal(r.body.policies.policy.length, 2);
    for (const p of r.body.policies.policy) assert.match(p.attachDate ?? '', /^\d{4}-\d\d-\d\dT/);
    const e = await root.listEntitiesForPolicy(new Ram.ListEntitiesForPolicyRequest({
      policyType: 'System', policyName: 'AliyunPAIFullAccess',
    }));
    assert.match(e.body.groups.group[0].attachDate ?? '', /^\d{4}-\d\d-\d\dT/);
  });

  await t.test('root lists the entities of a system policy', async () => {
    const r = await root.listEntitiesForPolicy(new Ram.ListEntitiesForPolicyRequest({
      policyType: 'System', policyName: 'AliyunPAIFullAccess',
    }));
    assert.equal(r.statusCode, 200);
    assert.deepEqual(r.body.groups.group.map((g) => g.groupName), ['pai-devs']);
  });

  await t.test('user joins the group', async () => {
    const added = await root.addUserToGroup(new Ram.AddUserToGroupRequest({
      userName: 'pai-dev', groupName: 'pai-devs',
    }));
    assert.equal(added.statusCode, 200);
    const r = await root.listGroupsForUser(new Ram.ListGroupsForUserRequest({
      userName: 'pai-dev',
    }));
    assert.equal(r.statusCode, 200);
    assert.deepEqual(r.body.groups.group.map((g) => g.groupName), ['pai-devs']);
    const members = await root.listUsersForGroup(new Ram.ListUsersForGroupRequest({
      groupName: 'pai-devs',
    }));
    assert.equal(members.statusCode, 200);
    assert.deepEqual(members.body.users.user.map((u) => u.userName), ['pai-dev']);
    assert.equal(members.body.isTruncated, false);
  });

  await t.test('groups carry GroupId; memberships carry JoinDate', async () => {
    const got = await root.getGroup(new Ram.GetGroupRequest({ groupName: 'pai-devs' }));
    assert.match(got.body.group.groupId ?? '', /^g-[0-9a-z]+$/);
    const listed = await root.listGroups(new Ram.ListGroupsRequest({}));
    assert.equal(listed.body.groups.group[0].groupId, got.body.group.groupId);
    const r = await root.listGroupsForUser(new Ram.ListGroupsForUserRequest({
      userName: 'pai-dev',
    }));
    assert.equal(r.body.groups.group[0].groupId, got.body.group.groupId);
    assert.match(r.body.groups.group[0].joinDate ?? '', /^\d{4}-\d\d-\d\dT/);
    const members = await root.listUsersForGroup(new Ram.ListUsersForGroupRequest({
      groupName: 'pai-devs',
    }));
    assert.match(members.body.users.user[0].joinDate ?? '', /^\d{4}-\d\d-\d\dT/);
  });

  await t.test('root creates an access key for the user', async () => {
    const r = await root.createAccessKey(new Ram.CreateAccessKeyRequest({ userName: 'pai-dev' }));
    assert.equal(r.statusCode, 200);
    userKey = r.body.accessKey;
    assert.match(userKey.accessKeyId, /\S/);
    assert.match(userKey.accessKeySecret, /\S/);
    assert.equal(userKey.status, 'Active');
    const listed = await root.listAccessKeys(new Ram.ListAccessKeysRequest({
      userName: 'pai-dev',
    }));
    assert.deepEqual(listed.body.accessKeys.accessKey.map((k) => k.accessKeyId),
                     [userKey.accessKeyId]);
    assert.equal(listed.body.accessKeys.accessKey[0].accessKeySecret, undefined);
  });

  await t.test('the user, with its own key, is refused ram:CreateUser', async () => {
    assert.ok(userKey, 'needs the access key of the previous step');
    const dev = server.ram(userKey.accessKeyId, userKey.accessKeySecret);
    const e = await expectError(
        dev.createUser(new Ram.CreateUserRequest({ userName: 'intruder' })), 'NoPermission', 403);
    assert.ok(e.data.AccessDeniedDetail, `no AccessDeniedDetail: ${JSON.stringify(e.data)}`);
    assert.equal(e.data.AccessDeniedDetail.AuthAction, 'ram:CreateUser');
    // Nothing was created.
    await expectError(root.getUser(new Ram.GetUserRequest({ userName: 'intruder' })),
                      'EntityNotExist.User', 404);
  });

  await t.test('createUser accepts Email and MobilePhone; getUser returns them', async () => {
    const r = await root.createUser(new Ram.CreateUserRequest({
      userName: 'pai-contact', email: 'dev@example.com', mobilePhone: '86-18600008888',
    }));
    assert.equal(r.body.user.email, 'dev@example.com');
    const g = await root.getUser(new Ram.GetUserRequest({ userName: 'pai-contact' }));
    assert.equal(g.body.user.email, 'dev@example.com');
    assert.equal(g.body.user.mobilePhone, '86-18600008888');
    const u = await root.updateUser(new Ram.UpdateUserRequest({
      userName: 'pai-contact', newEmail: 'ops@example.com', newMobilePhone: '1-5550100',
    }));
    assert.equal(u.body.user.email, 'ops@example.com');
    assert.equal(u.body.user.mobilePhone, '1-5550100');
    const listed = await root.listUsers(new Ram.ListUsersRequest({}));
    const contact = listed.body.users.user.find((x) => x.userName === 'pai-contact');
    assert.equal(contact.email, 'ops@example.com');
    await expectError(root.updateUser(new Ram.UpdateUserRequest({
      userName: 'pai-contact', newEmail: 'not-an-address',
    })), 'InvalidParameter.Email.Format', 400);
    await expectError(root.createUser(new Ram.CreateUserRequest({
      userName: 'pai-phone', mobilePhone: '18600008888',
    })), 'InvalidParameter.MobilePhone.Format', 400);
    await expectError(root.getUser(new Ram.GetUserRequest({ userName: 'pai-phone' })),
                      'EntityNotExist.User', 404);
  });
});
