import { strict as assert } from 'node:assert';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { provision } from '../../../src/cluster';
import { resource } from '../../../src/core/simulation';
import { copyExample, fixedExample } from './fixtures';
import { FAST, Harness, outcomes, planOf, startHarness } from './harness';

describe('provisioning against the test API server (real client over HTTP)', () => {
  let h: Harness;
  beforeEach(async () => { h = await startHarness(); });
  afterEach(async () => { await h.close(); });

  it('provisions the fixed example in order: PVs, claim Bound, Service, StatefulSet, pods Ready in ordinal order', async () => {
    const events: string[] = [];
    const report = await provision(h.client, planOf(fixedExample()), {
      ...FAST,
      onProgress: (e) => events.push(e.type === 'phase' ? `phase ${e.phase}` : e.type === 'pod' ? `pod ${e.pod.name} ${e.pod.state}` : `${e.type} ${e.step.kind}/${e.step.name} ${e.step.outcome}`),
    });
    assert.deepEqual(outcomes(report), [
      ['BackingVolume/rbd:rbd/volume101', 'manual'],
      ['BackingVolume/rbd:rbd/volume102', 'manual'],
      ['PersistentVolume/mysql-pv-0', 'created'],
      ['PersistentVolume/mysql-pv-1', 'created'],
      ['PersistentVolumeClaim/db-mysql-0', 'created'],
      ['Service/mysql-service', 'created'],
      ['StatefulSet/mysql', 'created'],
    ]);
    assert.deepEqual(report.steps[4].claim, { phase: 'Bound', volume: 'mysql-pv-0' });
    assert.deepEqual(report.pods.map((p) => [p.name, p.state]), [['mysql-0', 'ready'], ['mysql-1', 'ready']]);
    assert.deepEqual(report.steps[0].manual?.commands, [
      ['rbd', 'create', 'rbd/volume101', '--size', '1024', '-m', '10.0.0.1:6789'],
      ['rbd', 'feature', 'disable', 'rbd/volume101', 'exclusive-lock,object-map,fast-diff,deep-flatten', '-m', '10.0.0.1:6789'],
    ]);
    assert.deepEqual(report.steps[0].manual?.host, { role: 'ceph-admin' });
    assert.equal(report.ok, true, 'manual steps are reported, not failures');
    assert.equal(report.summary.created, 5);
    assert.equal(report.summary.manual, 2);
    assert.deepEqual(events.filter((e) => e.startsWith('pod')), ['pod mysql-0 ready', 'pod mysql-1 ready']);
    assert.ok(events.indexOf('claim PersistentVolumeClaim/db-mysql-0 created') < events.indexOf('phase service'));
    // the cluster holds what the binder and the controller made
    const pv1 = h.server.api.get(resource('persistentvolumes'), undefined, 'mysql-pv-1');
    assert.equal(pv1.spec.claimRef.name, 'db-mysql-1');
    assert.equal(pv1.metadata.annotations?.['pv.kubernetes.io/bound-by-controller'], 'yes');
    const claim1 = h.server.api.get(resource('persistentvolumeclaims'), 'default', 'db-mysql-1');
    assert.deepEqual(claim1.metadata.labels, { app: 'mysql' });
    assert.equal(claim1.metadata.annotations?.['pv.kubernetes.io/bind-completed'], 'yes');
  });
});

describe('provisioning: backing-volume commands run by the caller', () => {
  let h: Harness;
  beforeEach(async () => { h = await startHarness(); });
  afterEach(async () => { await h.close(); });

  it('a command that failed stops the run before the PVs that name the volume', async () => {
    const asked: string[] = [];
    const report = await provision(h.client, planOf(fixedExample()), {
      ...FAST, runManualStep: async (step) => { asked.push(step.name); return step.name.endsWith('volume102') ? 'failed' : 'ran'; },
    });
    assert.deepEqual(asked, ['rbd:rbd/volume101', 'rbd:rbd/volume102']);
    assert.deepEqual(outcomes(report).slice(0, 3), [
      ['BackingVolume/rbd:rbd/volume101', 'manual-done'],
      ['BackingVolume/rbd:rbd/volume102', 'failed'],
      ['PersistentVolume/mysql-pv-0', 'not-run'],
    ]);
    assert.match(report.stoppedBecause!, /^BackingVolume rbd:rbd\/volume102: a command for this backing volume failed/);
    assert.equal(h.server.api.list(resource('persistentvolumes')).items.length, 0);
    assert.equal(report.ok, false);
  });

  it('commands the user chose not to run here leave the step manual, and the run goes on', async () => {
    const report = await provision(h.client, planOf(fixedExample()), { ...FAST, runManualStep: async () => 'not-run' });
    assert.deepEqual(outcomes(report).slice(0, 2).map(([, o]) => o), ['manual', 'manual']);
    assert.equal(report.ok, true);
  });
});

