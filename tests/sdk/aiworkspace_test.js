'use strict';
// AIWorkSpace 2021-02-04 (ROA) through @alicloud/openapi-client's generic call API, exactly as
// the aiworkspace SDK calls it (client.callApi with OpenApi.Params, style ROA, JSON bodies,
// default V3 signature): a workspace, RAM users made members with different roles, a dataset
// created, published and deleted by different members with the expected allows and denials
// (named by id alone, as the SDK does), a custom role, ListPermissions, and paging.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const OpenApi = require('@alicloud/openapi-client');
const Util = require('@alicloud/tea-util');
const { Ram, startServer, expectError, allowAllDocument } = require('./lib/paiam');

let server;
let root;  // RAM client of the root
const ws = {};  // name -> AIWorkSpace client
const ids = {};  // user name -> user id

before(async () => {
  server = await startServer();
  root = server.root();
  ws.root = aiws(server.rootKeyId, server.rootSecret);
  for (const name of ['dev', 'dev2', 'guest', 'admin']) {
    const user = await root.createUser(new Ram.CreateUserRequest({ userName: name }));
    ids[name] = user.body.user.userId;
    const key = await root.createAccessKey(new Ram.CreateAccessKeyRequest({ userName: name }));
    ws[name] = aiws(key.body.accessKey.accessKeyId, key.body.accessKey.accessKeySecret);
  }
});
after(async () => {
  if (server) assert.equal(await server.stop(), 0, 'paiam serve exit status after SIGTERM');
});

function aiws(accessKeyId, accessKeySecret) {
  return new OpenApi.default(new OpenApi.Config({
    accessKeyId, accessKeySecret, endpoint: server.address, protocol: 'http',
  }));
}

// One ROA call: `segments` become the path, each percent-encoded as the SDK encodes path
// parameters; `query` values are strings; `body` is sent as JSON.
function call(client, action, method, segments, { query, body } = {}) {
  const params = new OpenApi.Params({
    action, version: '2021-02-04', protocol: 'HTTP', method, authType: 'AK', style: 'ROA',
    pathname: '/api/v1/' + segments.map((s) => encodeURIComponent(s)).join('/'),
    reqBodyType: 'json', bodyType: 'json',
  });
  const request = new OpenApi.OpenApiRequest({ query, body });
  return client.callApi(params, request, new Util.RuntimeOptions({}));
}

async function ok(client, action, method, segments, options) {
  const r = await call(client, action, method, segments, options);
  assert.equal(r.statusCode, 200);
  assert.match(r.body.RequestId, /\S/);
  return r.body;
}

// A denial: 403 Forbidden.RAM naming the action the engine refused.
async function denied(client, action, method, segments, authAction, options) {
  const e = await expectError(call(client, action, method, segments, options),
                              'Forbidden.RAM', 403);
  assert.equal(e.data.AccessDeniedDetail.AuthAction, authAction, JSON.stringify(e.data));
  return e;
}

