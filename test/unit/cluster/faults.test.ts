import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { writeKubeconfig } from '../../support/apiserver/kubeconfig';
import { ClusterClient, loadTarget, provision } from '../../../src/cluster';
import { resource } from '../../../src/core/simulation';
import { fixedExample } from './fixtures';
import { FAST, Harness, outcomes, planOf, startHarness } from './harness';

const PV_FIRST = ['BackingVolume/rbd:rbd/volume101', 'BackingVolume/rbd:rbd/volume102', 'PersistentVolume/mysql-pv-0', 'PersistentVolume/mysql-pv-1'];

describe('provisioning under injected faults', () => {
  let h: Harness;
  beforeEach(async () => { h = await startHarness(); });
  afterEach(async () => { await h.close(); });

  const cases: { code: 401 | 403 | 409 | 422 | 500; reason: string; message: string }[] = [
    { code: 401, reason: 'Unauthorized', message: 'Unauthorized' },
    { code: 403, reason: 'Forbidden', message: 'persistentvolumeclaims is forbidden: User "system:anonymous" cannot create resource "persistentvolumeclaims" in API group "" in the namespace "default"' },
    { code: 409, reason: 'Conflict', message: 'Operation cannot be fulfilled on persistentvolumeclaims "db-mysql-0": the object has been modified; please apply your changes to the latest version and try again' },
    { code: 422, reason: 'Invalid', message: 'PersistentVolumeClaim "db-mysql-0" is invalid: metadata.name: Invalid value: "db-mysql-0": rejected by an injected fault' },
    { code: 500, reason: 'InternalError', message: 'Internal error occurred: injected fault: etcdserver: request timed out' },
  ];
  for (const c of cases) {
    it(`${c.code} on creating the claim: the run stops after that phase with the API's reason, and a rerun resumes`, async () => {
      h.server.faults.fail({ verb: 'create', resource: 'persistentvolumeclaims', code: c.code, times: 1 });
      const plan = planOf(fixedExample());
      const report = await provision(h.client, plan, FAST);
      assert.deepEqual(outcomes(report), [
        [PV_FIRST[0], 'manual'], [PV_FIRST[1], 'manual'], [PV_FIRST[2], 'created'], [PV_FIRST[3], 'created'],
        ['PersistentVolumeClaim/db-mysql-0', 'failed'], ['Service/mysql-service', 'not-run'], ['StatefulSet/mysql', 'not-run'],
      ]);
      const claim = report.steps[4];
      assert.deepEqual([claim.reason, claim.code, claim.message], [c.reason, c.code, c.message]);
      assert.equal(report.stoppedBecause, `PersistentVolumeClaim db-mysql-0: ${c.message}`);
      assert.equal(report.ok, false);
      assert.equal(h.server.api.list(resource('services'), 'default').items.length, 0, 'nothing after the failed phase');

      const resumed = await provision(h.client, plan, FAST);
      assert.deepEqual(outcomes(resumed).map(([, o]) => o), ['manual', 'manual', 'unchanged', 'unchanged', 'created', 'created', 'created']);
      assert.equal(resumed.ok, true);
    });
  }

  it('a watch dropped while waiting for pods is re-established, and the run completes', async () => {
    const plan = planOf(fixedExample());
    let dropped = 0;
    const report = await provision(h.client, plan, {
      ...FAST,
      onProgress: (e) => { if (e.type === 'phase' && e.phase === 'stateful-set') setTimeout(() => { dropped = h.server.dropWatches(); }, 10); },
    });
    assert.ok(dropped >= 0);
    assert.deepEqual(report.pods.map((p) => p.state), ['ready', 'ready']);
    assert.equal(report.ok, true);
  });

  it('a watch resuming from a compacted resourceVersion gets 410 Expired as a watch event and re-lists', async () => {
    await h.close();
    h = await startHarness({ historyLimit: 2, controllers: { podReadyDelayMs: 200 } });
    const report = await provision(h.client, planOf(fixedExample()), FAST);
    assert.deepEqual(report.pods.map((p) => p.state), ['ready', 'ready']);
    // the same 410 seen by a raw watch from resourceVersion 1
    const res = await fetch(`${h.server.url}/api/v1/namespaces/default/pods?watch=1&resourceVersion=1`);
    const reader = res.body!.getReader();
    const first = JSON.parse(new TextDecoder().decode((await reader.read()).value).split('\n')[0]);
    await reader.cancel();
    assert.equal(first.type, 'ERROR');
    assert.equal(first.object.code, 410);
    assert.equal(first.object.reason, 'Expired');
  });

  it('a server that goes away mid-run ends it with a clear message naming the server', async () => {
    const plan = planOf(fixedExample());
    const report = await provision(h.client, plan, {
      ...FAST,
      onProgress: (e) => { if (e.type === 'phase' && e.phase === 'persistent-volume-claim') void h.server.stop(); },
    });
    const claim = report.steps[4];
    assert.equal(claim.outcome, 'failed');
    assert.equal(claim.reason, 'Unreachable');
    assert.match(claim.message ?? '', new RegExp(`^cannot reach the API server at ${h.server.url.replace(/\./g, '\\.')} \\(`));
    assert.deepEqual(outcomes(report).slice(5).map(([, o]) => o), ['not-run', 'not-run']);
  });

  it('latency is added to each request', async () => {
    h.server.faults.latencyMs = 50;
    const t0 = Date.now();
    await h.client.get({ apiVersion: 'v1', kind: 'PersistentVolume', name: 'nope' });
    assert.ok(Date.now() - t0 >= 50);
  });

  it('cancel mid-run stops cleanly (no request left behind), and a rerun continues where it stopped', async () => {
    const plan = planOf(fixedExample());
    const controller = new AbortController();
    h.server.faults.latencyMs = 20;
    const report = await provision(h.client, plan, {
      ...FAST, signal: controller.signal,
      onProgress: (e) => { if (e.type === 'step' && e.step.kind === 'PersistentVolumeClaim') controller.abort(); },
    });
    assert.equal(report.cancelled, true);
    assert.equal(report.stoppedBecause, 'cancelled');
    assert.deepEqual(outcomes(report).map(([, o]) => o), ['manual', 'manual', 'created', 'created', 'created', 'not-run', 'not-run']);
    assert.equal(report.ok, false);
    h.server.faults.latencyMs = 0;
    const resumed = await provision(h.client, plan, FAST);
    assert.deepEqual(outcomes(resumed).map(([, o]) => o), ['manual', 'manual', 'unchanged', 'unchanged', 'unchanged', 'created', 'created']);
    assert.equal(resumed.ok, true);
  });
});

