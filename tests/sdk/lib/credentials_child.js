'use strict';
// Run by credentials_test.js in a child process, because Node reads NODE_EXTRA_CA_CERTS (the
// paiam server's self-signed certificate) only at start-up. Uses @alicloud/credentials exactly
// as an application would: a RAMRoleARN credential whose provider calls STS AssumeRole over
// https at PAIAM_STS_ENDPOINT, then RAM and STS clients that take their keys from it.
// Prints one JSON line with what it saw; the parent asserts on it.

const Credential = require('@alicloud/credentials');
const OpenApi = require('@alicloud/openapi-client');
const Ram = require('@alicloud/ram20150501');
const Sts = require('@alicloud/sts20150401');

async function outcome(promise) {
  try {
    const r = await promise;
    return { ok: true, status: r.statusCode, body: r.body };
  } catch (e) {
    return { ok: false, code: e.code, status: e.statusCode, message: e.message };
  }
}

async function main() {
  const env = process.env;
  const credential = new Credential.default(new Credential.Config({
    type: 'ram_role_arn',
    accessKeyId: env.PAIAM_USER_KEY_ID,
    accessKeySecret: env.PAIAM_USER_KEY_SECRET,
    roleArn: env.PAIAM_ROLE_ARN,
    roleSessionName: 'credentials-lib',
    roleSessionExpiration: 900,
    stsEndpoint: env.PAIAM_STS_ENDPOINT,
    policy: env.PAIAM_SESSION_POLICY || undefined,
  }));
  const model = await credential.getCredential();
  const config = { credential, endpoint: env.PAIAM_ENDPOINT, protocol: 'http' };
  const ram = new Ram.default(new OpenApi.Config(config));
  const sts = new Sts.default(new OpenApi.Config(config));
  const result = {
    credential: { accessKeyId: model.accessKeyId, hasToken: !!model.securityToken,
                  type: model.type },
    identity: await outcome(sts.getCallerIdentity()),
    getUser: await outcome(ram.getUser(new Ram.GetUserRequest({ userName: 'alice' }))),
    listUsers: await outcome(ram.listUsers(new Ram.ListUsersRequest({}))),
    createUser: await outcome(ram.createUser(new Ram.CreateUserRequest({ userName: 'mallory' }))),
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((e) => {
  process.stdout.write(JSON.stringify({ fatal: `${e.code || ''} ${e.message}` }) + '\n');
  process.exitCode = 1;
});
