// check --live / plan --live through argv and exit codes, against the test API server: a claim Bound on the
// cluster is not reported missing, a changed claim template is immutable-field-change, and a cluster
// that cannot be read gives one warning naming its context and the offline verdict — without hanging,
// also as its own process.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { resource } from '../../../src/core/simulation';
import { writeKubeconfig } from '../../support/apiserver/kubeconfig';
import { Harness, startHarness } from '../cluster/harness';
import { docs, HEADLESS_SERVICE, pv, pvc, repoRoot, statefulSet } from '../helpers/analyze';
import { runCli as run } from '../helpers/cli';

const SET = statefulSet({ replicas: 2, className: '' });
// ordinal 0's claim and PV are in the files; ordinal 1's exist only on the cluster
const APP = docs(HEADLESS_SERVICE, SET, pv({ name: 'pv-0', className: '', claimRef: '    name: www-web-0\n    namespace: default\n' }),
  pvc({ name: 'www-web-0', className: '', extra: '  volumeName: pv-0\n' }));

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) assert.fail('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, close: () => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }) };
}

describe('CLI: check --live / plan --live', () => {
  let h: Harness;
  let dir: string;
  const at = (...p: string[]) => path.join(dir, ...p);
  before(async () => {
    h = await startHarness();
    dir = mkdtempSync(path.join(tmpdir(), 'sts-live-'));
    writeFileSync(at('app.yaml'), APP);
    const api = h.server.api;
    api.create(resource('persistentvolumes'), undefined, parse(pv({ name: 'pv-1', className: '', claimRef: '    name: www-web-1\n    namespace: default\n' })));
    api.create(resource('persistentvolumeclaims'), 'default', parse(pvc({ name: 'www-web-1', className: '' })));
    await until(() => api.get(resource('persistentvolumeclaims'), 'default', 'www-web-1').status?.phase === 'Bound');
  });
  after(async () => { await h.close(); rmSync(dir, { recursive: true, force: true }); });

  it('a claim Bound on the cluster is not reported missing (offline it is), and plan says it binds its PV', async () => {
    const offline = await run('check', dir);
    assert.match(offline.out, /warning pvc-missing: www-web-1 is neither pre-created nor reserved by a PV/);
    const live = await run('check', dir, '--live', '--kubeconfig', h.kubeconfig);
    assert.deepEqual([live.code, live.out, live.err], [0, '0 errors, 0 warnings, 0 info\n', '']);
    const plan = JSON.parse((await run('plan', dir, '--live', '--kubeconfig', h.kubeconfig, '--format', 'json')).out);
    const claim = plan.statefulSets[0].claims.find((c: { name: string }) => c.name === 'www-web-1');
    assert.deepEqual([claim.outcome, claim.bindsTo], ['binds', 'pv-1']);
    assert.match(claim.reason, /is Bound to pv-1 on the cluster \(context "statefulset-storage-test"\)/);
    assert.deepEqual(Object.keys(plan.units[0].live), ['context', 'kubernetesVersion', 'takenAt']);
    assert.deepEqual([plan.units[0].live.context, plan.units[0].live.kubernetesVersion], ['statefulset-storage-test', '1.32']);
    const text = (await run('plan', dir, '--live', '--kubeconfig', h.kubeconfig)).out;
    assert.match(text, /^Against the live state of context "statefulset-storage-test" \(Kubernetes 1\.32\), read \d{4}-\d\d-\d\dT/);
    assert.match(text, /claim www-web-1 \(pod web-1\) → pv-1: is Bound to pv-1 on the cluster/);
    assert.doesNotMatch((await run('plan', dir)).out, /live state/, 'offline: no such line');
  });

  it('a claim template changed against the StatefulSet on the cluster: immutable-field-change, exit 1', async () => {
    h.server.api.create(resource('statefulsets'), 'default', parse(SET));
    try {
      writeFileSync(at('app.yaml'), APP.replace('storage: 1Gi\n---\napiVersion: v1\nkind: PersistentVolume', 'storage: 5Gi\n---\napiVersion: v1\nkind: PersistentVolume'));
      const r = await run('check', dir, '--live', '--kubeconfig', h.kubeconfig);
      assert.equal(r.code, 1, r.out);
      assert.match(r.out, /app\.yaml:\d+:\d+: error immutable-field-change: volumeClaimTemplates\[0\] "www": storage request of StatefulSet "web" is 1Gi on the cluster .* and 5Gi here: applying it fails: the API server answers 422 Invalid: StatefulSet\.apps "web" is invalid: spec: Forbidden: updates to statefulset spec/);
      assert.equal((await run('check', dir)).code, 0, 'offline: no such error');
    } finally {
      h.server.api.delete(resource('statefulsets'), 'default', 'web');
      writeFileSync(at('app.yaml'), APP);
    }
  });

  it('a context that does not exist: one warning naming it, the offline verdict, the same exit code', async () => {
    const r = await run('check', dir, '--live', '--kubeconfig', h.kubeconfig, '--context', 'nowhere');
    assert.equal(r.code, 0);
    assert.match(r.out, /pvc-missing/);
    assert.equal(r.err, 'statefulset-storage: warning: cannot read the live state of context "nowhere" (context "nowhere" not found in the kubeconfig (contexts: statefulset-storage-test)); its units are checked with the offline profile\n');
  });

  it('a config file\'s context: chooses the snapshot of its units; a context that cannot be read is named in the warning', async () => {
    const kc = writeKubeconfig(path.join(mkdtempSync(path.join(tmpdir(), 'sts-kc-')), 'config'), { server: h.server.url, context: 'first', extraContexts: [{ name: 'second' }] });
    const cfg = at('.statefulset-storage.yaml');
    try {
      writeFileSync(cfg, 'context: second\n');
      const r = await run('check', dir, '--live', '--kubeconfig', kc);
      assert.deepEqual([r.code, r.out, r.err], [0, '0 errors, 0 warnings, 0 info\n', '']);
      const plan = JSON.parse((await run('plan', dir, '--live', '--kubeconfig', kc, '--format', 'json')).out);
      assert.match(plan.statefulSets[0].claims[1].reason, /on the cluster \(context "second"\)/);
      writeFileSync(cfg, 'context: third\n');
      const missing = await run('check', dir, '--live', '--kubeconfig', kc);
      assert.match(missing.out, /pvc-missing/);
      assert.match(missing.err, /^statefulset-storage: warning: cannot read the live state of context "third" \(context "third" not found in the kubeconfig/);
    } finally {
      rmSync(cfg, { force: true });
    }
  });

  it('objects that name no namespace are looked up in the context\'s namespace, where kubectl apply puts them', async () => {
    const api = h.server.api;
    api.create(resource('namespaces'), undefined, { metadata: { name: 'shop' } });
    api.create(resource('persistentvolumes'), undefined, parse(pv({ name: 'pv-s', className: '', claimRef: '    name: www-web-0\n    namespace: shop\n' })));
    api.create(resource('persistentvolumeclaims'), 'shop', parse(pvc({ name: 'www-web-0', className: '' })));
    await until(() => api.get(resource('persistentvolumeclaims'), 'shop', 'www-web-0').status?.phase === 'Bound');
    const other = mkdtempSync(path.join(tmpdir(), 'sts-live-ns-'));
    try {
      writeFileSync(path.join(other, 'app.yaml'), docs(HEADLESS_SERVICE, statefulSet({ replicas: 1, className: '' })));
      const kc = writeKubeconfig(path.join(mkdtempSync(path.join(tmpdir(), 'sts-kc-')), 'config'), { server: h.server.url, context: 'shop-ctx', namespace: 'shop' });
      assert.match((await run('check', other)).out, /pvc-unbindable/, 'offline: in "default", nothing binds it');
      const r = await run('check', other, '--live', '--kubeconfig', kc);
      assert.deepEqual([r.code, r.out, r.err], [0, '0 errors, 0 warnings, 0 info\n', '']);
      const plan = JSON.parse((await run('plan', other, '--live', '--kubeconfig', kc, '--format', 'json')).out);
      assert.deepEqual([plan.statefulSets[0].namespace, plan.statefulSets[0].claims[0].bindsTo], ['shop', 'pv-s']);
      const flagged = JSON.parse((await run('plan', other, '--live', '--kubeconfig', kc, '--namespace', 'default', '--format', 'json')).out);
      assert.equal(flagged.statefulSets[0].namespace, 'default', '--namespace wins');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('--context, --kubeconfig or --live-timeout without --live: a usage error', async () => {
    const r = await run('check', dir, '--context', 'x');
    assert.equal(r.code, 2);
    assert.match(r.err, /--context is for the live cluster state: add --live/);
  });

  it('--help documents --live', async () => {
    assert.match((await run('--help')).out, /--live \[--context C\] \[--kubeconfig F\] \[--live-timeout S\]/);
  });
});

describe('CLI: --live against a cluster that does not answer', () => {
  let dir: string;
  before(() => { dir = mkdtempSync(path.join(tmpdir(), 'sts-live-down-')); writeFileSync(path.join(dir, 'app.yaml'), APP); });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const kubeconfigFor = (server: string) => writeKubeconfig(path.join(mkdtempSync(path.join(tmpdir(), 'sts-kc-')), 'config'), { server, context: 'down', token: 'secret-token-789' });

  it('a closed port: a warning naming the context, the offline verdict, no token printed', async () => {
    const s = await silentServer();
    await s.close();
    const r = await run('check', dir, '--live', '--kubeconfig', kubeconfigFor(s.url));
    assert.equal(r.code, 0);
    assert.match(r.out, /pvc-missing/);
    assert.match(r.err, /^statefulset-storage: warning: cannot read the live state of context "down" \(context "down": cannot reach the API server at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)\); its units are checked with the offline profile\n$/);
    assert.ok(!r.err.includes('secret-token-789'));
  });

  it('a server that never answers: the CLI process ends soon after --live-timeout, with the warning and exit 0', async () => {
    const s = await silentServer();
    try {
      const started = Date.now();
      const cli = path.join(repoRoot(), 'dist', 'cli.js');
      const r = await promisify(execFile)(process.execPath, [cli, 'check', dir, '--live', '--live-timeout', '0.5', '--kubeconfig', kubeconfigFor(s.url)], { timeout: 15_000 });
      const took = Date.now() - started;
      assert.ok(took < 8000, `the process took ${took} ms`);
      assert.match(r.stderr, /cannot read the live state of context "down" \(the API server of context "down" \(http:\/\/127\.0\.0\.1:\d+\) did not answer within 0\.5s\)/);
      assert.match(r.stdout, /pvc-missing/);
    } finally {
      await s.close();
    }
  });
});
