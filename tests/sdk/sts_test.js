'use strict';
// STS with the official SDK: @alicloud/sts20150401 AssumeRole with a RAM user's key, then RAM
// clients configured with the temporary AccessKeyId / AccessKeySecret / securityToken act as the
// role session — allowed and denied per the role's policy and the session Policy — and
// GetCallerIdentity, under the default V3 signature and under RPC v1 (signatureAlgorithm 'v2').
//
// Not covered: @alicloud/credentials' RAMRoleARN provider, which always calls STS over https.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const OpenApi = require('@alicloud/openapi-client');
const Sts = require('@alicloud/sts20150401');
const { Ram, startServer, expectError, allowAllDocument } = require('./lib/paiam');

const StsClient = Sts.default;

let server;
let alice;  // { accessKeyId, accessKeySecret }
let readerId;

function sts(credentials, extra = {}) {
  return new StsClient(new OpenApi.Config({
    ...credentials, endpoint: server.address, protocol: 'http', ...extra,
  }));
}

// A RAM client acting as a role session.
function ramAs(creds, extra = {}) {
  return server.ram(creds.accessKeyId, creds.accessKeySecret,
                    { securityToken: creds.securityToken, ...extra });
}

async function assume(session, extra = {}, clientExtra = {}) {
  const r = await sts(alice, clientExtra).assumeRole(new Sts.AssumeRoleRequest({
    roleArn: `acs:ram::${server.accountId}:role/reader`, roleSessionName: session, ...extra,
  }));
  assert.equal(r.statusCode, 200);
  return r.body;
}

before(async () => {
  server = await startServer();
  const root = server.root();
  await root.createUser(new Ram.CreateUserRequest({ userName: 'alice' }));
  await root.attachPolicyToUser(new Ram.AttachPolicyToUserRequest({
    policyType: 'System', policyName: 'AliyunSTSAssumeRoleAccess', userName: 'alice',
  }));
  const key = (await root.createAccessKey(new Ram.CreateAccessKeyRequest({
    userName: 'alice',
  }))).body.accessKey;
  alice = { accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret };
  const trust = JSON.stringify({
    Version: '1',
    Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole',
                  Principal: { RAM: [`acs:ram::${server.accountId}:root`] } }],
  });
  const role = await root.createRole(new Ram.CreateRoleRequest({
    roleName: 'reader', assumeRolePolicyDocument: trust,
  }));
  readerId = role.body.role.roleId;
  await root.createPolicy(new Ram.CreatePolicyRequest({
    policyName: 'ReadUsers', policyDocument: allowAllDocument(['ram:GetUser', 'ram:ListUsers']),
  }));
  await root.attachPolicyToRole(new Ram.AttachPolicyToRoleRequest({
    policyType: 'Custom', policyName: 'ReadUsers', roleName: 'reader',
  }));
});
after(async () => {
  if (server) assert.equal(await server.stop(), 0, 'paiam serve exit status after SIGTERM');
});

