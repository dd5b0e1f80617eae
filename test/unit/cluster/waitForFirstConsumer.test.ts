// Local volumes' usual class binds late (volumeBindingMode WaitForFirstConsumer): a claim stays Pending
// until the scheduler places its pod, so there is nothing to wait for before the StatefulSet. Provisioning
// must not wait for such a claim to bind (the bind timeout, a minute by default), nor report the run failed
// for a claim that binds once its pod exists, nor take the binder's "waiting for first consumer" event for a
// reason the pod is stuck.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { provision } from '../../../src/cluster';
import { fixedExample } from './fixtures';
import { Harness, outcomes, planOf, startHarness } from './harness';
import { resource } from '../../../src/core/simulation';

const LOCAL_CLASS = `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: local-storage
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
`;

/** The fixed example with its PVs, its claim and its set's template in a WaitForFirstConsumer class. */
function lateBindingExample(): string {
  const dir = fixedExample();
  writeFileSync(join(dir, 'storageclass.yaml'), LOCAL_CLASS);
  const edit = (file: string, from: string, to: string) => {
    const text = readFileSync(join(dir, file), 'utf8');
    if (!text.includes(from)) throw new Error(`the example changed: ${file} has no ${JSON.stringify(from)}`);
    writeFileSync(join(dir, file), text.replace(from, to));
  };
  edit('pv.yaml', 'spec:\n', 'spec:\n  storageClassName: local-storage\n');
  edit('pv1.yaml', 'spec:\n', 'spec:\n  storageClassName: local-storage\n');
  edit('pvc.yaml', 'spec:\n', 'spec:\n  storageClassName: local-storage\n');
  edit('statefulset.yaml', '      accessModes: [ "ReadWriteOnce" ]\n', '      accessModes: [ "ReadWriteOnce" ]\n      storageClassName: local-storage\n');
  return dir;
}

describe('provisioning: claims of a WaitForFirstConsumer class', () => {
  let h: Harness | undefined;
  afterEach(async () => { await h?.close(); h = undefined; });

  it('does not wait for them to bind before the StatefulSet, and reports them Bound once the pods run', async function () {
    this.timeout(30_000);
    h = await startHarness();
    const started = Date.now();
    // a minute to bind, as by default: waiting for a claim that cannot bind yet would take all of it
    const report = await provision(h.client, planOf(lateBindingExample()), { bindTimeoutMs: 60_000, readyTimeoutMs: 10_000 });
    assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
    assert.deepEqual(outcomes(report).filter(([s]) => /^(PersistentVolumeClaim|StatefulSet)\//.test(s)), [
      ['PersistentVolumeClaim/db-mysql-0', 'created'], ['StatefulSet/mysql', 'created'],
    ]);
    assert.deepEqual(report.steps.find((s) => s.name === 'db-mysql-0')!.claim, { phase: 'Bound', volume: 'mysql-pv-0' });
    assert.deepEqual(report.pods.map((p) => [p.name, p.state]), [['mysql-0', 'ready'], ['mysql-1', 'ready']]);
    assert.equal(report.stoppedBecause, undefined);
    assert.equal(report.ok, true, JSON.stringify(report.summary));
  });

  it('keeps watching a pod whose claim the binder says waits for its first consumer, until the claim binds', async function () {
    this.timeout(30_000);
    // On a cluster the PV controller says "waiting for first consumer" as soon as the claim exists, then,
    // once a pod uses it, "waiting for pod … to be scheduled" until the scheduler has placed the pod and
    // bound the claim (which may take a while: a node being added, a local provisioner making the PV). The
    // simulated binder is slowed here to open that window, and the controller's events are recorded by hand.
    h = await startHarness({ controllers: { binderDelayMs: 800 } });
    const event = (reason: string, message: string, at: number) => h!.server.api.create(resource('events'), 'default', {
      apiVersion: 'v1', kind: 'Event', metadata: { name: `db-mysql-0.${reason}`, namespace: 'default' },
      involvedObject: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: 'db-mysql-0', namespace: 'default' },
      reason, message, type: 'Normal', count: 1, firstTimestamp: new Date(at).toISOString(), lastTimestamp: new Date(at).toISOString(),
    });
    event('WaitForFirstConsumer', 'waiting for first consumer to be created before binding', Date.now() - 2000);
    event('WaitForPodScheduled', 'waiting for pod mysql-0 to be scheduled', Date.now() - 1000);
    const report = await provision(h.client, planOf(lateBindingExample()), { bindTimeoutMs: 60_000, readyTimeoutMs: 15_000 });
    assert.deepEqual(report.pods.map((p) => [p.name, p.state, p.reason]), [['mysql-0', 'ready', undefined], ['mysql-1', 'ready', undefined]]);
    assert.deepEqual(report.steps.find((s) => s.name === 'db-mysql-0')!.claim, { phase: 'Bound', volume: 'mysql-pv-0' });
    assert.equal(report.ok, true, JSON.stringify(report.summary));
  });

  it('fails a claim that bound with its pod to a volume none of the manifests\' PVs', async function () {
    this.timeout(30_000);
    h = await startHarness();
    // a leftover local PV of the class, smaller than the manifests' (now 2Gi): the binder prefers it
    h.server.api.create(resource('persistentvolumes'), undefined, {
      apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'stray' },
      spec: { storageClassName: 'local-storage', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data/stray' } },
    });
    const dir = lateBindingExample();
    for (const f of ['pv.yaml', 'pv1.yaml']) writeFileSync(join(dir, f), readFileSync(join(dir, f), 'utf8').replace('storage: 1Gi', 'storage: 2Gi'));
    const report = await provision(h.client, planOf(dir), { bindTimeoutMs: 60_000, readyTimeoutMs: 10_000 });
    const step = report.steps.find((s) => s.name === 'db-mysql-0')!;
    assert.deepEqual(step.claim, { phase: 'Bound', volume: 'stray' });
    assert.equal(step.outcome, 'failed');
    assert.match(step.message!, /bound to PV stray, which is none of the manifests' PVs.*It bound when its pod was scheduled/);
    assert.match(report.stoppedBecause!, /^PersistentVolumeClaim db-mysql-0: bound to PV stray/);
    assert.equal(report.ok, false);
  });

  it('stops at once when cancelled while the claims\' class is looked up', async function () {
    this.timeout(15_000);
    h = await startHarness();
    const abort = new AbortController();
    // the user cancels just as the wait for the claim reads its class (that read, cancelled, said "binds at
    // once", and the wait then ran its whole timeout): the real client, with the cancel on its read
    const client = h.client;
    const get = client.get.bind(client);
    client.get = (ref, signal) => {
      if (ref.kind === 'StorageClass') abort.abort();
      return get(ref, signal);
    };
    const started = Date.now();
    const report = await provision(client, planOf(lateBindingExample()), { bindTimeoutMs: 60_000, readyTimeoutMs: 10_000, signal: abort.signal });
    assert.equal(report.cancelled, true);
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
  });
});
