// dryRun=All on the test API server, as on a real one (k8s.io/apiserver's DryRunnableStorage): the write
// is validated and answered like the real write (same status codes and Status bodies) and nothing is
// stored, emitted to watches or given a resourceVersion; and a group/version it does not serve is a 404.
import { strict as assert } from 'node:assert';
import { startApiServer, TestApiServer } from '../../support/apiserver/server';
import { resource } from '../../../src/core/simulation';

const pv = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name },
  spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], nfs: { server: '10.0.0.5', path: '/exports/a' }, ...extra },
});

describe('test API server: dryRun=All', () => {
  let s: TestApiServer;
  beforeEach(async () => { s = await startApiServer(); });
  afterEach(async () => { await s.stop(); });

  const call = async (method: string, path: string, body?: unknown, contentType = 'application/json') => {
    const res = await fetch(s.url + path, { method, headers: { 'content-type': contentType }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { code: res.status, body: await res.json() as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const PVS = '/api/v1/persistentvolumes';

  it('create: 201 with server fields but no resourceVersion; nothing stored (the resourceVersion does not move)', async () => {
    const rv = s.store.resourceVersion;
    const res = await call('POST', `${PVS}?dryRun=All`, pv('a'));
    assert.equal(res.code, 201);
    assert.equal(res.body.metadata.name, 'a');
    assert.match(res.body.metadata.uid, /^[0-9a-f-]{36}$/);
    assert.equal(res.body.metadata.resourceVersion, undefined);
    assert.equal(res.body.status.phase, 'Pending');
    assert.equal(s.api.list(resource('persistentvolumes')).items.length, 0);
    assert.equal(s.store.resourceVersion, rv);
    assert.equal((await call('GET', `${PVS}/a`)).code, 404);
  });

  it('create: the errors of a real create (422 Invalid, 409 AlreadyExists, 404 namespace) with their Status bodies', async () => {
    const invalid = await call('POST', `${PVS}?dryRun=All`, pv('b', { capacity: undefined }));
    assert.deepEqual([invalid.code, invalid.body.kind, invalid.body.reason, invalid.body.message], [422, 'Status', 'Invalid', 'PersistentVolume "b" is invalid: spec.capacity: Required value']);
    assert.equal((await call('POST', PVS, pv('c'))).code, 201);
    const exists = await call('POST', `${PVS}?dryRun=All`, pv('c'));
    assert.deepEqual([exists.code, exists.body.reason, exists.body.message], [409, 'AlreadyExists', 'persistentvolumes "c" already exists']);
    const claim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'd' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
    const noNs = await call('POST', '/api/v1/namespaces/missing/persistentvolumeclaims?dryRun=All', claim);
    assert.deepEqual([noNs.code, noNs.body.reason, noNs.body.message], [404, 'NotFound', 'namespaces "missing" not found']);
  });

  it('update and patch: answered as written, the stored object and its resourceVersion unchanged', async () => {
    await call('POST', PVS, pv('e'));
    // the binder marks the new PV Available: wait for that write before taking the resourceVersion
    for (let i = 0; i < 100 && s.api.get(resource('persistentvolumes'), undefined, 'e').status?.phase !== 'Available'; i++) await new Promise((r) => setTimeout(r, 10));
    const created = (await call('GET', `${PVS}/e`)).body;
    const rv = s.store.resourceVersion;
    const put = await call('PUT', `${PVS}/e?dryRun=All`, { ...created, metadata: { ...created.metadata, labels: { tier: 'db' } } });
    assert.equal(put.code, 200);
    assert.deepEqual(put.body.metadata.labels, { tier: 'db' });
    const patched = await call('PATCH', `${PVS}/e?dryRun=All`, { metadata: { labels: { tier: 'cache' } } }, 'application/merge-patch+json');
    assert.equal(patched.code, 200);
    assert.deepEqual(patched.body.metadata.labels, { tier: 'cache' });
    const immutable = await call('PATCH', `${PVS}/e?dryRun=All`, { spec: { nfs: { path: '/exports/other' } } }, 'application/merge-patch+json');
    assert.deepEqual([immutable.code, immutable.body.reason], [422, 'Invalid']);
    assert.equal(s.store.resourceVersion, rv);
    assert.equal((await call('GET', `${PVS}/e`)).body.metadata.labels, undefined);
  });

  it('an unsupported dryRun value is a 400, as on a real server', async () => {
    const res = await call('POST', `${PVS}?dryRun=Some`, pv('f'));
    assert.deepEqual([res.code, res.body.reason], [400, 'BadRequest']);
    assert.equal(s.api.list(resource('persistentvolumes')).items.length, 0);
  });

  it('a group/version it does not serve is a 404 Status on every verb, dry run or not', async () => {
    const body = { apiVersion: 'apps/v1beta1', kind: 'StatefulSet', metadata: { name: 'web' }, spec: {} };
    for (const [method, path] of [['POST', '/apis/apps/v1beta1/namespaces/default/statefulsets?dryRun=All'], ['POST', '/apis/apps/v1beta1/namespaces/default/statefulsets'],
      ['GET', '/apis/apps/v1beta1/namespaces/default/statefulsets'], ['PUT', '/apis/apps/v1beta1/namespaces/default/statefulsets/web?dryRun=All'],
      ['GET', '/apis/extensions/v1beta1'], ['GET', '/apis/storage.k8s.io/v1beta1/storageclasses']]) {
      const res = await call(method, path, method === 'GET' ? undefined : body);
      assert.deepEqual([res.code, res.body.kind, res.body.reason, res.body.message], [404, 'Status', 'NotFound', 'the server could not find the requested resource'], `${method} ${path}`);
    }
  });
});
