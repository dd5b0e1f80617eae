// immutable-field-change against the test API server: a StatefulSet is created there, the live state is
// read with readClusterSnapshot, and the rule's verdict on an edited file is compared with what the server
// answers when the edit is sent as kubectl apply sends it (a merge patch of the file's fields).
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ClusterSnapshot } from '../../../src/core/clusterSnapshot';
import { Project } from '../../../src/core/project/project';
import { DEFAULT_LIMITS } from '../../../src/core/source';
import { readClusterSnapshot } from '../../../src/cluster';
import { docs, HEADLESS_SERVICE, statefulSet } from '../helpers/analyze';
import { Harness, startHarness } from './harness';

const SET = statefulSet({ replicas: 2, className: '', storage: '1Gi' });
const FORBIDDEN = 'StatefulSet.apps "web" is invalid: spec: Forbidden: updates to statefulset spec for fields other than '
  + "'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

function findings(text: string, snapshot: ClusterSnapshot) {
  const p = new Project({ defaultNamespace: 'default', limits: DEFAULT_LIMITS, snapshots: new Map([[snapshot.context, snapshot]]), currentContext: snapshot.context });
  p.setFile('/w/app/app.yaml', docs(HEADLESS_SERVICE, text));
  return p.analyze().findings.filter((f) => f.code === 'immutable-field-change');
}

/** What the server answers to the file's StatefulSet sent as kubectl apply sends it (a dry-run merge patch). */
async function serverAnswer(h: Harness, text: string): Promise<{ status: number; message?: string }> {
  const res = await fetch(`${h.server.url}/apis/apps/v1/namespaces/default/statefulsets/web?dryRun=All`, {
    method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: JSON.stringify(parse(text)),
  });
  const body = await res.json() as { message?: string };
  return { status: res.status, message: res.status === 200 ? undefined : body.message };
}