describe('provisioning: idempotence, drift, dry run, ordering', () => {
  let h: Harness;
  beforeEach(async () => { h = await startHarness(); });
  afterEach(async () => { await h.close(); });

  it('a rerun skips everything, with one LIST per kind instead of a GET per object, and never rewrites a bound PV\'s claimRef', async () => {
    const dir = fixedExample();
    await provision(h.client, planOf(dir), FAST);
    const pvBefore = h.server.api.get(resource('persistentvolumes'), undefined, 'mysql-pv-0');
    const writesBefore = (h.server.stats.byVerb.POST ?? 0) + (h.server.stats.byVerb.PUT ?? 0) + (h.server.stats.byVerb.PATCH ?? 0);
    const report = await provision(h.client, planOf(dir), FAST);
    assert.deepEqual(outcomes(report).map(([, o]) => o), ['manual', 'manual', 'unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
    assert.deepEqual(report.steps[4].claim, { phase: 'Bound', volume: 'mysql-pv-0' });
    assert.equal((h.server.stats.byVerb.POST ?? 0) + (h.server.stats.byVerb.PUT ?? 0) + (h.server.stats.byVerb.PATCH ?? 0), writesBefore);
    assert.equal(h.server.api.get(resource('persistentvolumes'), undefined, 'mysql-pv-0').metadata.resourceVersion, pvBefore.metadata.resourceVersion);
    assert.equal(report.ok, true);
  });

  it('reports drift without overwriting, and overwrites it only when asked', async () => {
    const dir = fixedExample();
    await provision(h.client, planOf(dir), FAST);
    const svc = h.server.api.get(resource('services'), 'default', 'mysql-service');
    svc.metadata.labels = { app: 'other' };
    h.server.api.update(resource('services'), 'default', 'mysql-service', svc);
    const report = await provision(h.client, planOf(dir), FAST);
    const step = report.steps.find((s) => s.kind === 'Service')!;
    assert.equal(step.outcome, 'drift');
    assert.deepEqual(step.drift, [{ path: 'metadata.labels.app', cluster: 'other', manifest: 'mysql' }]);
    assert.equal(h.server.api.get(resource('services'), 'default', 'mysql-service').metadata.labels?.app, 'other');
    assert.equal(report.ok, false);

    const again = await provision(h.client, planOf(dir), { ...FAST, overwrite: true });
    assert.equal(again.steps.find((s) => s.kind === 'Service')!.outcome, 'updated');
    assert.equal(h.server.api.get(resource('services'), 'default', 'mysql-service').metadata.labels?.app, 'mysql');
    assert.equal(again.steps.find((s) => s.name === 'mysql-pv-0')!.outcome, 'unchanged', 'the bound PV matches: its claimRef is left alone');
  });

  it('dry run creates nothing and reports what would be created, or rejected', async () => {
    const report = await provision(h.client, planOf(fixedExample()), { ...FAST, dryRun: true });
    assert.deepEqual(outcomes(report).map(([, o]) => o), ['manual', 'manual', 'would-create', 'would-create', 'would-create', 'would-create', 'would-create']);
    assert.equal(h.server.api.list(resource('persistentvolumes')).items.length, 0);
    assert.equal(h.server.api.list(resource('persistentvolumeclaims')).items.length, 0);
    assert.equal(h.server.api.list(resource('statefulsets')).items.length, 0);
    assert.deepEqual(report.pods, []);

    const shipped = await provision(h.client, planOf(copyExample()), { ...FAST, dryRun: true });
    const sts = shipped.steps.find((s) => s.kind === 'StatefulSet')!;
    assert.deepEqual([sts.outcome, sts.reason, sts.code, sts.message], ['failed', 'NotFound', 404,
      'the server does not serve apps/v1beta1 StatefulSet (404 from discovery); use apps/v1 (removed in Kubernetes 1.16)']);
  });

  it('the shipped example (apps/v1beta1) fails at its StatefulSet with the server\'s 404, after creating the rest', async () => {
    const report = await provision(h.client, planOf(copyExample()), FAST);
    assert.deepEqual(outcomes(report), [
      ['BackingVolume/rbd:rbd/volume101', 'manual'],
      ['PersistentVolume/mysql-pv-0', 'created'],
      ['PersistentVolumeClaim/db-mysql-0', 'created'],
      ['Service/mysql-service', 'created'],
      ['StatefulSet/mysql', 'failed'],
    ]);
    assert.equal(report.stoppedBecause, 'StatefulSet mysql: the server does not serve apps/v1beta1 StatefulSet (404 from discovery); use apps/v1 (removed in Kubernetes 1.16)');
    assert.equal(report.ok, false);
  });

  it('OrderedReady stops at a pod whose claim is Pending, naming the binder\'s event', async () => {
    // the shipped example with apps/v1, without a PV for ordinal 1: mysql-1's claim cannot bind
    const dir = fixedExample();
    unlinkSync(`${dir}/pv1.yaml`);
    writeFileSync(`${dir}/statefulset.yaml`, readFileSync(`${dir}/statefulset.yaml`, 'utf8').replace('replicas: 2', 'replicas: 3'));
    const report = await provision(h.client, planOf(dir), FAST);
    assert.deepEqual(report.pods.map((p) => [p.name, p.state, p.reason]), [
      ['mysql-0', 'ready', undefined],
      ['mysql-1', 'waiting', 'claim db-mysql-1 is Pending: FailedBinding: no persistent volumes available for this claim and no storage class is set'],
      ['mysql-2', 'not-created', 'OrderedReady: waits for mysql-1 to be Running and Ready'],
    ]);
    assert.equal(h.server.api.tryGet(resource('pods'), 'default', 'mysql-2'), undefined);
    assert.equal(report.ok, false);
  });

  it('a pre-created claim that cannot bind is reported Pending with the binder\'s words', async () => {
    const dir = fixedExample();
    unlinkSync(`${dir}/pv.yaml`);
    unlinkSync(`${dir}/pv1.yaml`);
    const report = await provision(h.client, planOf(dir), { ...FAST, bindTimeoutMs: 300, readyTimeoutMs: 1500 });
    assert.deepEqual(report.steps.find((s) => s.kind === 'PersistentVolumeClaim')!.claim,
      { phase: 'Pending', reason: 'FailedBinding: no persistent volumes available for this claim and no storage class is set' });
    assert.deepEqual(report.pods.map((p) => [p.name, p.state]), [['mysql-0', 'waiting'], ['mysql-1', 'not-created']]);
    assert.equal(report.summary['pending-claims'], 1);
  });

  it('a PV left Released by a deleted claim stops the run with the patch that frees it, in the dry run too', async () => {
    h.server.api.create(resource('persistentvolumes'), undefined, {
      apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'mysql-pv-0' },
      spec: {
        capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain',
        claimRef: { name: 'db-mysql-0', namespace: 'default', uid: 'uid-of-the-deleted-claim' },
        rbd: { monitors: ['10.0.0.1:6789'], pool: 'rbd', image: 'volume101', user: 'admin', secretRef: { name: 'ceph-secret' }, fsType: 'ext4' },
      },
    });
    const phase = () => h.server.api.get(resource('persistentvolumes'), undefined, 'mysql-pv-0').status?.phase;
    for (let i = 0; i < 40 && phase() !== 'Released'; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(phase(), 'Released', 'the binder sees the claim of that uid gone');
    for (const dryRun of [true, false]) {
      const report = await provision(h.client, planOf(fixedExample()), { ...FAST, dryRun });
      const step = report.steps.find((s) => s.name === 'mysql-pv-0')!;
      assert.equal(step.outcome, 'failed', `dry run: ${dryRun}`);
      assert.equal(step.reason, 'Released');
      assert.match(step.message!, /claimRef still names the deleted claim default\/db-mysql-0 by uid.*kubectl patch pv mysql-pv-0 --type json -p '\[\{"op":"remove","path":"\/spec\/claimRef\/uid"\}\]'/);
      assert.equal(report.ok, false);
    }
    assert.equal(h.server.api.list(resource('persistentvolumeclaims')).items.length, 0, 'no claim was created to wait for ever');
  });

  it('a watch the server refuses (403) stops the run with its report and the server\'s answer, not a lost run', async () => {
    const dir = fixedExample();
    unlinkSync(`${dir}/pv.yaml`);
    unlinkSync(`${dir}/pv1.yaml`);
    h.server.faults.fail({ verb: 'watch', resource: 'persistentvolumeclaims', code: 403 });
    const report = await provision(h.client, planOf(dir), { ...FAST, bindTimeoutMs: 5000 });
    assert.match(report.stoppedBecause!, /^waiting for the claims to bind: the server refused to watch persistentvolumeclaims in namespace default \(403/);
    assert.equal(report.steps.find((s) => s.kind === 'PersistentVolumeClaim')!.outcome, 'created', 'what was done is kept');
    assert.equal(report.steps.find((s) => s.kind === 'StatefulSet')!.outcome, 'not-run');
    assert.equal(report.ok, false);
  });
});
