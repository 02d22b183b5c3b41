'use strict';
// Scenario 5, error answers as the SDK surfaces them (ClientError with code, statusCode and
// data): signature, unknown entity, invalid parameter, duplicate; all with the default V3 signer.

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

test('RAM errors through the SDK', async (t) => {
  await t.test('wrong secret: SignatureDoesNotMatch (400)', async () => {
    const wrong = server.ram(server.rootKeyId, `${server.rootSecret}x`);
    const e = await expectError(wrong.listUsers(new Ram.ListUsersRequest({})),
                                'SignatureDoesNotMatch', 400);
    assert.match(e.data.Message, /\S/);
    assert.match(e.message, /SignatureDoesNotMatch/);
  });

  await t.test('SignatureDoesNotMatch message names the server string to sign', async () => {
    // @alicloud/credentials compares the text after "server string to sign is:" (spec §1.5).
    const wrong = server.ram(server.rootKeyId, `${server.rootSecret}x`);
    const e = await expectError(wrong.listUsers(new Ram.ListUsersRequest({})),
                                'SignatureDoesNotMatch', 400);
    const prefix =
        'Specified signature is not matched with our calculation. server string to sign is:';
    assert.ok(e.data.Message.startsWith(prefix), e.data.Message);
  });

  await t.test('unknown AccessKeyId: InvalidAccessKeyId.NotFound (404)', async () => {
    const stranger = server.ram('LTAInotakey0000000000000', 'whatever');
    await expectError(stranger.listUsers(new Ram.ListUsersRequest({})),
                      'InvalidAccessKeyId.NotFound', 404);
  });

  await t.test('unknown user: EntityNotExist.User (404)', async () => {
    const e = await expectError(root.getUser(new Ram.GetUserRequest({ userName: 'ghost' })),
                                'EntityNotExist.User', 404);
    assert.match(e.data.HostId, /\S/);
    assert.match(e.data.Message, /\S/);
    await expectError(root.deleteUser(new Ram.DeleteUserRequest({ userName: 'ghost' })),
                      'EntityNotExist.User', 404);
  });

  await t.test('invalid user names: InvalidParameter.UserName.* (400)', async () => {
    await expectError(root.createUser(new Ram.CreateUserRequest({ userName: 'bad name!' })),
                      'InvalidParameter.UserName.InvalidChars', 400);
    await expectError(root.createUser(new Ram.CreateUserRequest({ userName: 'a'.repeat(65) })),
                      'InvalidParameter.UserName.Length', 400);
    const l = await root.listUsers(new Ram.ListUsersRequest({}));
    assert.deepEqual(l.body.users.user, []);
  });

  await t.test('duplicate user: EntityAlreadyExists.User (409)', async () => {
    const c = await root.createUser(new Ram.CreateUserRequest({ userName: 'twice' }));
    assert.equal(c.statusCode, 200);
    await expectError(root.createUser(new Ram.CreateUserRequest({ userName: 'twice' })),
                      'EntityAlreadyExists.User', 409);
  });

  await t.test('unknown group and policy: EntityNotExist.Group / .Policy (404)', async () => {
    await expectError(root.addUserToGroup(new Ram.AddUserToGroupRequest({
      userName: 'twice', groupName: 'no-such-group',
    })), 'EntityNotExist.Group', 404);
    await expectError(root.attachPolicyToUser(new Ram.AttachPolicyToUserRequest({
      policyType: 'System', policyName: 'AliyunNoSuchPolicy', userName: 'twice',
    })), 'EntityNotExist.Policy', 404);
  });
});
