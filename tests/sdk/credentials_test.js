'use strict';
// @alicloud/credentials' RAMRoleARN provider against paiam: it always calls STS AssumeRole over
// https (v1 signature, form body), so paiam serve runs with --tls-listen and its generated
// self-signed certificate is trusted through NODE_EXTRA_CA_CERTS in a child process
// (lib/credentials_child.js). The temporary credentials then sign RAM and STS calls made by
// the official clients: allowed per the role's policy, narrowed by a session policy, denied
// otherwise; GetCallerIdentity names the role session.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { Ram, startServer, allowAllDocument } = require('./lib/paiam');

let server;
let alice;

function runChild(extraEnv = {}) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(__dirname, 'lib', 'credentials_child.js')], {
      cwd: __dirname,
      timeout: 30000,
      env: {
        ...process.env,
        NODE_EXTRA_CA_CERTS: server.certificateFile,
        PAIAM_STS_ENDPOINT: server.tlsAddress,
        PAIAM_ENDPOINT: server.address,
        PAIAM_USER_KEY_ID: alice.accessKeyId,
        PAIAM_USER_KEY_SECRET: alice.accessKeySecret,
        PAIAM_ROLE_ARN: `acs:ram::${server.accountId}:role/reader`,
        ...extraEnv,
      },
    }, (error, stdout, stderr) => {
      const line = stdout.trim().split('\n').pop() || '';
      let parsed;
      try {
        parsed = JSON.parse(line);
      } catch (e) {
        reject(new Error(`child printed no JSON (${error ? error.message : 'exit 0'}): ` +
                         `${stdout}\n${stderr}`));
        return;
      }
      if (parsed.fatal) reject(new Error(`child failed: ${parsed.fatal}\n${stderr}`));
      else resolve(parsed);
    });
  });
}

before(async () => {
  server = await startServer({ tls: true });
  assert.ok(server.tlsAddress, 'paiam serve printed its TLS address');
  assert.ok(fs.existsSync(server.certificateFile), 'the self-signed certificate was generated');
  const root = server.root();
  await root.createUser(new Ram.CreateUserRequest({ userName: 'alice' }));
  await root.attachPolicyToUser(new Ram.AttachPolicyToUserRequest({
    policyType: 'System', policyName: 'AliyunSTSAssumeRoleAccess', userName: 'alice',
  }));
  const key = (await root.createAccessKey(new Ram.CreateAccessKeyRequest({
    userName: 'alice',
  }))).body.accessKey;
  alice = { accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret };
  await root.createRole(new Ram.CreateRoleRequest({
    roleName: 'reader',
    assumeRolePolicyDocument: JSON.stringify({
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole',
                    Principal: { RAM: [`acs:ram::${server.accountId}:root`] } }],
    }),
  }));
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

test('RAMRoleARN credentials from STS over https sign calls as the role session', async () => {
  const r = await runChild();
  assert.match(r.credential.accessKeyId, /^STS\./);
  assert.ok(r.credential.hasToken);
  assert.equal(r.identity.ok, true, JSON.stringify(r.identity));
  assert.equal(r.identity.body.identityType, 'AssumedRoleUser');
  assert.equal(r.identity.body.arn,
               `acs:ram::${server.accountId}:assumed-role/reader/credentials-lib`);
  assert.equal(r.getUser.ok, true, JSON.stringify(r.getUser));
  assert.equal(r.getUser.body.user.userName, 'alice');
  assert.equal(r.listUsers.ok, true, JSON.stringify(r.listUsers));
  assert.equal(r.createUser.ok, false);
  assert.equal(r.createUser.code, 'NoPermission');
  assert.equal(r.createUser.status, 403);
});

test('a session policy given to the provider narrows the role', async () => {
  const r = await runChild({ PAIAM_SESSION_POLICY: allowAllDocument(['ram:GetUser']) });
  assert.equal(r.getUser.ok, true, JSON.stringify(r.getUser));
  assert.equal(r.listUsers.ok, false);
  assert.equal(r.listUsers.code, 'NoPermission');
  assert.equal(r.createUser.code, 'NoPermission');
});
