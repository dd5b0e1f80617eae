// The engine protocol (core/service/protocol.ts) as the editor speaks it, against both engines: the
// worker thread (dist/engineWorker.js, built) and the in-process fallback (messages structured-cloned
// as postMessage does). The same tests, the same answers: every answer is plain data, carries the
// version of the edits it reflects, and an engine that dies fails its pending requests.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { EngineService } from '../../../src/core/service/engineService';
import { applyFileDelta } from '../../../src/core/service/diagnosticsDelta';
import { joinChanged } from '../../../src/core/service/answerParts';
import type { AnalyzeResult, FileDiagnostics } from '../../../src/core/service/protocol';
import type { Finding } from '../../../src/core/findings';
import type { EngineConnection } from '../../../src/providers/engine/connection';
import { EngineClient, EngineRefusal, EngineStopped } from '../../../src/providers/engine/engineClient';
import { InProcessConnection } from '../../../src/providers/engine/inProcessConnection';
import { WorkerConnection } from '../../../src/providers/engine/workerConnection';
import { distDir } from '../helpers/bundle';
import { repoRoot } from '../helpers/analyze';

const example = (f: string) => readFileSync(path.join(repoRoot(), 'examples', 'mysql-rbd', f), 'utf8');
const key = (f: string) => `file:///ws/${f}`;
/** `n` PVs with reclaimPolicy Recycle: one finding each, thousands in one file */
const recyclePVs = (n: number) => Array.from({ length: n }, (_, i) => `---\napiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pv-${i}\nspec:\n  capacity:\n    storage: 1Gi\n  accessModes: [ReadWriteOnce]\n  persistentVolumeReclaimPolicy: Recycle\n  nfs:\n    server: 10.0.0.1\n    path: /exports/${i}\n`).join('');
const OPTIONS = { defaultNamespace: 'default', maxFileBytes: 10 * 1048576, settings: {}, kustomizeNotRendered: 'not rendered in this test' };

/** `turnMs`: the worker's longest turn taking answers (its default unless given) */
const ENGINES: Record<string, (turnMs?: number) => EngineConnection> = {
  'worker thread': (turnMs) => new WorkerConnection(path.join(distDir(), 'engineWorker.js'), turnMs),
  'main thread (fallback)': () => new InProcessConnection(() => new EngineService()),
};

/** every code per file, from an `analyze` answer's delta applied to `mirror` (as the editor applies it) */
function codesAfter(mirror: Map<string, Finding[]>, changed: readonly FileDiagnostics[]): Record<string, string[]> {
  for (const d of changed) mirror.set(d.file, applyFileDelta(mirror.get(d.file), d.items));
  return Object.fromEntries([...mirror].filter(([, list]) => list.length).map(([f, list]) => [f.replace('file:///ws/', ''), list.map((x) => x.code).sort()]));
}