test('AIWorkSpace: members, a dataset across roles, custom role, permissions, paging',
     async (t) => {
  let wsId;
  const member = {};

  await t.test('root creates workspaces and lists them page by page', async () => {
    wsId = (await ok(ws.root, 'CreateWorkspace', 'POST', ['workspaces'], {
      body: { WorkspaceName: 'nlp_team', Description: 'NLP', EnvTypes: ['prod'] },
    })).WorkspaceId;
    assert.match(wsId, /^\d+$/);
    for (const name of ['cv_team', 'asr_team']) {
      await ok(ws.root, 'CreateWorkspace', 'POST', ['workspaces'], {
        body: { WorkspaceName: name, Description: 'x', EnvTypes: ['prod'] },
      });
    }
    const seen = [];
    for (const page of ['1', '2']) {
      const r = await ok(ws.root, 'ListWorkspaces', 'GET', ['workspaces'],
                         { query: { PageSize: '2', PageNumber: page } });
      assert.equal(r.TotalCount, 3);
      seen.push(...r.Workspaces.map((w) => w.WorkspaceName));
    }
    assert.deepEqual(seen.sort(), ['asr_team', 'cv_team', 'nlp_team']);
  });

  await t.test('RAM users become members with different roles', async () => {
    const r = await ok(ws.root, 'CreateMember', 'POST', ['workspaces', wsId, 'members'], {
      body: { Members: [
        { UserId: ids.dev, Roles: ['PAI.AlgoDeveloper'] },
        { UserId: ids.dev2, Roles: ['PAI.AlgoDeveloper'] },
        { UserId: ids.guest, Roles: ['PAI.WorkspaceGuest'] },
        { UserId: ids.admin, Roles: ['PAI.WorkspaceAdmin'] },
      ] },
    });
    assert.equal(r.Members.length, 4);
    for (const m of r.Members) member[m.UserId] = m.MemberId;
    const ids5 = [];
    for (const page of ['1', '2', '3']) {
      const p = await ok(ws.dev, 'ListMembers', 'GET', ['workspaces', wsId, 'members'],
                         { query: { PageSize: '2', PageNumber: page } });
      assert.equal(p.TotalCount, 5);  // the owner (root) and the four
      ids5.push(...p.Members.map((m) => m.UserId));
    }
    assert.equal(new Set(ids5).size, 5);
    // ListWorkspaceUsers: RAM users of the account not yet members (none left).
    const users = await ok(ws.dev, 'ListWorkspaceUsers', 'GET', ['workspaces', wsId, 'users']);
    assert.equal(users.TotalCount, 0);
  });

  await t.test('a private dataset: others cannot delete it, publish opens it, admin deletes',
               async () => {
    const dsId = (await ok(ws.dev, 'CreateDataset', 'POST', ['datasets'], {
      body: { WorkspaceId: wsId, Name: 'train', Description: 'training data',
              Uri: 'oss://bucket/train/', Labels: [{ Key: 'team', Value: 'nlp' }] },
    })).DatasetId;
    // Named by id alone, as the SDK's GetDataset/DeleteDataset do.
    const got = await ok(ws.dev, 'GetDataset', 'GET', ['datasets', dsId]);
    assert.equal(got.WorkspaceId, wsId);
    assert.equal(got.Accessibility, 'PRIVATE');
    assert.equal(got.Uri, 'oss://bucket/train/');
    assert.deepEqual(got.Labels, [{ Key: 'team', Value: 'nlp' }]);
    const v = await ok(ws.dev, 'CreateDatasetVersion', 'POST', ['datasets', dsId, 'versions'],
                       { body: { Uri: 'oss://bucket/train/v1/' } });
    assert.equal(v.VersionName, 'v1');
    await denied(ws.dev2, 'DeleteDataset', 'DELETE', ['datasets', dsId],
                 'PaiDataset:DeleteDataset');
    await denied(ws.guest, 'DeleteDataset', 'DELETE', ['datasets', dsId],
                 'PaiDataset:DeleteDataset');
    await denied(ws.guest, 'GetDataset', 'GET', ['datasets', dsId], 'PaiDataset:GetDataset');
    let listed = await ok(ws.guest, 'ListDatasets', 'GET', ['datasets'],
                          { query: { WorkspaceId: wsId } });
    assert.equal(listed.TotalCount, 0);
    await denied(ws.guest, 'PublishDataset', 'PUT', ['datasets', dsId, 'publish'],
                 'PaiDataset:PublishDataset');
    await ok(ws.dev, 'PublishDataset', 'PUT', ['datasets', dsId, 'publish']);
    listed = await ok(ws.guest, 'ListDatasets', 'GET', ['datasets'],
                      { query: { WorkspaceId: wsId } });
    assert.deepEqual(listed.Datasets.map((d) => d.DatasetId), [dsId]);
    assert.equal(listed.Datasets[0].Accessibility, 'PUBLIC');
    await denied(ws.guest, 'DeleteDataset', 'DELETE', ['datasets', dsId],
                 'PaiDataset:DeleteDataset');
    // The guest reads the public dataset's versions; the developer may no longer add one
    // (the matrix grants a developer UpdateDataset on its own private datasets only).
    await denied(ws.dev, 'CreateDatasetVersion', 'POST', ['datasets', dsId, 'versions'],
                 'PaiDataset:UpdateDataset', { body: { Uri: 'oss://bucket/train/v2/' } });
    const versions = await ok(ws.guest, 'ListDatasetVersions', 'GET',
                              ['datasets', dsId, 'versions']);
    assert.equal(versions.TotalCount, 1);
    await ok(ws.admin, 'DeleteDataset', 'DELETE', ['datasets', dsId]);
    await expectError(call(ws.dev, 'GetDataset', 'GET', ['datasets', dsId]),
                      'workspace.asset-not-found', 404);
  });

  await t.test('a custom role with ModulePermissions lets the guest manage datasets',
               async () => {
    const dsId = (await ok(ws.dev, 'CreateDataset', 'POST', ['datasets'], {
      body: { WorkspaceId: wsId, Name: 'scratch' },
    })).DatasetId;
    await denied(ws.guest, 'DeleteDataset', 'DELETE', ['datasets', dsId],
                 'PaiDataset:DeleteDataset');
    const role = await ok(ws.root, 'CreateWorkspaceRole', 'POST', ['workspaces', wsId, 'roles'], {
      body: { RoleName: 'DatasetManager',
              ModulePermissions: [{ ModuleName: 'Dataset', PermissionType: 'FullAccess' }] },
    });
    assert.match(role.RoleId, /\S/);
    const got = await ok(ws.admin, 'GetWorkspaceRole', 'GET',
                         ['workspaces', wsId, 'roles', role.RoleId]);
    assert.equal(got.ModulePermissions[0].ModuleName, 'Dataset');
    await ok(ws.root, 'AddMemberRole', 'POST',
             ['workspaces', wsId, 'members', member[ids.guest], 'roles', role.RoleId]);
    await ok(ws.guest, 'DeleteDataset', 'DELETE', ['datasets', dsId]);
  });

  await t.test('ListPermissions: a RAM policy opens it; the answer comes from the roles',
               async () => {
    await denied(ws.dev, 'ListPermissions', 'GET', ['workspaces', wsId, 'permissions'],
                 'PaiWorkspace:ListPermissions');
    await root.createPolicy(new Ram.CreatePolicyRequest({
      policyName: 'ListOwnPermissions',
      policyDocument: allowAllDocument(['PaiWorkspace:ListPermissions']),
    }));
    await root.attachPolicyToUser(new Ram.AttachPolicyToUserRequest({
      policyType: 'Custom', policyName: 'ListOwnPermissions', userName: 'dev',
    }));
    const r = await ok(ws.dev, 'ListPermissions', 'GET', ['workspaces', wsId, 'permissions']);
    assert.equal(r.TotalCount, r.Permissions.length);
    const byCode = new Map(r.Permissions.map((p) => [p.PermissionCode, p.PermissionRules]));
    assert.deepEqual(byCode.get('PaiDataset:DeleteDataset'),
                     [{ Accessibility: 'PRIVATE', EntityAccessType: 'CREATOR' }]);
    assert.ok(byCode.has('PaiDataset:CreateDataset'));
    assert.ok(!byCode.has('PaiWorkspace:CreateMember'), 'a developer does not add members');
    const one = await ok(ws.dev, 'GetPermission', 'GET',
                         ['workspaces', wsId, 'permissions', 'PaiDataset:DeleteDataset'],
                         { query: { Accessibility: 'PRIVATE', Creator: ids.dev2 } });
    assert.deepEqual(one.PermissionRules, []);
  });

  await t.test('the operation log records the accepted writes', async () => {
    const r = await ok(ws.dev, 'ListOperationLogs', 'GET', ['workspaces', wsId, 'logs'],
                       { query: { Operations: 'DeleteDataset', PageSize: '10' } });
    assert.equal(r.TotalCount, 2);
    assert.deepEqual(new Set(r.Logs.map((l) => l.Operator)), new Set([ids.admin, ids.guest]));
  });
});
