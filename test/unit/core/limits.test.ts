// Bounded everything (issue 13): nesting depth, line length, aliases, documents and findings per file
// each have a limit with a clear finding; what kubectl reads below its own limits stays analysed.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Workspace } from '../../../src/core/analysis';
import { nestingBeyond } from '../../../src/core/limits';
import { DEFAULT_LIMITS } from '../../../src/core/source';
import { analyze, docs, findingsWithCode, HEADLESS_SERVICE, noFinding, onlyFinding, pv, repoRoot, statefulSet } from '../helpers/analyze';

/** `depth` block mappings nested by indentation, then a dedented line (the shape of issue 13, item 2). */
function nestedMaps(depth: number): string {
  let s = '';
  for (let i = 0; i < depth; i++) s += `${' '.repeat(i)}k${i}:\n`;
  return `${s}z: 1\n`;
}

describe('limits', () => {
  it('two files of 1,000 nested sequences, checked together, end with a finding each instead of a V8 abort', function () {
    this.timeout(30000);
    // In-process, the abort ("RegExpCompiler Allocation failed") would take mocha down: run the CLI.
    const dir = mkdtempSync(path.join(tmpdir(), 'sts-limits-'));
    try {
      writeFileSync(path.join(dir, 'a.yaml'), `${'- '.repeat(1000)}x\ny: 1\n`);
      writeFileSync(path.join(dir, 'b.yaml'), `${'- '.repeat(1000)}x\n- y\n`);
      writeFileSync(path.join(dir, 'c.yaml'), pv({ name: 'Bad_Name' }));
      const r = spawnSync(process.execPath, [path.join(repoRoot(), 'dist', 'cli.js'), 'check', dir, '--format', 'json'], { encoding: 'utf8', timeout: 25000 });
      assert.equal(r.stderr, '');
      assert.equal(r.status, 1);
      const found = JSON.parse(r.stdout).findings.map((f: { file: string; code: string; line: number }) => `${path.basename(f.file)}:${f.line} ${f.code}`);
      assert.deepEqual(found, ['a.yaml:1 limit-exceeded', 'b.yaml:1 limit-exceeded', 'c.yaml:4 invalid-name']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('2,000 nested block mappings then a dedented line: limit-exceeded at the level beyond 500; the other file reports', () => {
    const a = analyze({ 'deep.yaml': nestedMaps(2000), 'pv.yaml': pv({ name: 'Bad_Name' }) });
    const f = onlyFinding(a, 'limit-exceeded');
    assert.equal(f.file, 'deep.yaml');
    assert.equal(f.range.start.line, 500, 'the 501st level');
    assert.match(f.message, /Document 1 is not analysed: its collections nest more than 500 levels deep .* kubectl reads up to 10000 levels/);
    onlyFinding(a, 'invalid-name');
  });

  it('nesting kubectl reads and this tool can (400 levels inside a PV) is analysed', () => {
    let extra = '  annotations:\n    deep: ';
    extra += `${'['.repeat(390)}${']'.repeat(390)}\n`;
    const a = analyze({ 'pv.yaml': pv({ name: 'Bad_Name', metaExtra: extra }) });
    noFinding(a, 'limit-exceeded');
    onlyFinding(a, 'invalid-name');
  });

  it('the depth estimate never undercounts, and overcounts by at most one level, on block, compact and flow nesting', () => {
    const real = (t: string) => { let d = 0; while (nestingBeyond(t, d)) d++; return d; };
    const padded = (t: string) => t + `# ${'x'.repeat(600)}\n`; // estimates start above the text's length
    const cases: [string, number][] = [
      [nestedMaps(40), 40],
      [`${'- '.repeat(30)}x\n`, 30],
      ['a:\n- b:\n  - c: [1, {d: [2]}]\n    e: 1\n', 8],
      ['a:\n  b: |\n            [[[[[[[[ not yaml\n     {{{{{{\n  c: "[[[[[[[["\n', 2],
      ["a: 'it''s [[[[ quoted\n  over lines' # [[[[ comment\nb: [1, [2]]\n", 3],
      [docs(HEADLESS_SERVICE, statefulSet()), 8],
    ];
    for (const [text, depth] of cases) {
      const got = real(padded(text));
      assert.ok(got >= depth && got <= depth + 1, `estimated ${got}, real ${depth}:\n${text.slice(0, 200)}`);
    }
  });

  it('a line longer than 1 MiB: limit-exceeded on that document only', () => {
    const long = pv({ name: 'long', metaExtra: `  annotations:\n    blob: "${'x'.repeat(DEFAULT_LIMITS.maxLineLength)}"\n` });
    const a = analyze({ 'a.yaml': docs(long, pv({ name: 'Bad_Name' })) });
    const f = onlyFinding(a, 'limit-exceeded');
    assert.match(f.message, /Document 1 is not analysed: a line of 1048588 characters is longer than this tool reads \(1048576\)/);
    onlyFinding(a, 'invalid-name');
  });

  describe('aliases', () => {
    const laughs = (levels: number) => {
      let s = 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
      for (let i = 1; i < levels; i++) s += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]\n`;
      return s;
    };

    it('a billion laughs (9^10 values) is reported at once, as kubectl rejects it, and nothing of it is read', function () {
      this.timeout(5000);
      const text = `${laughs(10)}apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: bomb\n  labels: *a9\nspec:\n  accessModes: *a9\n  nfs: {server: x, path: /y}\n`;
      const a = analyze({ 'bomb.yaml': text, 'other.yaml': HEADLESS_SERVICE });
      const f = onlyFinding(a, 'limit-exceeded');
      assert.match(f.message, /its aliases expand it to over a billion nodes, 100% of them from aliases\. kubectl rejects it \("yaml: document contains excessive aliasing"\)/);
      assert.deepEqual(a.index.volumes(), []);
      assert.deepEqual(a.index.services().map((s) => s.name), ['nginx']);
    });

    it('aliases chained a thousand deep do not overflow the count (no NaN lets a bomb through)', () => {
      let s = 'a0: &a0 [x, x]\n';
      for (let i = 1; i < 1100; i++) s += `a${i}: &a${i} [*a${i - 1}, *a${i - 1}]\n`;
      const f = onlyFinding(analyze({ 'chain.yaml': s }), 'limit-exceeded');
      assert.match(f.message, /expand it to over a billion nodes/);
    });

    it('an alias inside its own anchor is reported, not followed', () => {
      const f = onlyFinding(analyze({ 'loop.yaml': 'a: &a [1, *a]\nkind: Service\n' }), 'limit-exceeded');
      assert.match(f.message, /refers to the node that contains it/);
    });

    it('ordinary aliases (defaults shared by a few objects) stay analysed', () => {
      const text = `x: &labels {app: nginx}\n${statefulSet().replace('      labels:\n        app: nginx\n', '      labels: *labels\n')}`;
      const a = analyze({ 'a.yaml': docs(HEADLESS_SERVICE, text) });
      noFinding(a, 'limit-exceeded');
      assert.deepEqual(a.index.statefulSets()[0].templateLabels, { app: 'nginx' });
    });

    it('reading 20,000 aliases of one document takes linear time (yaml resolves each by walking the document)', function () {
      this.timeout(10000);
      const items = Array.from({ length: 20000 }, () => '      - *mode').join('\n');
      const text = `modes: [&mode ReadWriteOnce]\napiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: many\nspec:\n  capacity: {storage: 1Gi}\n  accessModes:\n${items.replace(/^ {4}/gm, '')}\n  nfs: {server: x, path: /y}\n`;
      const started = Date.now();
      const a = analyze({ 'many.yaml': text });
      assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
      assert.equal(a.index.volumes()[0].accessModes.length, 20000);
    });
  });

  it('a file with more documents than the limit is skipped whole, incrementally as in a full parse', () => {
    const limits = { ...DEFAULT_LIMITS, maxDocuments: 20 };
    const one = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n';
    const text = Array.from({ length: 20 }, () => one).join('---\n');
    const ws = new Workspace({ defaultNamespace: 'default', limits });
    ws.setFile('a.yaml', text);
    assert.equal(findingsWithCode(ws.analyze(), 'file-skipped').length, 0);
    ws.applyChanges('a.yaml', [{ offset: text.length, deleteCount: 0, text: `---\n${one}` }]);
    const f = onlyFinding(ws.analyze(), 'file-skipped');
    assert.match(f.message, /the file has 21 documents, above the limit of 20 per file/);
    ws.applyChanges('a.yaml', [{ offset: text.length, deleteCount: `---\n${one}`.length, text: '' }]);
    noFinding(ws.analyze(), 'file-skipped');
    assert.equal(ws.analyze().index.services().length, 20);
  });

  it('findings per file are capped, errors first, with one finding counting the rest', () => {
    const limits = { ...DEFAULT_LIMITS, maxFindingsPerFile: 50 };
    const many = [...Array.from({ length: 80 }, (_, i) => pv({ name: `pv-${i}` }).replace('Retain', 'Recycle')), pv({ name: 'Bad_Name' })].join('---\n');
    const a = analyze({ 'a.yaml': many, 'b.yaml': pv({ name: 'Other_Bad' }) }, { limits });
    const inA = a.findingsFor('a.yaml');
    assert.equal(inA.length, 50);
    assert.equal(inA.filter((f) => f.code === 'invalid-name').length, 1, 'the one error is kept');
    const summary = inA.find((f) => f.code === 'limit-exceeded')!;
    assert.match(summary.message, /^32 more findings in this file are not listed \(0 errors, 32 warnings, 0 info\): at most 50 findings are listed per file/);
    assert.equal(a.findingsFor('b.yaml').length, 1);
  });
});