for (const [name, connect] of Object.entries(ENGINES)) {
  describe(`engine protocol: ${name}`, () => {
    let client: EngineClient;
    let crashes: Error[];
    beforeEach(() => {
      crashes = [];
      client = new EngineClient(connect(), (e) => crashes.push(e));
      client.mutate({ type: 'reset', options: OPTIONS });
      for (const f of ['statefulset.yaml', 'pv.yaml', 'pvc.yaml']) client.mutate({ type: 'setFile', file: key(f), text: example(f) });
    });
    afterEach(() => client.dispose());

    it('answers the diagnostics of changed files only, with the version of the edits', async () => {
      const mirror = new Map<string, Finding[]>();
      const first = await client.request({ type: 'analyze', dirty: [], render: false });
      assert.equal(first.version, 4, 'reset and three files');
      assert.deepEqual(codesAfter(mirror, first.result.changed), {
        'pv.yaml': ['reclaim-policy-recycle', 'removed-volume-plugin'],
        'pvc.yaml': ['storage-class-unset'],
        'statefulset.yaml': ['pvc-missing', 'removed-api-version', 'storage-class-unset'],
      });
      assert.equal(first.result.statefulSetCount, 1);
      // Recycle → Retain by its change range: only pv.yaml's findings travel
      const text = example('pv.yaml');
      const at = text.indexOf('Recycle');
      const v = client.mutate({ type: 'applyChanges', file: key('pv.yaml'), changes: [{ offset: at, deleteCount: 'Recycle'.length, text: 'Retain' }] });
      const second = await client.request({ type: 'analyze', dirty: [], render: false });
      assert.equal(second.version, v);
      assert.deepEqual(second.result.changed.map((d) => d.file), [key('pv.yaml')]);
      assert.deepEqual(second.result.changed[0].items, [0], 'the finding that stays is sent as its index in the previous list');
      assert.deepEqual(codesAfter(mirror, second.result.changed)['pv.yaml'], ['removed-volume-plugin']);
      // nothing changed: nothing travels
      assert.deepEqual((await client.request({ type: 'analyze', dirty: [], render: false })).result.changed, []);
      client.mutate({ type: 'deleteFile', file: key('pv.yaml') });
      const third = await client.request({ type: 'analyze', dirty: [], render: false });
      assert.deepEqual(third.result.changed.find((d) => d.file === key('pv.yaml'))?.items, [], 'a file without findings any more is cleared');
    });

    it('answers lenses, hovers, fixes, the plan, the tree and steps as plain data', async () => {
      const lenses = (await client.request({ type: 'lenses', file: key('statefulset.yaml') })).result;
      assert.ok(lenses.some((l) => l.title === 'Pods: mysql-0, mysql-1' && l.command === 'showPlan'), JSON.stringify(lenses.map((l) => l.title)));
      assert.ok((await client.request({ type: 'lenses', file: key('pv.yaml') })).result.some((l) => /^Bound by default\/db-mysql-0/.test(l.title)));
      const sts = example('statefulset.yaml');
      const nameLine = sts.split('\n').findIndex((l) => /^ {2}name: mysql$/.test(l));
      const hover = (await client.request({ type: 'hover', file: key('statefulset.yaml'), position: { line: nameLine, character: 9 } })).result;
      assert.match(hover?.markdown ?? '', /\*\*StatefulSet default\/mysql\*\*: 2 pods/);
      assert.equal((await client.request({ type: 'hover', file: key('statefulset.yaml'), position: { line: 0, character: 0 } })).result, undefined);

      const analysis = await client.request({ type: 'analyze', dirty: [], render: false });
      const recycle = applyFileDelta([], analysis.result.changed.find((d) => d.file === key('pv.yaml'))!.items).find((f) => f.code === 'reclaim-policy-recycle')!;
      const fixes = (await client.request({ type: 'fixes', file: key('pv.yaml'), findings: [{ code: recycle.code, range: recycle.range }, { code: 'nothing-here', range: recycle.range }] })).result;
      assert.ok(fixes.perFinding[0]?.some((f) => 'edits' in f && f.edits.some((e) => e.newText === 'Retain')), JSON.stringify(fixes));
      assert.equal(fixes.perFinding[1], null, 'a finding the analysis does not have');

      assert.match((await client.request({ type: 'planText' })).result, /StatefulSet default\/mysql .*replicas 2/);
      const tree = (await client.request({ type: 'tree' })).result;
      assert.deepEqual(tree.sets.map((s) => [s.name, s.replicas, s.file]), [['mysql', 2, key('statefulset.yaml')]]);
      const steps = (await client.request({ type: 'setSteps', set: tree.sets[0] })).result;
      assert.deepEqual(steps.map((s) => s.kind), ['BackingVolume', 'PersistentVolume', 'PersistentVolumeClaim', 'Service', 'StatefulSet']);
      assert.match(steps[0].manual?.lines[0] ?? '', /^rbd create rbd\/volume101/);
      assert.equal(steps[1].target?.file, key('pv.yaml'));
    });

    it('generates for a set, and refuses with the checks\' message', async () => {
      const [set] = (await client.request({ type: 'sets' })).result;
      const source = { kind: 'nfs' as const, server: '10.0.0.5', pathPattern: '/exports/{claim}' };
      const result = (await client.request({ type: 'generate', set, options: { source, ordinals: 'missing', layout: 'per-ordinal', directory: 'file:///ws/out' } })).result;
      assert.deepEqual(result.creates.map((c) => c.file), ['file:///ws/out/mysql-1-storage.yaml']);
      await assert.rejects(client.request({ type: 'generate', set, options: { source: { ...source, server: '' }, ordinals: 'all', layout: 'single', directory: 'file:///ws/out' } }), EngineRefusal);
      assert.equal((await client.request({ type: 'generateDefaults' })).result.detected, 'ceph-rbd');
      // the set's folder's config names the source: it comes with the answer, as plain data
      client.mutate({ type: 'setFile', file: key('.statefulset-storage.yaml'), text: 'generate:\n  source: nfs\n  server: 10.0.0.9\n' });
      const withConfig = (await client.request({ type: 'generateDefaults', file: key('statefulset.yaml') })).result;
      assert.deepEqual(withConfig.config, { source: 'nfs', server: '10.0.0.9' });
    });

    it('simulates the workspace, takes cluster snapshots, and gives a unit\'s sources', async () => {
      const simulated = (await client.request({ type: 'simulate', existing: [] })).result;
      assert.ok(simulated.result.rejected.some((r) => r.kind === 'StatefulSet' && r.name === 'mysql'), 'apps/v1beta1 is rejected');
      assert.deepEqual(simulated.objects.map((o) => o.kind).sort(), ['PersistentVolume', 'PersistentVolumeClaim', 'Service', 'StatefulSet']);
      const v = client.mutate({ type: 'setClusterSnapshots', snapshots: {}, currentContext: undefined });
      assert.equal((await client.request({ type: 'fileNames' })).version, v);
      const sources = (await client.request({ type: 'unitSources', file: key('pv.yaml') })).result;
      assert.deepEqual(sources?.files.map((f) => f.file).sort(), [key('pv.yaml'), key('pvc.yaml'), key('statefulset.yaml')]);
      assert.equal(sources?.options.defaultNamespace, 'default');
    });

    it('after a series of edits, answers as a fresh engine given the final texts', async () => {
      const texts = new Map(['statefulset.yaml', 'pv.yaml', 'pvc.yaml'].map((f) => [key(f), example(f)]));
      const edit = (file: string, offset: number, deleteCount: number, text: string) => {
        const old = texts.get(key(file))!;
        texts.set(key(file), old.slice(0, offset) + text + old.slice(offset + deleteCount));
        client.mutate({ type: 'applyChanges', file: key(file), changes: [{ offset, deleteCount, text }] });
      };
      const mirror = new Map<string, Finding[]>();
      codesAfter(mirror, (await client.request({ type: 'analyze', dirty: [], render: false })).result.changed);
      edit('statefulset.yaml', texts.get(key('statefulset.yaml'))!.indexOf('apps/v1beta1'), 'apps/v1beta1'.length, 'apps/v1');
      edit('statefulset.yaml', texts.get(key('statefulset.yaml'))!.indexOf('replicas: 2') + 10, 1, '3');
      edit('pvc.yaml', 0, 0, '# a comment\n');
      const incremental = codesAfter(mirror, (await client.request({ type: 'analyze', dirty: [], render: false })).result.changed);
      const fresh = new EngineClient(connect(), () => undefined);
      try {
        fresh.mutate({ type: 'reset', options: OPTIONS });
        for (const [file, text] of texts) fresh.mutate({ type: 'setFile', file, text });
        assert.deepEqual(incremental, codesAfter(new Map(), (await fresh.request({ type: 'analyze', dirty: [], render: false })).result.changed));
        assert.deepEqual((await client.request({ type: 'lenses', file: key('statefulset.yaml') })).result, (await fresh.request({ type: 'lenses', file: key('statefulset.yaml') })).result);
      } finally {
        fresh.dispose();
      }
    });

    it('sends a file of thousands of findings in parts, complete and in order, giving the thread back between them', async () => {
      const n = 1000; // the most findings a file shows (limits.maxFindingsPerFile)
      const text = recyclePVs(n);
      // the engine's own answer, computed here without a connection: what must arrive
      const direct = new EngineService();
      direct.receive({ kind: 'mutate', version: 1, mutation: { type: 'reset', options: OPTIONS } });
      for (const f of ['statefulset.yaml', 'pv.yaml', 'pvc.yaml']) direct.receive({ kind: 'mutate', version: 1, mutation: { type: 'setFile', file: key(f), text: example(f) } });
      direct.receive({ kind: 'mutate', version: 1, mutation: { type: 'setFile', file: key('pvs.yaml'), text } });
      const out = direct.receive({ kind: 'request', id: 1, request: { type: 'analyze', dirty: [], render: false } });
      const expected = joinChanged(out.map((m) => (m.kind === 'part' ? m.changed : m.kind === 'result' ? (m.result as AnalyzeResult).changed : [])));
      assert.ok(out.length > 5, `${out.length} messages: the answer is sent in parts`);
      // one answer per turn: after each part, a task queued then runs before the next part arrives
      const paced = new EngineClient(connect(0), () => undefined);
      try {
        paced.mutate({ type: 'reset', options: OPTIONS });
        for (const f of ['statefulset.yaml', 'pv.yaml', 'pvc.yaml']) paced.mutate({ type: 'setFile', file: key(f), text: example(f) });
        paced.mutate({ type: 'setFile', file: key('pvs.yaml'), text });
        const seen: { kind: string; gaveBack: boolean }[] = [];
        let queued: { ran: boolean } | undefined;
        paced.connection.onMessage((m) => {
          seen.push({ kind: m.kind, gaveBack: queued?.ran ?? true });
          const task = { ran: false };
          queued = task;
          setImmediate(() => { task.ran = true; });
        });
        const answer = await paced.request({ type: 'analyze', dirty: [], render: false });
        const big = answer.result.changed.find((d) => d.file === key('pvs.yaml'));
        assert.equal(big?.items.length, n, 'every finding arrives');
        assert.deepEqual(answer.result.changed, expected, 'as the engine computed them, in order');
        const lines = applyFileDelta(undefined, big.items).map((f) => f.range.start.line);
        assert.ok(lines.every((l, i) => i === 0 || l > lines[i - 1]), 'in the order of the file');
        assert.ok(seen.filter((m) => m.kind === 'part').length >= 5, `parts: ${JSON.stringify(seen.map((m) => m.kind))}`);
        assert.ok(seen.every((m) => m.gaveBack), `the thread ran other tasks between the parts: ${JSON.stringify(seen)}`);
      } finally {
        paced.dispose();
      }
    });

    it('fails the pending requests of an engine that dies, and reports it', async () => {
      const pending = client.request({ type: 'analyze', dirty: [], render: false });
      await client.connection.kill!();
      await assert.rejects(pending, EngineStopped);
      assert.equal(crashes.length, 1);
    });
  });
}
