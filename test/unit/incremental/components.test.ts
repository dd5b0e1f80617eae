// The incremental analysis (components re-analysed after edits) must say exactly what a fresh analysis of
// the whole workspace says. Random edits over real manifests and a generated storage workspace, each
// checked against a from-scratch analysis with isolation off (the rules run once over everything).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Analysis, AnalysisOptions, DEFAULT_OPTIONS, movedChunks, Workspace } from '../../../src/core/analysis';
import type { Chunk } from '../../../src/core/source';
import { duplicateObject } from '../../../src/core/rules/duplicateObject';
import { generateManifest, SHAPES } from '../../../bench/manifest';
import { corpusDir, pv as makePv, pvc as makePvc, repoRoot, storageClass } from '../helpers/analyze';

function lcg(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

const pv = (name: string, claim?: string, size = '1Gi') =>
  makePv({ name, storage: size, className: '', claimRef: claim ? `    name: ${claim}\n    namespace: default\n` : undefined });
const pvc = (name: string, volume?: string, size = '1Gi') =>
  makePvc({ name, storage: size, className: '', extra: volume ? `  volumeName: ${volume}\n` : '' });

const defaultClass = storageClass({ name: 'fast', provisioner: 'example.com/fast', isDefault: true });

/** The generated manifest's StatefulSet `app<i>` with other replicas and name. */
const generatedSet = (i: number, replicas: number, name = `app${i}`) =>
  generateManifest(i + 1).split('---\n')[5 * i + 1].replace(/replicas: 3/, `replicas: ${replicas}`).replace(new RegExp(`name: app${i}\\b`, 'g'), `name: ${name}`);

/**
 * Documents an edit may add: pinned and unpinned PVs, claims, a default class, a duplicate, junk, and
 * what makes the binder's order matter: a second set of an existing name, a set whose claim names
 * collide with another's (`data` of `app1-x` and `data-app1` of `x` both give `data-app1-x-0`), a PV
 * name used twice.
 */
const additions = [
  pv('extra-0', 'data-app1-0'), pv('extra-1', 'data-app1-7'), pv('loose', undefined, '5Gi'), pv('small', undefined, '100Mi'),
  pvc('data-app2-1'), pvc('data-app2-9'), pvc('data-app3-0', 'app3-pv-0'), pvc('www-web-0'), pvc('solo', 'nowhere'),
  defaultClass, 'kind: [unclosed\n', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: app1\nspec:\n  clusterIP: 10.0.0.9\n',
  generatedSet(1, 5), generatedSet(2, 1, 'app2-x'), generatedSet(2, 1, 'x').replace('name: data\n', 'name: data-app2\n'),
  pv('app2-pv-0', 'someone-else'), pv('app1-pv-1', 'data-app1-1', '2Gi'),
];

/** Small targeted edits: the values the rules read. */
const rewrites: [RegExp, (r: () => number) => string][] = [
  [/replicas: \d+/g, (r) => `replicas: ${Math.floor(r() * 12)}`],
  [/storage: \d+\w+/g, (r) => `storage: ${['100Mi', '1Gi', '1G', '10Gi'][Math.floor(r() * 4)]}`],
  [/name: app\d+/g, (r) => `name: app${Math.floor(r() * 5)}`],
  [/serviceName: \S+/g, (r) => `serviceName: ${['app1', 'app2', 'nginx', 'mysql'][Math.floor(r() * 4)]}`],
  [/storageClassName: \S+/g, (r) => `storageClassName: ${['""', 'fast', 'slow'][Math.floor(r() * 3)]}`],
  [/name: data-app\d+-\d+/g, (r) => `name: data-app${Math.floor(r() * 5)}-${Math.floor(r() * 5)}`],
];

function edit(text: string, r: () => number): { offset: number; deleteCount: number; text: string } {
  const choice = r();
  if (choice < 0.45) {
    const [re, make] = rewrites[Math.floor(r() * rewrites.length)];
    const hits = [...text.matchAll(re)];
    if (hits.length > 0) {
      const m = hits[Math.floor(r() * hits.length)];
      return { offset: m.index!, deleteCount: m[0].length, text: make(r) };
    }
  }
  const starts = [0, ...[...text.matchAll(/^---\n/gm)].map((m) => m.index!)];
  if (choice < 0.7) { // add a document
    const at = starts[Math.floor(r() * starts.length)];
    return { offset: at, deleteCount: 0, text: `${at === 0 ? '' : '---\n'}${additions[Math.floor(r() * additions.length)]}${at === 0 ? '---\n' : ''}` };
  }
  if (choice < 0.78 && starts.length > 2) { // move a document after the next one, as one change
    const i = 1 + Math.floor(r() * (starts.length - 2));
    const end = i + 2 < starts.length ? starts[i + 2] : text.length;
    const a = text.slice(starts[i], starts[i + 1]);
    const b = text.slice(starts[i + 1], end);
    if (b.endsWith('\n')) return { offset: starts[i], deleteCount: end - starts[i], text: b + a };
  }
  if (choice < 0.85 && starts.length > 1) { // delete a document
    const i = 1 + Math.floor(r() * (starts.length - 1));
    const end = i + 1 < starts.length ? starts[i + 1] : text.length;
    return { offset: starts[i], deleteCount: end - starts[i], text: '' };
  }
  const offset = Math.floor(r() * (text.length + 1)); // a keystroke anywhere
  return { offset, deleteCount: Math.min(text.length - offset, Math.floor(r() * 4)), text: ['', 'x', '\n', ' ', ': '][Math.floor(r() * 5)] };
}

/** What an analysis says, as plain data. */
function meaning(a: Analysis) {
  return {
    findings: a.findings,
    // in the binder's order: pre-created claims, then each set's claims by ordinal
    claims: a.prediction.claims.map((c) => `${c.namespace}/${c.name} ${c.outcome} ${c.volume?.name ?? '-'} ${c.reason} ${c.pvc ? `${c.pvc.src.file}#${c.pvc.src.index}` : ''}`),
    objects: a.index.objects.map((o) => `${o.src.file}#${o.src.index} ${o.key}`),
    sets: a.statefulSetCount,
  };
}

/** Edits `replicas: 3` of a generated set, as a keystroke; returns the text it leaves. */
function setReplicas(ws: Workspace, file: string, text: string, set: string, value: string): string {
  const at = text.indexOf('  replicas: 3', text.indexOf(`name: ${set}\nspec:`)) + '  replicas: '.length;
  ws.applyChanges(file, [{ offset: at, deleteCount: 1, text: value }]);
  return text.slice(0, at) + value + text.slice(at + 1);
}

const claim = (a: Analysis, name: string) => a.prediction.claims.find((c) => c.name === name);

function reference(files: Map<string, string>, options: Partial<AnalysisOptions>): Analysis {
  const ws = new Workspace({ ...DEFAULT_OPTIONS, ...options });
  for (const [f, t] of files) ws.setFile(f, t);
  return ws.analyze();
}

describe('incremental analysis by components', () => {
  // Where every PV is pinned, components are analysed apart and the binder's order within them matters
  // (the predictions' isolated path); the real manifests have unpinned PVs (one component, in order).
  const pinnedOnly = new Map<string, string>();
  pinnedOnly.set('generated.yaml', generateManifest(5));
  pinnedOnly.set('claims.yaml', [pvc('data-app2-0'), pvc('data-app4-1', 'app4-pv-1'), pv('app3-pv-0', 'data-app3-0')].join('---\n'));
  pinnedOnly.set('more.yaml', [generatedSet(3, 2, 'app3-y'), pvc('data-app3-y-0'), generatedSet(4, 2, 'app4')].join('---\n'));
  const withRealManifests = new Map(pinnedOnly);
  for (const dir of [corpusDir('kubernetes-website'), path.join(repoRoot(), 'examples/mysql-rbd')]) {
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort()) withRealManifests.set(path.join(dir, f), fs.readFileSync(path.join(dir, f), 'utf8'));
  }

  for (const [seed, seedFiles] of [[1, withRealManifests], [2, withRealManifests], [3, pinnedOnly], [4, pinnedOnly], [5, pinnedOnly]] as const) {
    it(`matches a whole-workspace analysis after each of 60 random edits (seed ${seed}, ${seedFiles === pinnedOnly ? 'pinned PVs only' : 'with real manifests'})`, function () {
      this.timeout(90_000); // correctness, not speed: 60 fresh analyses on a loaded machine
      const r = lcg(seed);
      const files = new Map(seedFiles);
      const ws = new Workspace();
      for (const [f, t] of files) ws.setFile(f, t);
      ws.analyze();
      const names = [...files.keys()];
      for (let step = 0; step < 60; step++) {
        const file = names[Math.floor(r() * names.length)];
        const op = r();
        if (op < 0.05 && files.has(file)) { // delete the file, and sometimes bring it back at the end
          files.delete(file);
          ws.deleteFile(file);
        } else if (!files.has(file)) {
          files.set(file, seedFiles.get(file)!);
          ws.setFile(file, seedFiles.get(file)!);
        } else {
          const text = files.get(file)!;
          const changes = [edit(text, r)];
          let after = text.slice(0, changes[0].offset) + changes[0].text + text.slice(changes[0].offset + changes[0].deleteCount);
          if (r() < 0.3) { // two changes in one event, the second relative to the first's result
            const second = edit(after, r);
            changes.push(second);
            after = after.slice(0, second.offset) + second.text + after.slice(second.offset + second.deleteCount);
          }
          files.set(file, after);
          if (r() < 0.15) ws.setFile(file, after); else ws.applyChanges(file, changes);
        }
        if (r() < 0.3) continue; // several edits between analyses
        const got = meaning(ws.analyze());
        assert.deepEqual(got, meaning(reference(files, { isolate: false })), `step ${step}`);
      }
      const final = meaning(ws.analyze());
      assert.deepEqual(final, meaning(reference(files, { isolate: false })));
      assert.deepEqual(final, meaning(reference(files, {})), 'a cold isolated analysis agrees too');
    });
  }

  // Each link of components.ts, exercised by an edit whose finding exists only if the link joins the two sides.
  const linkCases: { name: string; start: Record<string, string>; then: Record<string, string>; code: string }[] = [
    { name: 'duplicate StorageClasses', start: { 'a.yaml': defaultClass }, then: { 'b.yaml': defaultClass }, code: 'duplicate-object' },
    {
      name: 'a Service of that name in another namespace', start: { 'sts.yaml': generateManifest(1).split('---\n')[1] },
      then: { 'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: app0\n  namespace: other\nspec:\n  clusterIP: None\n' }, code: 'service-not-found',
    },
    {
      name: 'a claim naming a PV reserved for another claim', start: { 'pv.yaml': pv('taken', 'someone-else') },
      then: { 'pvc.yaml': pvc('mine', 'taken') }, code: 'prebind-mismatch',
    },
    {
      name: 'a claim named for an ordinal out of range', start: { 'sts.yaml': generateManifest(1).split('---\n')[1] },
      then: { 'pvc.yaml': pvc('data-app0-9') }, code: 'pvc-out-of-range',
    },
  ];
  for (const c of linkCases) {
    it(`links ${c.name}`, () => {
      const files = new Map(Object.entries(c.start));
      const ws = new Workspace();
      for (const [f, t] of files) ws.setFile(f, t);
      ws.analyze();
      for (const [f, t] of Object.entries(c.then)) { files.set(f, t); ws.setFile(f, t); }
      const got = meaning(ws.analyze());
      assert.ok(got.findings.some((x) => x.code === c.code), `expected ${c.code}: ${got.findings.map((x) => x.code).join(', ')}`);
      assert.deepEqual(got, meaning(reference(files, { isolate: false })));
    });
  }

  it('keeps the prediction of a claim whose inputs did not change, also where one unpinned PV joins everything', () => {
    const ws = new Workspace();
    const text = `${generateManifest(20)}---\n${pv('loose', undefined, '5Gi')}`;
    ws.setFile('big.yaml', text);
    const before = ws.analyze();
    const edited = setReplicas(ws, 'big.yaml', text, 'app7', '4');
    const after = ws.analyze();
    assert.equal(claim(after, 'data-app3-0'), claim(before, 'data-app3-0'), 'a claim queued before the edit keeps its prediction object');
    assert.equal(claim(after, 'data-app7-3')?.volume?.name, 'loose', 'the new ordinal takes the unpinned PV');
    assert.notEqual(claim(after, 'data-app9-0'), claim(before, 'data-app9-0'), 'a later claim now sees the unpinned PV taken');
    assert.match(claim(after, 'data-app9-0')!.rejected.map((r) => `${r.volume.name}: ${r.reason}`).join(), /loose: already bound to another claim/);
    assert.deepEqual(meaning(after), meaning(reference(new Map([['big.yaml', edited]]), { isolate: false })));
  });

  it('keeps the prediction of every other claim in a pool when an edit changes no take (an image)', () => {
    const ws = new Workspace();
    const text = `${generateManifest(20)}---\n${pv('loose', undefined, '5Gi')}`;
    ws.setFile('big.yaml', text);
    const before = ws.analyze();
    const at = text.indexOf('nginx:1.27', text.indexOf('name: app7\nspec:')) + 'nginx:1.2'.length;
    ws.applyChanges('big.yaml', [{ offset: at, deleteCount: 1, text: '8' }]);
    const after = ws.analyze();
    assert.notEqual(claim(after, 'data-app7-0'), claim(before, 'data-app7-0'), 'the edited set is predicted again');
    assert.equal(claim(after, 'data-app7-0')?.volume, claim(before, 'data-app7-0')?.volume, 'and takes the same PV');
    assert.equal(claim(after, 'data-app9-0'), claim(before, 'data-app9-0'), 'a claim queued after it keeps its prediction object');
    assert.deepEqual(meaning(after), meaning(reference(new Map([['big.yaml', text.slice(0, at) + '8' + text.slice(at + 1)]]), { isolate: false })));
  });

  it('in a pool, runs the rules that are not pool-wide again only on the edited component', () => {
    const ws = new Workspace();
    const text = `${generateManifest(20)}---\n${pv('loose', undefined, '5Gi')}`;
    ws.setFile('big.yaml', text);
    ws.analyze();
    const seen: number[] = [];
    const rule = duplicateObject as { check: typeof duplicateObject.check };
    const check = rule.check;
    rule.check = (ctx, report) => { seen.push(ctx.index.objects.length); check(ctx, report); };
    try {
      const at = text.indexOf('nginx:1.27', text.indexOf('name: app7\nspec:')) + 'nginx:1.2'.length;
      ws.applyChanges('big.yaml', [{ offset: at, deleteCount: 1, text: '8' }]);
      ws.analyze();
    } finally {
      rule.check = check;
    }
    // app7's component: the set, its Service and the three PVs its claims are pinned to by name
    assert.deepEqual(seen, [5], 'one component of five objects, not the 101 of the workspace');
  });

  it('re-predicts the claims of a StorageClass that changed', () => {
    const fast = storageClass({ name: 'fast', provisioner: 'example.com/one' });
    const files = new Map([['sc.yaml', fast], ['pvc.yaml', makePvc({ name: 'data', className: 'fast' })]]);
    const ws = new Workspace();
    for (const [f, t] of files) ws.setFile(f, t);
    assert.match(ws.analyze().prediction.claims[0].reason, /provisioner example\.com\/one/);
    files.set('sc.yaml', fast.replace('example.com/one', 'example.com/two'));
    ws.setFile('sc.yaml', files.get('sc.yaml')!);
    const after = ws.analyze();
    assert.match(after.prediction.claims[0].reason, /provisioner example\.com\/two/);
    assert.deepEqual(meaning(after), meaning(reference(files, { isolate: false })));
  });

  it('re-predicts a set whose claims get a class through the default, when another class of that name changes', () => {
    const sc = (provisioner: string, isDefault: boolean) => storageClass({ name: 'fast', provisioner, isDefault });
    // the template leaves the class unset: the default ("fast", the second) names it, the first "fast" is the class found
    const set = generatedSet(0, 1).replace('      storageClassName: ""\n', '');
    const files = new Map([['sc1.yaml', sc('example.com/one', false)], ['sc2.yaml', sc('example.com/two', true)], ['sts.yaml', set]]);
    const ws = new Workspace();
    for (const [f, t] of files) ws.setFile(f, t);
    assert.match(ws.analyze().prediction.claims[0].reason, /provisioner example\.com\/one/);
    files.set('sc1.yaml', sc('example.com/three', false));
    ws.setFile('sc1.yaml', files.get('sc1.yaml')!);
    const after = ws.analyze();
    assert.match(after.prediction.claims[0].reason, /provisioner example\.com\/three/);
    assert.deepEqual(meaning(after), meaning(reference(files, { isolate: false })));
  });

  it('says what a default StorageClass added in another file does to a claim that leaves the class unset', () => {
    // the claim's PV and prediction inputs stay the same; only the default class changes the finding
    const set = SHAPES.find((s) => s.name === 'pool')!.make(1).files[0].text;
    const files = new Map([['sts.yaml', set]]);
    const ws = new Workspace();
    ws.setFile('sts.yaml', set);
    const unset = (a: Analysis) => a.findings.find((f) => f.code === 'storage-class-unset')?.message ?? '';
    assert.match(unset(ws.analyze()), /if the cluster has a default StorageClass/);
    files.set('sc.yaml', defaultClass);
    ws.setFile('sc.yaml', defaultClass);
    const after = ws.analyze();
    assert.match(unset(after), /StorageClass "fast" is the default here/);
    assert.deepEqual(meaning(after), meaning(reference(files, { isolate: false })));
  });

  describe('where order decides', () => {
    const first = pvc('dup');
    const second = pvc('dup', undefined, '2Gi');
    /** duplicate-object goes on the later definition and points back at the first */
    const onSecond = (a: Analysis) => a.findings.filter((f) => f.code === 'duplicate-object').map((f) => f.range.start.line > f.related[0].range.start.line);
    for (const how of ['setFile', 'applyChanges'] as const) {
      it(`re-reads documents that swapped places without changing text (${how})`, () => {
        // each document starts with its marker, so both keep their text (and their parse) when swapped
        const before = `---\n${first}---\n${second}`;
        const after = `---\n${second}---\n${first}`;
        const ws = new Workspace();
        ws.setFile('a.yaml', before);
        assert.deepEqual(onSecond(ws.analyze()), [true]);
        if (how === 'setFile') ws.setFile('a.yaml', after);
        else ws.applyChanges('a.yaml', [{ offset: 0, deleteCount: before.length, text: after }]);
        const analysis = ws.analyze();
        assert.deepEqual(onSecond(analysis), [true]);
        const got = meaning(analysis);
        assert.deepEqual(got, meaning(reference(new Map([['a.yaml', after]]), { isolate: false })));
        assert.ok(got.claims[0].endsWith('a.yaml#0'), 'the claim that is now first is the one the binder sees');
      });
    }

    it('counts as moved only the documents outside the longest run kept in order', () => {
      const chunk = (text: string) => ({ text }) as unknown as Chunk;
      const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map(chunk);
      assert.deepEqual(movedChunks([a, b, c, d], [d, a, b, c]), [d]);
      assert.deepEqual(movedChunks([a, b, c, d], [a, c, b, d]).length, 1);
      assert.deepEqual(movedChunks([a, b, c, d], [e, a, c, d]), [], 'added and removed chunks are not moves');
      assert.deepEqual(movedChunks([a, b, c], [c, b, a]).length, 2);
    });

    it('gives a volume to the first of two sets of one name, in file order', () => {
      const files = new Map([['a.yaml', [pv('pv-i', 'data-app0-0'), generatedSet(0, 1)].join('---\n')]]);
      const ws = new Workspace();
      ws.setFile('a.yaml', files.get('a.yaml')!);
      ws.analyze();
      files.set('b.yaml', [generatedSet(0, 3), pvc('data-app0-2')].join('---\n'));
      ws.setFile('b.yaml', files.get('b.yaml')!);
      const got = ws.analyze();
      const zero = got.prediction.claims.filter((c) => c.name === 'data-app0-0');
      assert.deepEqual(zero.map((c) => `${c.set!.src.file} ${c.volume?.name ?? c.outcome}`), ['a.yaml pv-i', 'b.yaml pending']);
      assert.deepEqual(meaning(got), meaning(reference(files, { isolate: false })));
    });

    it('sees a second PV of the name a claim pins', () => {
      const files = new Map([['a.yaml', [generatedSet(0, 1), pvc('data-app0-0', 'v'), pv('v', 'data-app0-0')].join('---\n')]]);
      const ws = new Workspace();
      ws.setFile('a.yaml', files.get('a.yaml')!);
      assert.equal(ws.analyze().findings.some((f) => f.code === 'prebind-mismatch'), false);
      files.set('b.yaml', pv('v', 'someone-else'));
      ws.setFile('b.yaml', files.get('b.yaml')!);
      const got = meaning(ws.analyze());
      assert.ok(got.findings.some((f) => f.code === 'prebind-mismatch' && f.file === 'a.yaml'), 'kubectl apply keeps the last PV "v", reserved for another claim');
      assert.deepEqual(got, meaning(reference(files, { isolate: false })));
    });

    for (const isolate of [true, false]) {
      it(`lists claims in the binder's order: pre-created claims in document order, then each set's by ordinal (isolate: ${isolate})`, () => {
        const ws = new Workspace({ ...DEFAULT_OPTIONS, isolate });
        ws.setFile('a.yaml', [pvc('data-app1-1'), pv('app1-pv-1', 'data-app1-1')].join('---\n'));
        ws.setFile('b.yaml', [generatedSet(0, 2), pvc('data-app0-1'), pv('app0-pv-1', 'data-app0-1')].join('---\n'));
        // in one component with app0 (same serviceName), so the order within a component counts too
        ws.setFile('c.yaml', [generatedSet(1, 2).replace('serviceName: app1', 'serviceName: app0'), pvc('data-app1-0'), pv('app1-pv-0', 'data-app1-0')].join('---\n'));
        const names = ws.analyze().prediction.claims.map((c) => c.name);
        assert.deepEqual(names, ['data-app1-1', 'data-app0-1', 'data-app1-0', 'data-app0-0']);
      });
    }
  });

  it('re-analyses only the component of an edited document', () => {
    const ws = new Workspace();
    const text = generateManifest(50);
    ws.setFile('big.yaml', text);
    const before = ws.analyze();
    setReplicas(ws, 'big.yaml', text, 'app7', '2');
    const after = ws.analyze();
    assert.equal(claim(after, 'data-app8-0'), claim(before, 'data-app8-0'), 'another set keeps its prediction object');
    assert.notEqual(claim(after, 'data-app7-0'), claim(before, 'data-app7-0'), 'the edited set is predicted again');
    assert.equal(after.prediction.bySet.size, 50);
    assert.equal(after.findings.length, 0);
  });
});
