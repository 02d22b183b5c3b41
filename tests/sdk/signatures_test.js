'use strict';
// Scenario 4, both signatures: the default client signs ACS3-HMAC-SHA256 (x-acs-action
// headers), a client with signatureAlgorithm 'v2' signs RPC v1 HMAC-SHA1 in the query
// (Action/Version/Signature parameters). Both must reach the same store.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Ram, startServer, expectError } = require('./lib/paiam');

let server;
before(async () => { server = await startServer(); });
after(async () => {
  if (server) assert.equal(await server.stop(), 0, 'paiam serve exit status after SIGTERM');
});

test('RPC v1 (signatureAlgorithm v2) and V3 clients share one store', async (t) => {
  const v1 = () => server.root({ signatureAlgorithm: 'v2' });
  const v3 = () => server.root();

  await t.test('v1: createUser, getUser, listUsers', async () => {
    const client = v1();
    const c = await client.createUser(new Ram.CreateUserRequest({
      userName: 'sha1-user', displayName: 'Signed (v1) & sent', comments: 'a*b (c) !~',
    }));
    assert.equal(c.statusCode, 200);
    assert.equal(c.body.user.userName, 'sha1-user');
    assert.equal(c.body.user.displayName, 'Signed (v1) & sent');
    const g = await client.getUser(new Ram.GetUserRequest({ userName: 'sha1-user' }));
    assert.equal(g.statusCode, 200);
    assert.equal(g.body.user.comments, 'a*b (c) !~');
    assert.equal(g.body.user.userId, c.body.user.userId);
    const l = await client.listUsers(new Ram.ListUsersRequest({ maxItems: 100 }));
    assert.equal(l.statusCode, 200);
    assert.deepEqual(l.body.users.user.map((u) => u.userName), ['sha1-user']);
    assert.equal(l.body.isTruncated, false);
  });

  await t.test('v3 sees what v1 wrote and v1 sees what v3 wrote', async () => {
    const g = await v3().getUser(new Ram.GetUserRequest({ userName: 'sha1-user' }));
    assert.equal(g.body.user.displayName, 'Signed (v1) & sent');
    await v3().createUser(new Ram.CreateUserRequest({ userName: 'sha256-user' }));
    const l = await v1().listUsers(new Ram.ListUsersRequest({}));
    assert.deepEqual(l.body.users.user.map((u) => u.userName).sort(), ['sha1-user', 'sha256-user']);
  });

  await t.test('v1: errors arrive as SDK errors with codes', async () => {
    await expectError(v1().getUser(new Ram.GetUserRequest({ userName: 'nobody' })),
                      'EntityNotExist.User', 404);
    await expectError(v1().createUser(new Ram.CreateUserRequest({ userName: 'sha1-user' })),
                      'EntityAlreadyExists.User', 409);
    const wrong = server.ram(server.rootKeyId, `${server.rootSecret}x`,
                             { signatureAlgorithm: 'v2' });
    await expectError(wrong.listUsers(new Ram.ListUsersRequest({})), 'SignatureDoesNotMatch', 400);
  });

  await t.test('v1: a RAM user key is authorized like under V3', async () => {
    const key = (await v3().createAccessKey(new Ram.CreateAccessKeyRequest({
      userName: 'sha1-user',
    }))).body.accessKey;
    const user = server.ram(key.accessKeyId, key.accessKeySecret, { signatureAlgorithm: 'v2' });
    const e = await expectError(
        user.deleteUser(new Ram.DeleteUserRequest({ userName: 'sha256-user' })),
        'NoPermission', 403);
    assert.equal(e.data.AccessDeniedDetail.AuthAction, 'ram:DeleteUser');
  });
});