describe('credentials never leak', () => {
  it('a rejected token and a server echoing it appear nowhere in the report or the progress', async () => {
    const secret = 'sekret-token-5f2b9c1e7a';
    const h = await startHarness({ token: 'the-right-token', clientToken: secret });
    try {
      const lines: string[] = [];
      const report = await provision(h.client, planOf(fixedExample()), { ...FAST, onProgress: (e) => lines.push(JSON.stringify(e)) });
      assert.equal(report.steps[2].reason, 'Unauthorized');
      assert.equal(report.steps[2].code, 401);
      const text = JSON.stringify(report) + lines.join('\n');
      assert.ok(!text.includes(secret));

      // a server that puts the Authorization header in its error text
      await h.close();
      const h2 = await startHarness({ clientToken: secret });
      h2.server.faults.fail({ verb: 'create', resource: 'persistentvolumes', code: 500, message: `bad header "Bearer ${secret}" and raw ${secret}` });
      const report2 = await provision(h2.client, planOf(fixedExample()), FAST);
      assert.equal(report2.steps[2].message, 'Internal error occurred: bad header "Bearer [redacted]" and raw [redacted]');
      assert.ok(!JSON.stringify(report2).includes(secret));
      await h2.close();
    } finally {
      await h.close();
    }
  });
});

describe('switching context and namespace without editing the kubeconfig', () => {
  it('uses the named context\'s namespace, and an explicit namespace over it', async () => {
    const file = `${mkdtempSync(`${tmpdir()}/kc-`)}/config`;
    writeKubeconfig(file, { server: 'http://127.0.0.1:1', namespace: 'a', extraContexts: [{ name: 'other', namespace: 'b' }] });
    const before = readFileSync(file, 'utf8');
    assert.equal((await loadTarget({ kubeconfig: file })).namespace, 'a');
    const other = await loadTarget({ kubeconfig: file, context: 'other' });
    assert.deepEqual([other.context, other.namespace], ['other', 'b']);
    assert.equal((await loadTarget({ kubeconfig: file, context: 'other', namespace: 'c' })).namespace, 'c');
    await assert.rejects(loadTarget({ kubeconfig: file, context: 'nope' }), /context "nope" not found in the kubeconfig \(contexts: statefulset-storage-test, other\)/);
    await assert.rejects(loadTarget({ env: { KUBECONFIG: '/nonexistent/a' } }), /no kubeconfig found \(looked at \/nonexistent\/a\)/);
    assert.equal(readFileSync(file, 'utf8'), before);
    assert.ok(await ClusterClient.connect(other));
  });
});

describe('kubectl sees what was provisioned', function () {
  const kubectl = ['/usr/bin/kubectl', '/usr/local/bin/kubectl'].find((p) => existsSync(p));
  it('kubectl --server URL get pv,pvc lists the objects and their binding', async function () {
    if (!kubectl) { this.skip(); return; }
    const h = await startHarness();
    try {
      await provision(h.client, planOf(fixedExample()), FAST);
      // asynchronously: the server runs in this process
      const run = async (args: string[]) => (await promisify(execFile)(kubectl, ['--server', h.server.url, ...args], { encoding: 'utf8', env: { ...process.env, KUBECONFIG: '/dev/null' } })).stdout;
      const names = (await run(['get', 'pv', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.status.phase}:{.spec.claimRef.name} {end}'])).trim().split(' ');
      assert.deepEqual(names, ['mysql-pv-0=Bound:db-mysql-0', 'mysql-pv-1=Bound:db-mysql-1']);
      const pods = (await run(['get', 'pods', '-n', 'default', '-l', 'app=mysql', '-o', 'name'])).trim().split('\n');
      assert.deepEqual(pods, ['pod/mysql-0', 'pod/mysql-1']);
      assert.match(await run(['get', 'statefulset', 'mysql', '-o', 'jsonpath={.status.readyReplicas}']), /^2$/);
      // and kubectl's own error for a missing object is the server's Status
      await assert.rejects(run(['get', 'pvc', 'nope']), /persistentvolumeclaims "nope" not found/);
    } finally {
      await h.close();
    }
  });
});
