'use strict';
// Scenario 2, custom policies and their versions with @alicloud/ram20150501 (V3 signer): the
// 5-version limit and the rotate strategy, ListPolicyVersions' wrapper shape, default
// switching, and the delete conflicts (default version, attached policy, cascading delete).

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Ram, startServer, expectError, allowAllDocument } = require('./lib/paiam');

let server;
let root;
before(async () => {
  server = await startServer();
  root = server.root();
});
after(async () => {
  if (server) assert.equal(await server.stop(), 0, 'paiam serve exit status after SIGTERM');
});

const kPolicy = 'pai-data-read';
const documentFor = (n) => allowAllDocument([`oss:GetObject`, `oss:ListObjects${n}`]);

async function versionIds() {
  const r = await root.listPolicyVersions(new Ram.ListPolicyVersionsRequest({
    policyName: kPolicy, policyType: 'Custom',
  }));
  assert.equal(r.statusCode, 200);
  const versions = r.body.policyVersions.policyVersion;
  assert.ok(Array.isArray(versions), JSON.stringify(r.body));
  return versions;
}

test('custom policy versions', async (t) => {
  await t.test('createPolicy returns v1 as the default', async () => {
    const r = await root.createPolicy(new Ram.CreatePolicyRequest({
      policyName: kPolicy, policyDocument: documentFor(1), description: 'read training data',
    }));
    assert.equal(r.statusCode, 200);
    assert.equal(r.body.policy.policyName, kPolicy);
    assert.equal(r.body.policy.policyType, 'Custom');
    assert.equal(r.body.policy.description, 'read training data');
    assert.equal(r.body.policy.defaultVersion, 'v1');
    assert.match(r.body.policy.createDate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  await t.test('four more versions, each set as default', async () => {
    for (let n = 2; n <= 5; n++) {
      const r = await root.createPolicyVersion(new Ram.CreatePolicyVersionRequest({
        policyName: kPolicy, policyDocument: documentFor(n), setAsDefault: true,
      }));
      assert.equal(r.statusCode, 200);
      assert.equal(r.body.policyVersion.versionId, `v${n}`);
      assert.equal(r.body.policyVersion.isDefaultVersion, true);
      assert.deepEqual(JSON.parse(r.body.policyVersion.policyDocument), JSON.parse(documentFor(n)));
    }
    const g = await root.getPolicy(new Ram.GetPolicyRequest({
      policyName: kPolicy, policyType: 'Custom',
    }));
    assert.equal(g.body.policy.defaultVersion, 'v5');
    assert.equal(g.body.defaultPolicyVersion.versionId, 'v5');
    assert.equal(g.body.defaultPolicyVersion.isDefaultVersion, true);
  });

  await t.test('a sixth version exceeds the limit', async () => {
    await expectError(root.createPolicyVersion(new Ram.CreatePolicyVersionRequest({
      policyName: kPolicy, policyDocument: documentFor(6), setAsDefault: true,
    })), 'LimitExceeded.Policy.Version', 409);
    await expectError(root.createPolicyVersion(new Ram.CreatePolicyVersionRequest({
      policyName: kPolicy, policyDocument: documentFor(6), rotateStrategy: 'None',
    })), 'LimitExceeded.Policy.Version', 409);
    assert.equal((await versionIds()).length, 5);
  });

  await t.test('rotateStrategy drops the oldest non-default version', async () => {
    const r = await root.createPolicyVersion(new Ram.CreatePolicyVersionRequest({
      policyName: kPolicy, policyDocument: documentFor(6), setAsDefault: true,
      rotateStrategy: 'DeleteOldestNonDefaultVersionWhenLimitExceeded',
    }));
    assert.equal(r.statusCode, 200);
    assert.equal(r.body.policyVersion.versionId, 'v6');
    const versions = await versionIds();
    assert.deepEqual(versions.map((v) => v.versionId).sort(), ['v2', 'v3', 'v4', 'v5', 'v6']);
  });

  await t.test('listPolicyVersions shape', async () => {
    const versions = await versionIds();
    assert.deepEqual(versions.filter((v) => v.isDefaultVersion).map((v) => v.versionId), ['v6']);
    for (const v of versions) {
      assert.equal(typeof v.isDefaultVersion, 'boolean');
      assert.match(v.createDate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const n = Number(v.versionId.slice(1));
      assert.deepEqual(JSON.parse(v.policyDocument), JSON.parse(documentFor(n)));
    }
  });

  await t.test('setDefaultPolicyVersion, and the default cannot be deleted', async () => {
    const r = await root.setDefaultPolicyVersion(new Ram.SetDefaultPolicyVersionRequest({
      policyName: kPolicy, versionId: 'v3',
    }));
    assert.equal(r.statusCode, 200);
    const g = await root.getPolicyVersion(new Ram.GetPolicyVersionRequest({
      policyName: kPolicy, policyType: 'Custom', versionId: 'v3',
    }));
    assert.equal(g.body.policyVersion.isDefaultVersion, true);
    await expectError(root.deletePolicyVersion(new Ram.DeletePolicyVersionRequest({
      policyName: kPolicy, versionId: 'v3',
    })), 'DeleteConflict.Policy.Version.Default', 409);
    const d = await root.deletePolicyVersion(new Ram.DeletePolicyVersionRequest({
      policyName: kPolicy, versionId: 'v6',
    }));
    assert.equal(d.statusCode, 200);
    assert.deepEqual((await versionIds()).map((v) => v.versionId).sort(), ['v2', 'v3', 'v4', 'v5']);
    await expectError(root.getPolicyVersion(new Ram.GetPolicyVersionRequest({
      policyName: kPolicy, policyType: 'Custom', versionId: 'v6',
    })), 'EntityNotExist.Policy.Version', 404);
  });

  await t.test('an attached policy cannot be deleted', async () => {
    await root.createUser(new Ram.CreateUserRequest({ userName: 'reader' }));
    const a = await root.attachPolicyToUser(new Ram.AttachPolicyToUserRequest({
      policyType: 'Custom', policyName: kPolicy, userName: 'reader',
    }));
    assert.equal(a.statusCode, 200);
    await expectError(root.deletePolicy(new Ram.DeletePolicyRequest({ policyName: kPolicy })),
                      'DeleteConflict.Policy.User', 409);
    const listed = await root.listPoliciesForUser(new Ram.ListPoliciesForUserRequest({
      userName: 'reader',
    }));
    assert.deepEqual(listed.body.policies.policy.map((p) => [p.policyName, p.policyType]),
                     [[kPolicy, 'Custom']]);
    const g = await root.getPolicy(new Ram.GetPolicyRequest({
      policyName: kPolicy, policyType: 'Custom',
    }));
    assert.equal(g.body.policy.attachmentCount, 1);
    const e = await root.listEntitiesForPolicy(new Ram.ListEntitiesForPolicyRequest({
      policyName: kPolicy, policyType: 'Custom',
    }));
    assert.deepEqual(e.body.users.user.map((u) => u.userName), ['reader']);
    assert.deepEqual(e.body.groups.group, []);
    assert.deepEqual(e.body.roles.role, []);
    await root.detachPolicyFromUser(new Ram.DetachPolicyFromUserRequest({
      policyType: 'Custom', policyName: kPolicy, userName: 'reader',
    }));
  });

  await t.test('non-default versions block deletion unless cascading', async () => {
    await expectError(root.deletePolicy(new Ram.DeletePolicyRequest({ policyName: kPolicy })),
                      'DeleteConflict.Policy.Version', 409);
    const r = await root.deletePolicy(new Ram.DeletePolicyRequest({
      policyName: kPolicy, cascadingDelete: true,
    }));
    assert.equal(r.statusCode, 200);
    await expectError(root.getPolicy(new Ram.GetPolicyRequest({
      policyName: kPolicy, policyType: 'Custom',
    })), 'EntityNotExist.Policy', 404);
  });
});
