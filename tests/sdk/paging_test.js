'use strict';
// Scenario 3, ListUsers paging with @alicloud/ram20150501 (V3 signer): MaxItems, IsTruncated
// and Marker over 25 users, three pages that together list every user exactly once.

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

const names = Array.from({ length: 25 }, (_, i) => `pager-${String(i).padStart(2, '0')}`);

test('listUsers pages with maxItems and marker', async (t) => {
  await t.test('create 25 users', async () => {
    for (const userName of names) {
      const r = await root.createUser(new Ram.CreateUserRequest({ userName }));
      assert.equal(r.statusCode, 200);
    }
  });

  await t.test('three pages of at most 10 cover all users once', async () => {
    const seen = [];
    const sizes = [];
    let marker;
    for (let page = 0; page < 3; page++) {
      const r = await root.listUsers(new Ram.ListUsersRequest({ maxItems: 10, marker }));
      assert.equal(r.statusCode, 200);
      const users = r.body.users.user;
      assert.ok(Array.isArray(users), JSON.stringify(r.body));
      sizes.push(users.length);
      seen.push(...users.map((u) => u.userName));
      if (page < 2) {
        assert.equal(r.body.isTruncated, true, `page ${page + 1}`);
        assert.match(r.body.marker, /\S/, `page ${page + 1} has a marker`);
        marker = r.body.marker;
      } else {
        assert.equal(r.body.isTruncated, false, 'last page');
      }
    }
    assert.deepEqual(sizes, [10, 10, 5]);
    assert.deepEqual([...seen].sort(), names);
  });

  await t.test('without maxItems one page holds all 25', async () => {
    const r = await root.listUsers(new Ram.ListUsersRequest({}));
    assert.equal(r.body.isTruncated, false);
    assert.deepEqual(r.body.users.user.map((u) => u.userName).sort(), names);
  });

  await t.test('maxItems outside 1..1000 is refused', async () => {
    for (const maxItems of [0, 1001]) {
      await expectError(root.listUsers(new Ram.ListUsersRequest({ maxItems })),
                        'InvalidParameter.MaxItems', 400);
    }
  });
});
