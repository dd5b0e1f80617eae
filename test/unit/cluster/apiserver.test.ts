import { strict as assert } from 'node:assert';
import { startApiServer, TestApiServer } from '../../support/apiserver/server';

const sts = (extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' },
  spec: {
    serviceName: 'web', replicas: 1, selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } },
    volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    ...extra,
  },
});

describe('test API server: REST semantics', () => {
  let s: TestApiServer;
  beforeEach(async () => { s = await startApiServer({ controllers: { podReadyDelayMs: 5 } }); });
  afterEach(async () => { await s.stop(); });

  const call = async (method: string, path: string, body?: unknown, contentType = 'application/json') => {
    const res = await fetch(s.url + path, { method, headers: { 'content-type': contentType }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { code: res.status, body: await res.json() as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const STS = '/apis/apps/v1/namespaces/default/statefulsets';

  it('serves discovery; apps/v1beta1 is 404 like a 1.16+ server', async () => {
    assert.equal((await call('GET', '/version')).body.major, '1');
    assert.deepEqual((await call('GET', '/api')).body.versions, ['v1']);
    const apps = (await call('GET', '/apis/apps/v1')).body;
    assert.ok(apps.resources.some((r: { name: string }) => r.name === 'statefulsets/status'));
    const old = await call('GET', '/apis/apps/v1beta1');
    assert.deepEqual([old.code, old.body.reason, old.body.message], [404, 'NotFound', 'the server could not find the requested resource']);
  });

  it('sets server fields and defaults; generation bumps on spec change only', async () => {
    const created = (await call('POST', STS, sts())).body;
    assert.match(created.metadata.uid, /^[0-9a-f-]{36}$/);
    assert.ok(created.metadata.creationTimestamp);
    assert.equal(created.metadata.generation, 1);
    assert.equal(created.spec.podManagementPolicy, 'OrderedReady');
    assert.deepEqual(created.spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: 'Retain', whenScaled: 'Retain' });
    const patched = await call('PATCH', `${STS}/web`, { spec: { replicas: 2 } }, 'application/merge-patch+json');
    assert.equal(patched.body.metadata.generation, 2);
    const labelled = await call('PATCH', `${STS}/web`, [{ op: 'add', path: '/metadata/labels', value: { a: 'b' } }], 'application/json-patch+json');
    assert.equal(labelled.body.metadata.generation, 2);
    assert.ok(Number(labelled.body.metadata.resourceVersion) > Number(patched.body.metadata.resourceVersion));
  });

  it('validates the StatefulSet selector, and claim templates', async () => {
    const noSelector = await call('POST', STS, sts({ selector: undefined }));
    assert.deepEqual([noSelector.code, noSelector.body.reason, noSelector.body.message], [422, 'Invalid', 'StatefulSet.apps "web" is invalid: spec.selector: Required value']);
    const mismatch = await call('POST', STS, sts({ selector: { matchLabels: { app: 'other' } } }));
    assert.equal(mismatch.body.message, 'StatefulSet.apps "web" is invalid: spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`');
    assert.deepEqual(mismatch.body.details.causes, [{ reason: 'FieldValueInvalid', field: 'spec.template.metadata.labels', message: 'Invalid value: {"app":"web"}: `selector` does not match template `labels`' }]);
    const noStorage = await call('POST', STS, sts({ volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: {} }] }));
    assert.equal(noStorage.body.message, 'StatefulSet.apps "web" is invalid: [spec.volumeClaimTemplates[0].spec.accessModes: Required value: at least 1 access mode is required, spec.volumeClaimTemplates[0].spec.resources[storage]: Required value]');
  });

  it('rejects changes to immutable StatefulSet fields with the real message', async () => {
    await call('POST', STS, sts());
    const res = await call('PATCH', `${STS}/web`, { spec: { serviceName: 'other' } }, 'application/strategic-merge-patch+json');
    assert.equal(res.code, 422);
    assert.equal(res.body.message, "StatefulSet.apps \"web\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden");
  });

  it('update with a stale resourceVersion is a 409 Conflict; AlreadyExists on a second create', async () => {
    const created = (await call('POST', STS, sts())).body;
    await call('PATCH', `${STS}/web`, { metadata: { labels: { x: 'y' } } }, 'application/merge-patch+json');
    const stale = await call('PUT', `${STS}/web`, created);
    assert.deepEqual([stale.code, stale.body.reason], [409, 'Conflict']);
    assert.equal(stale.body.message, 'Operation cannot be fulfilled on statefulsets.apps "web": the object has been modified; please apply your changes to the latest version and try again');
    const again = await call('POST', STS, sts());
    assert.deepEqual([again.code, again.body.reason, again.body.message], [409, 'AlreadyExists', 'statefulsets.apps "web" already exists']);
  });

  it('a /status write keeps the spec; a main write keeps the status', async () => {
    // a Service: no controller here writes its status, so nothing races the test
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { clusterIP: 'None', selector: { app: 'db' } } };
    const created = (await call('POST', '/api/v1/namespaces/default/services', svc)).body;
    const ingress = { loadBalancer: { ingress: [{ ip: '192.0.2.1' }] } };
    const st = await call('PUT', '/api/v1/namespaces/default/services/db/status', { ...created, spec: { clusterIP: 'None', selector: { app: 'other' } }, status: ingress });
    assert.deepEqual([st.body.status, st.body.spec.selector], [ingress, { app: 'db' }]);
    const main = await call('PATCH', '/api/v1/namespaces/default/services/db', { metadata: { labels: { a: 'b' } }, status: { loadBalancer: {} } }, 'application/merge-patch+json');
    assert.deepEqual([main.body.status, main.body.metadata.labels], [ingress, { a: 'b' }]);
  });

  it('PVC validation, a missing namespace (404), dryRun=All, and label selectors', async () => {
    const bad = await call('POST', '/api/v1/namespaces/default/persistentvolumeclaims', { metadata: { name: 'c' }, spec: {} });
    assert.equal(bad.body.message, 'PersistentVolumeClaim "c" is invalid: [spec.accessModes: Required value: at least 1 access mode is required, spec.resources[storage]: Required value]');
    const missing = await call('POST', '/apis/apps/v1/namespaces/nope/statefulsets', sts());
    assert.deepEqual([missing.code, missing.body.reason, missing.body.message], [404, 'NotFound', 'namespaces "nope" not found']);
    const dry = await call('POST', `${STS}?dryRun=All`, sts());
    assert.equal(dry.code, 201);
    assert.equal((await call('GET', `${STS}/web`)).code, 404);
    await call('POST', STS, sts());
    await new Promise((r) => setTimeout(r, 100));
    const pods = await call('GET', '/api/v1/namespaces/default/pods?labelSelector=app%3Dweb,statefulset.kubernetes.io/pod-name%20in%20(web-0)');
    assert.deepEqual(pods.body.items.map((p: { metadata: { name: string } }) => p.metadata.name), ['web-0']);
    assert.equal((await call('GET', '/api/v1/namespaces/default/pods?labelSelector=app%3Dother')).body.items.length, 0);
  });

  it('strategic merge patch merges containers by name and volumeMounts by mountPath', async () => {
    const base = sts();
    (base.spec.template.spec.containers[0] as Record<string, unknown>).volumeMounts = [{ name: 'data', mountPath: '/data' }];
    await call('POST', STS, base);
    const res = await call('PATCH', `${STS}/web`, { spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox:1.37', volumeMounts: [{ name: 'data', mountPath: '/data', readOnly: true }, { name: 'logs', mountPath: '/logs' }] }] } } } }, 'application/strategic-merge-patch+json');
    const c = res.body.spec.template.spec.containers;
    assert.equal(c.length, 1);
    assert.equal(c[0].image, 'busybox:1.37');
    assert.deepEqual(c[0].volumeMounts.map((m: { mountPath: string; readOnly?: boolean }) => [m.mountPath, m.readOnly ?? false]), [['/data', true], ['/logs', false]]);
  });

  it('the StatefulSet controller makes claims with template + selector labels and the retention ownerReference', async () => {
    const tpl = sts({ persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' } });
    (tpl.spec.volumeClaimTemplates[0].metadata as Record<string, unknown>).labels = { tier: 'db' };
    const set = (await call('POST', STS, tpl)).body;
    await new Promise((r) => setTimeout(r, 100));
    const claim = (await call('GET', '/api/v1/namespaces/default/persistentvolumeclaims/data-web-0')).body;
    assert.deepEqual(claim.metadata.labels, { tier: 'db', app: 'web' });
    assert.deepEqual(claim.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: set.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    const pod = (await call('GET', '/api/v1/namespaces/default/pods/web-0')).body;
    assert.equal(pod.status.phase, 'Pending', 'its claim has no PV: never Running');
    assert.equal(pod.metadata.labels['statefulset.kubernetes.io/pod-name'], 'web-0');
  });
});