describe('immutable-field-change: the rule agrees with the API server', () => {
  let h: Harness;
  let snapshot: ClusterSnapshot;
  before(async () => {
    h = await startHarness();
    await h.client.create(parse(SET), false);
    snapshot = await readClusterSnapshot(h.client, ['default'], { timeoutMs: 5000 });
  });
  after(async () => { await h.close(); });

  const edits: { name: string; text: string; field?: RegExp }[] = [
    { name: 'the file as applied', text: SET },
    { name: 'replicas and the pod template changed (mutable)', text: SET.replace('replicas: 2', 'replicas: 5').replace('image: nginx', 'image: nginx:1.27') },
    { name: 'podManagementPolicy and revisionHistoryLimit omitted (the server defaulted them)', text: SET },
    { name: 'the claim template asks for 2Gi', text: SET.replace('storage: 1Gi', 'storage: 2Gi'), field: /^volumeClaimTemplates\[0\] "www": storage request of StatefulSet "web" is 1Gi on the cluster .* and 2Gi here/ },
    { name: '1024Mi is 1Gi (quantities compare by value)', text: SET.replace('storage: 1Gi', 'storage: 1024Mi') },
    { name: 'serviceName changed', text: SET.replace('serviceName: nginx', 'serviceName: web'), field: /^serviceName of StatefulSet "web" is "nginx" on the cluster/ },
    { name: 'podManagementPolicy: Parallel', text: SET.replace('  selector:', '  podManagementPolicy: Parallel\n  selector:'), field: /^podManagementPolicy of StatefulSet "web" is "OrderedReady" on the cluster/ },
    { name: 'the template\'s class unset instead of ""', text: SET.replace('      storageClassName: ""\n', ''), field: /storageClassName of StatefulSet "web" is "" on the cluster .* and unset here/ },
  ];
  for (const e of edits) {
    it(`${e.name}: ${e.field ? 'an error, and the server refuses the update' : 'silent, and the server accepts the update'}`, async () => {
      const found = findings(e.text, snapshot);
      const answer = await serverAnswer(h, e.text);
      if (!e.field) {
        assert.deepEqual(found.map((f) => f.message), []);
        assert.equal(answer.status, 200, answer.message);
        return;
      }
      assert.equal(found.length, 1, found.map((f) => f.message).join('\n'));
      assert.equal(found[0].severity, 'error');
      assert.match(found[0].message, e.field);
      assert.equal(answer.status, 422);
      assert.equal(answer.message, FORBIDDEN);
      assert.ok(found[0].message.includes(`applying it fails: the API server answers 422 Invalid: ${FORBIDDEN}.`), found[0].message);
    });
  }

  it('a larger claim: says to expand each existing claim, then delete --cascade=orphan and apply again; the range is the storage value', async () => {
    const text = SET.replace('storage: 1Gi', 'storage: 2Gi');
    const [f] = findings(text, { ...snapshot, persistentVolumeClaims: [
      { metadata: { name: 'www-web-0', namespace: 'default' }, spec: { storageClassName: '' }, status: { phase: 'Bound' } },
    ] });
    assert.match(f.message, /The existing claims \(www-web-0\) can be expanded only where their StorageClass allows it \(allowVolumeExpansion: true; no class: a pre-provisioned PV is grown by hand\): kubectl patch pvc NAME -p '\{"spec":\{"resources":\{"requests":\{"storage":"2Gi"\}\}\}\}'\. Then kubectl delete statefulset web --cascade=orphan \(its pods and claims stay\), then apply again/);
    const line = docs(HEADLESS_SERVICE, text).split('\n').findIndex((l) => l.includes('storage: 2Gi'));
    assert.deepEqual([f.range.start.line, f.range.start.character], [line, docs(HEADLESS_SERVICE, text).split('\n')[line].indexOf('2Gi')]);
  });

  it('a field the file omits: flagged only when the last kubectl apply set it (apply then removes it)', () => {
    const live = snapshot.statefulSets[0];
    const parallel = { ...live, spec: { ...live.spec, podManagementPolicy: 'Parallel' } };
    const withApplied = (applied: object) => ({ ...parallel, metadata: { ...parallel.metadata, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(applied) } } });
    assert.deepEqual(findings(SET, { ...snapshot, statefulSets: [parallel] }), [], 'set by another tool: apply leaves it');
    assert.deepEqual(findings(SET, { ...snapshot, statefulSets: [withApplied({ spec: { replicas: 2 } })] }), [], 'not in the last apply either');
    const [f] = findings(SET, { ...snapshot, statefulSets: [withApplied({ spec: { podManagementPolicy: 'Parallel' } })] });
    assert.match(f.message, /^podManagementPolicy of StatefulSet "web" is "Parallel" on the cluster .* and unset \("OrderedReady"\) here/);
  });

  it('a dataSource the server filled from the file\'s dataSourceRef is no change; another dataSource is', () => {
    const live = snapshot.statefulSets[0];
    const source = { kind: 'PersistentVolumeClaim', name: 'seed' };
    const [tpl] = live.spec.volumeClaimTemplates;
    const filled = { ...live, spec: { ...live.spec, volumeClaimTemplates: [{ ...tpl, spec: { ...tpl.spec, dataSource: source, dataSourceRef: source } }] } };
    const withRef = SET.replace('      accessModes: ["ReadWriteOnce"]\n', '      accessModes: ["ReadWriteOnce"]\n      dataSourceRef: {kind: PersistentVolumeClaim, name: seed}\n');
    assert.deepEqual(findings(withRef, { ...snapshot, statefulSets: [filled] }), []);
    const other = SET.replace('      accessModes: ["ReadWriteOnce"]\n', '      accessModes: ["ReadWriteOnce"]\n      dataSource: {kind: PersistentVolumeClaim, name: other}\n');
    assert.match(findings(other, { ...snapshot, statefulSets: [filled] })[0].message, /^volumeClaimTemplates\[0\] "www": dataSource of StatefulSet "web"/);
  });

  it('a StatefulSet read through an unrendered kustomization (patches not applied) is not compared', () => {
    const live = snapshot.statefulSets[0];
    const [tpl] = live.spec.volumeClaimTemplates;
    // the cluster has the overlay's patched size; the base file says 1Gi
    const patched = { ...live, spec: { ...live.spec, volumeClaimTemplates: [{ ...tpl, spec: { ...tpl.spec, resources: { requests: { storage: '5Gi' } } } }] } };
    const live5 = { ...snapshot, statefulSets: [patched] };
    const p = new Project({ defaultNamespace: 'default', limits: DEFAULT_LIMITS, snapshots: new Map([[snapshot.context, live5]]), currentContext: snapshot.context });
    p.setFile('/w/app/web.yaml', docs(HEADLESS_SERVICE, SET));
    p.setFile('/w/app/kustomization.yaml', 'resources:\n- web.yaml\npatches:\n- path: bigger.yaml\n');
    assert.deepEqual(p.analyze().findings.filter((f) => f.code === 'immutable-field-change'), []);
    assert.equal(findings(SET, live5).length, 1, 'the same file outside a kustomization is compared');
  });

  it('without a snapshot it never fires', () => {
    const p = new Project({ defaultNamespace: 'default', limits: DEFAULT_LIMITS });
    p.setFile('/w/app/app.yaml', docs(HEADLESS_SERVICE, SET.replace('storage: 1Gi', 'storage: 2Gi')));
    assert.deepEqual(p.analyze().findings.filter((f) => f.code === 'immutable-field-change'), []);
  });
});

