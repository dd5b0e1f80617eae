import { strict as assert } from 'node:assert';
import { simulate } from '../../../src/core/simulation';
import type { KObject } from '../../../src/core/simulation';
import { copyExample, fixedExample, objectsOf } from './fixtures';

const pv = (name: string, extra: Record<string, unknown> = {}, storage = '1Gi'): KObject => ({
  apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name },
  spec: { capacity: { storage }, accessModes: ['ReadWriteOnce'], nfs: { server: '10.0.0.5', path: `/exports/${name}` }, ...extra },
});
const pvc = (name: string, spec: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
});
const sts = (name: string, replicas: number, spec: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name },
  spec: {
    serviceName: name, replicas, selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'busybox:1.36', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] } },
    volumeClaimTemplates: [{ metadata: { name: 'data', labels: { tier: 'db' } }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    ...spec,
  },
});

describe('simulation: controllers on virtual time', () => {
  it('provisions the fixed example: both claims bound, both pods Ready', () => {
    const result = simulate(objectsOf(fixedExample()));
    assert.equal(result.settled, true);
    assert.deepEqual(result.rejected, []);
    assert.deepEqual(result.claims.map((c) => [c.name, c.phase, c.volume]), [['db-mysql-0', 'Bound', 'mysql-pv-0'], ['db-mysql-1', 'Bound', 'mysql-pv-1']]);
    assert.deepEqual(result.pods.map((p) => [p.name, p.state]), [['mysql-0', 'ready'], ['mysql-1', 'ready']]);
    assert.deepEqual(result.volumes.map((v) => [v.name, v.phase, v.claim]), [['mysql-pv-0', 'Bound', 'default/db-mysql-0'], ['mysql-pv-1', 'Bound', 'default/db-mysql-1']]);
  });

  it('rejects the shipped example\'s apps/v1beta1 StatefulSet like a 1.16+ server', () => {
    const result = simulate(objectsOf(copyExample()));
    assert.deepEqual(result.rejected.map((r) => [r.kind, r.name, r.code, r.message]), [['StatefulSet', 'mysql', 404, 'no matches for kind "StatefulSet" in version "apps/v1beta1"']]);
    assert.deepEqual(result.pods, []);
    assert.equal(result.claims.find((c) => c.name === 'db-mysql-0')?.volume, 'mysql-pv-0');
  });

  it('OrderedReady stops at a pod whose claim is Pending, with the binder\'s reason', () => {
    const result = simulate([pv('only-one'), sts('web', 3)]);
    assert.deepEqual(result.pods.map((p) => [p.name, p.state]), [['web-0', 'ready'], ['web-1', 'waiting'], ['web-2', 'not-created']]);
    assert.match(result.pods[1].reason ?? '', /unbound immediate PersistentVolumeClaims/);
    assert.equal(result.pods[2].reason, 'OrderedReady: waits for web-1 to be Running and Ready');
    const claim1 = result.claims.find((c) => c.name === 'data-web-1');
    assert.equal(claim1?.phase, 'Pending');
    assert.equal(claim1?.reason, 'no persistent volumes available for this claim and no storage class is set');
  });

  it('Parallel creates every pod at once; the unbound one waits, the others are Ready', () => {
    const result = simulate([pv('a'), pv('b'), sts('web', 3, { podManagementPolicy: 'Parallel' })]);
    assert.deepEqual(result.pods.map((p) => p.state).sort(), ['ready', 'ready', 'waiting']);
  });

  it('binds by the binder\'s rules: smallest fitting PV, pre-bound claimRef first, 1G < 1Gi', () => {
    const result = simulate([
      pv('big', {}, '10Gi'), pv('small', {}, '2Gi'), pv('decimal', {}, '1G'),
      pv('reserved', { claimRef: { name: 'pinned', namespace: 'default' } }, '5Gi'),
      pvc('any'), pvc('pinned'),
    ]);
    const by = Object.fromEntries(result.claims.map((c) => [c.name, c.volume]));
    assert.equal(by.any, 'small');
    assert.equal(by.pinned, 'reserved');
  });

  it('a claim naming a too-small volume stays Pending with VolumeMismatch', () => {
    const result = simulate([pv('tiny', {}, '500Mi'), pvc('want', { volumeName: 'tiny' })]);
    assert.equal(result.claims[0].phase, 'Pending');
    assert.equal(result.claims[0].reason, 'Cannot bind to requested volume "tiny": requested PV is too small (500Mi < 1Gi)');
  });

  it('DefaultStorageClass admission applies to a nil class only, and a missing class is reported', () => {
    const sc: KObject = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'example.com/fast' } as KObject;
    const objects = [sc, pvc('nil'), pvc('empty', { storageClassName: '' }), pvc('ghost', { storageClassName: 'nope' })];
    const result = simulate(objects);
    const by = Object.fromEntries(result.claims.map((c) => [c.name, c]));
    // the default class's provisioner (the simulation's stand-in) makes a PV for the nil-class claim only
    assert.equal(by.nil.phase, 'Bound');
    assert.match(by.nil.volume ?? '', /^pvc-/);
    assert.equal(by.empty.reason, 'no persistent volumes available for this claim and no storage class is set');
    assert.equal(by.ghost.reason, 'storageclass.storage.k8s.io "nope" not found');
    // without a provisioner running, the claim waits for it
    const unprovisioned = simulate(objects, { controllers: { provisioner: false } });
    assert.match(unprovisioned.claims.find((c) => c.name === 'nil')?.reason ?? '', /external provisioner 'example.com\/fast'/);
  });

  it('claims from templates get template labels + selector labels, and retention ownerReferences', () => {
    const result = simulate([pv('a'), sts('web', 1, { persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' } })]);
    assert.equal(result.pods[0].state, 'ready');
    // the details are checked through the API server tests; here the claim bound
    assert.equal(result.claims[0].volume, 'a');
  });

  it('an existing claim is used as is: a pre-created PVC with a mismatching volumeName holds the pod', () => {
    const result = simulate([pv('a'), pvc('data-web-0', { volumeName: 'missing' }), sts('web', 2)]);
    assert.deepEqual(result.pods.map((p) => p.state), ['waiting', 'not-created']);
    assert.equal(result.claims.find((c) => c.name === 'data-web-0')?.reason, 'waiting for volume "missing" to exist');
  });
});