for (const [label, extra] of [['V3', {}], ['v1', { signatureAlgorithm: 'v2' }]]) {
  test(`${label}: AssumeRole, then the session acts as the role`, async () => {
    const body = await assume(`sdk-${label}`, { durationSeconds: 900 }, extra);
    assert.equal(body.assumedRoleUser.arn,
                 `acs:ram::${server.accountId}:role/reader/sdk-${label}`);
    assert.equal(body.assumedRoleUser.assumedRoleId, `${readerId}:sdk-${label}`);
    assert.match(body.credentials.accessKeyId, /^STS\./);
    assert.match(body.credentials.expiration, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const expires = Date.parse(body.credentials.expiration);
    assert.ok(Math.abs(expires - Date.now() - 900 * 1000) < 60 * 1000, body.credentials.expiration);
    assert.equal(body.sourceIdentity, undefined);

    const session = ramAs(body.credentials, extra);
    const list = await session.listUsers(new Ram.ListUsersRequest({}));
    assert.equal(list.statusCode, 200);
    assert.deepEqual(list.body.users.user.map((u) => u.userName), ['alice']);
    const e = await expectError(session.createUser(new Ram.CreateUserRequest({
      userName: `mallory-${label}`,
    })), 'NoPermission', 403);
    assert.equal(e.data.AccessDeniedDetail.AuthPrincipalType, 'AssumedRoleUser');
    assert.equal(e.data.AccessDeniedDetail.AuthPrincipalDisplayName, `reader:sdk-${label}`);
    await expectError(server.root().getUser(new Ram.GetUserRequest({
      userName: `mallory-${label}`,
    })), 'EntityNotExist.User', 404);

    const who = await sts(body.credentials, extra).getCallerIdentity();
    assert.equal(who.body.identityType, 'AssumedRoleUser');
    assert.equal(who.body.arn, `acs:ram::${server.accountId}:assumed-role/reader/sdk-${label}`);
    assert.equal(who.body.roleId, readerId);
    assert.equal(who.body.principalId, `${readerId}:sdk-${label}`);
    assert.equal(who.body.accountId, server.accountId);
  });
}

test('the session Policy narrows the role', async () => {
  const body = await assume('narrow', {
    policy: allowAllDocument(['ram:GetUser']), sourceIdentity: 'alice',
  });
  assert.equal(body.sourceIdentity, 'alice');
  const session = ramAs(body.credentials);
  const got = await session.getUser(new Ram.GetUserRequest({ userName: 'alice' }));
  assert.equal(got.body.user.userName, 'alice');
  await expectError(session.listUsers(new Ram.ListUsersRequest({})), 'NoPermission', 403);
});

test('AssumeRole refusals arrive as SDK errors', async () => {
  await expectError(sts(alice).assumeRole(new Sts.AssumeRoleRequest({
    roleArn: `acs:ram::${server.accountId}:role/ghost`, roleSessionName: 's1',
  })), 'EntityNotExist.Role', 404);
  await expectError(sts(alice).assumeRole(new Sts.AssumeRoleRequest({
    roleArn: 'not-an-arn', roleSessionName: 's1',
  })), 'InvalidParameter.RoleArn', 400);
  await expectError(sts(alice).assumeRole(new Sts.AssumeRoleRequest({
    roleArn: `acs:ram::${server.accountId}:role/reader`, roleSessionName: 's1',
    policy: '{"Version":"1"}',
  })), 'InvalidParameter.PolicyGrammar', 400);
  const root = { accessKeyId: server.rootKeyId, accessKeySecret: server.rootSecret };
  await expectError(sts(root).assumeRole(new Sts.AssumeRoleRequest({
    roleArn: `acs:ram::${server.accountId}:role/reader`, roleSessionName: 's1',
  })), 'NoPermission', 403);
});

test('token errors: missing token, token of another key', async () => {
  const body = await assume('errs');
  const noToken = server.ram(body.credentials.accessKeyId, body.credentials.accessKeySecret);
  await expectError(noToken.listUsers(new Ram.ListUsersRequest({})), 'MissingSecurityToken', 400);
  const mismatched = ramAs({ ...alice, securityToken: body.credentials.securityToken });
  await expectError(mismatched.listUsers(new Ram.ListUsersRequest({})),
                    'InvalidSecurityToken.MismatchWithAccessKey', 400);
});

test('GetCallerIdentity for a RAM user and for the root', async () => {
  const user = await sts(alice).getCallerIdentity();
  assert.equal(user.body.identityType, 'RAMUser');
  assert.equal(user.body.arn, `acs:ram::${server.accountId}:user/alice`);
  assert.ok(user.body.userId);
  assert.equal(user.body.principalId, user.body.userId);
  const root = await sts({ accessKeyId: server.rootKeyId, accessKeySecret: server.rootSecret },
                         { signatureAlgorithm: 'v2' }).getCallerIdentity();
  assert.equal(root.body.identityType, 'Account');
  assert.equal(root.body.arn, `acs:ram::${server.accountId}:root`);
  assert.equal(root.body.userId, undefined);
});