function kubectl(args: readonly string[]): Promise<{ code: number; out: string; err: string; missing: boolean }> {
  return new Promise((resolve) => {
    execFile('kubectl', args, { timeout: 30_000, shell: false }, (e, out, err) => resolve({
      code: e ? (typeof e.code === 'number' ? e.code : -1) : 0, out: String(out), err: String(err), missing: (e as { code?: unknown } | null)?.code === 'ENOENT',
    }));
  });
}

// The same verdicts with the real kubectl apply (its strategic merge patch and last-applied-configuration),
// when kubectl is on PATH: what the rule says is what `kubectl apply` then prints.
describe('immutable-field-change agrees with kubectl apply', function () {
  this.timeout(60_000);
  let h: Harness;
  let file: string;
  const apply = (text: string) => { writeFileSync(file, text); return kubectl(['--kubeconfig', h.kubeconfig, '--server', h.server.url, 'apply', '-f', file]); };
  const snap = () => readClusterSnapshot(h.client, ['default'], { timeoutMs: 5000 });
  before(async function () {
    if ((await kubectl(['version', '--client'])).missing) {
      console.log('      (skipped: kubectl is not on PATH; the merge-patch tests above cover the same server answers)');
      this.skip();
    }
    file = join(mkdtempSync(join(tmpdir(), 'sts-immutable-')), 'web.yaml');
  });
  beforeEach(async () => { h = await startHarness(); });
  afterEach(async () => { await h?.close(); });

  it('a larger claim template: the rule\'s error, and kubectl apply fails with the server\'s message', async () => {
    assert.equal((await apply(SET)).code, 0);
    const changed = SET.replace('storage: 1Gi', 'storage: 2Gi');
    const [f] = findings(changed, await snap());
    assert.match(f.message, /storage request of StatefulSet "web" is 1Gi on the cluster/);
    const r = await apply(changed);
    assert.equal(r.code, 1);
    assert.match(r.err, /The StatefulSet "web" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden/);
    assert.deepEqual(findings(SET, await snap()), [], 'the file as applied: silent');
    assert.equal((await apply(SET.replace('replicas: 2', 'replicas: 3'))).code, 0, 'and a mutable change applies');
  });

  it('a field the last apply set and the file now omits: apply removes it, the server refuses, the rule says so', async () => {
    const parallel = SET.replace('  selector:', '  podManagementPolicy: Parallel\n  selector:');
    assert.equal((await apply(parallel)).code, 0);
    const [f] = findings(SET, await snap());
    assert.match(f.message, /^podManagementPolicy of StatefulSet "web" is "Parallel" on the cluster .* and unset \("OrderedReady"\) here/);
    const r = await apply(SET);
    assert.equal(r.code, 1);
    assert.match(r.err, /The StatefulSet "web" is invalid: spec: Forbidden/);
  });
});
