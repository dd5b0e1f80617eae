// A claim bound to a volume the manifests did not mean for it stops provisioning before the Service and
// the StatefulSet: the controller would use that claim as it is, and the pod would mount the wrong disk.
// Both ways it happens on a real cluster: a leftover claim bound to an old PV (the manifest pins another),
// and an unpinned claim the binder gave a volume that is none of the manifests' PVs.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { provision } from '../../../src/cluster';
import { resource } from '../../../src/core/simulation';
import { fixedExample } from './fixtures';
import { FAST, Harness, outcomes, planOf, startHarness } from './harness';

const strayPv = (name: string) => ({
  apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name },
  spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: `/data/${name}` } },
});
const claim = (volumeName: string) => ({
  apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'db-mysql-0', namespace: 'default' },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeName },
});

describe('provisioning: a claim bound to the wrong volume', () => {
  let h: Harness;
  beforeEach(async () => { h = await startHarness(); });
  afterEach(async () => { await h.close(); });

  it('stops before the StatefulSet when a leftover claim is bound to another PV than its manifest names', async () => {
    const dir = fixedExample();
    const pvc = readFileSync(`${dir}/pvc.yaml`, 'utf8').replace('spec:\n', 'spec:\n  volumeName: mysql-pv-0\n');
    writeFileSync(`${dir}/pvc.yaml`, pvc);
    h.server.api.create(resource('persistentvolumes'), undefined, strayPv('pv-old'));
    h.server.api.create(resource('persistentvolumeclaims'), 'default', claim('pv-old'));
    const report = await provision(h.client, planOf(dir), FAST);
    const step = report.steps.find((s) => s.name === 'db-mysql-0')!;
    assert.deepEqual(step.claim, { phase: 'Bound', volume: 'pv-old' });
    assert.equal(step.outcome, 'failed');
    assert.match(step.message!, /bound to PV pv-old, not to PV mysql-pv-0 that its manifest names/);
    assert.deepEqual(outcomes(report).filter(([s]) => /^(Service|StatefulSet)\//.test(s)).map(([, o]) => o), ['not-run', 'not-run']);
    assert.equal(h.server.api.list(resource('statefulsets')).items.length, 0);
    assert.match(report.stoppedBecause!, /^PersistentVolumeClaim db-mysql-0: bound to PV pv-old/);
    assert.equal(report.ok, false);
  });

  it('stops when an unpinned claim is bound to a volume that is none of the manifests\' PVs', async () => {
    h.server.api.create(resource('persistentvolumes'), undefined, strayPv('stray'));
    h.server.api.create(resource('persistentvolumeclaims'), 'default', claim('stray'));
    const report = await provision(h.client, planOf(fixedExample()), FAST);
    const step = report.steps.find((s) => s.name === 'db-mysql-0')!;
    assert.equal(step.outcome, 'failed');
    assert.match(step.message!, /bound to PV stray, which is none of the manifests' PVs \(expected one such as mysql-pv-\d\)/);
    assert.equal(h.server.api.list(resource('statefulsets')).items.length, 0);
  });

  it('goes on when the claim is bound to the PV meant for it', async () => {
    const report = await provision(h.client, planOf(fixedExample()), FAST);
    assert.equal(report.steps.find((s) => s.name === 'db-mysql-0')!.outcome, 'created');
    assert.equal(report.ok, true);
  });
});
