// Fuzzing (issue 13): hostile variants of the repository's own manifests (examples and test fixtures)
// must never crash, hang or mislead. Seeded and bounded: the same seed gives the same inputs, and the
// default run takes well under a minute in CI. A long run for local use:
//   STATEFULSET_STORAGE_FUZZ=20 npm run test:unit -- --grep fuzz     (20× the iterations, other seeds)
// Two parts: mutated files through the CLI (`check` and `plan`, JSON and text; `generate` into a temp
// folder) — exit status 0, 1 or 2, JSON that parses, no stack trace, nothing written outside the temp
// folder — and random edit sequences through Workspace.applyChanges, each compared with a fresh analysis.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli';
import { Analysis, Workspace } from '../../../src/core/analysis';
import { repoRoot } from '../helpers/analyze';
import { Sink } from '../helpers/cli';

const SCALE = Math.max(1, Number(process.env.STATEFULSET_STORAGE_FUZZ ?? 1) || 1);

function lcg(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

/** The repository's manifests: the examples and the test fixtures (real-world apps included). */
function seedFiles(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir).sort()) {
      const p = path.join(dir, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e)) out.push({ name: path.relative(repoRoot(), p), text: readFileSync(p, 'utf8') });
    }
  };
  for (const d of ['examples', path.join('test', 'fixtures')]) walk(path.join(repoRoot(), d));
  return out;
}

/** What hostile input looks like: structure, values the API server refuses, and the shapes that once crashed. */
const SNIPPETS = [
  '{{ .Values.x }}', '\u0000', '\r', '\r\n', '\uFEFF', '\t', '&a ', '*a', '*zz', '<<: *a\n', '- ', '[', ']', '{', '}', ': ', '---\n', '...\n',
  '%YAML 1.1\n', '#', '"', "'", '|\n', '>-\n', ' ', '\n', 'replicas: .nan\n', 'replicas: -1\n', 'replicas: "3"\n', 'storage: 1e+999',
  'storage: -1Gi', 'storage: 0', 'nodeSelectorTerms: [oops]\n', 'matchExpressions: [oops]\n', 'name: Web\n', 'kind: PersistentVolume\n',
  'kind: StatefulSet\n', 'apiVersion: apps/v1beta1\n', 'claimRef: {name: x}\n', 'volumeName: x\n', '\u2028', '\uFFFD',
];

/** A random mutation of a text; some insert shapes that are expensive for a naive engine (deep nesting, many aliases). */
function mutate(text: string, r: () => number): string {
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)];
  const at = Math.floor(r() * (text.length + 1));
  const choice = r();
  if (choice < 0.35) return text.slice(0, at) + pick(SNIPPETS) + text.slice(at);
  if (choice < 0.55) return text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 40));
  if (choice < 0.65) { // duplicate a span
    const end = Math.min(text.length, at + Math.floor(r() * 200));
    return text.slice(0, end) + text.slice(at, end) + text.slice(end);
  }
  if (choice < 0.75) { // swap two lines
    const lines = text.split('\n');
    const i = Math.floor(r() * lines.length);
    const j = Math.floor(r() * lines.length);
    [lines[i], lines[j]] = [lines[j], lines[i]];
    return lines.join('\n');
  }
  if (choice < 0.85) { // re-indent a line
    const lines = text.split('\n');
    const i = Math.floor(r() * lines.length);
    lines[i] = ' '.repeat(Math.floor(r() * 6)) + lines[i].trimStart();
    return lines.join('\n');
  }
  if (choice < 0.9) return text.slice(0, at) + '- '.repeat(200 + Math.floor(r() * 1000)) + 'x\n' + text.slice(at);
  if (choice < 0.94) return text.slice(0, at) + '['.repeat(Math.floor(r() * 1200)) + text.slice(at);
  if (choice < 0.97) return `a: &a [x, x, x, x]\n${Array.from({ length: 12 }, (_, i) => `a${i + 1}: &a${i + 1} [*a${i || ''}, *a${i || ''}, *a${i || ''}]`).join('\n')}\n${text}`;
  return text.replace(/\n/g, pick(['\r', '\r\n']));
}

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new Sink();
  const err = new Sink();
  const code = await main(argv, out, err, { stdin: process.stdin });
  return { code, out: out.text, err: err.text };
}

/** An internal error or a stack frame (`    at f (file.js:1:2)`) in what the CLI printed. */
const STACK = /: internal error|^\s+at .*:\d+:\d+\)?$/m;

/** Names in a folder, to see that a run wrote nothing there. */
const listing = (dir: string) => readdirSync(dir).sort().join('\n');

/** What an analysis says, as plain data (as the incremental tests compare it). */
function meaning(a: Analysis) {
  return {
    findings: a.findings.map((f) => [f.file, f.code, f.severity, f.range, f.message]),
    claims: a.prediction.claims.map((c) => `${c.namespace}/${c.name} ${c.outcome} ${c.volume?.name ?? '-'} ${c.reason}`),
    objects: a.index.objects.map((o) => `${o.src.file}#${o.src.index} ${o.key}`),
  };
}

describe('fuzz', function () {
  this.timeout(120000 * SCALE);
  const seeds = seedFiles();

  it(`mutated manifests through check, plan and generate: exit 0/1/2, JSON parses, no stack trace, nothing written outside (${80 * SCALE} runs)`, async () => {
    assert.ok(seeds.length > 20, 'the repository has manifests to mutate');
    const r = lcg(1301 + SCALE);
    const root = mkdtempSync(path.join(tmpdir(), 'sts-fuzz-'));
    // (the machine's temp folder is shared with other processes: it cannot be compared)
    const outside = [repoRoot(), path.join(repoRoot(), 'examples'), path.join(repoRoot(), 'test', 'fixtures')].map((d) => [d, listing(d)] as const);
    try {
      for (let run = 0; run < 80 * SCALE; run++) {
        const dir = path.join(root, String(run));
        mkdirSync(dir);
        // a few files, each mutated a few times
        const files = Array.from({ length: 1 + Math.floor(r() * 3) }, () => seeds[Math.floor(r() * seeds.length)]);
        files.forEach((f, i) => {
          let text = f.text;
          for (let m = 0, n = 1 + Math.floor(r() * 4); m < n; m++) text = mutate(text, r);
          writeFileSync(path.join(dir, `${i}-${path.basename(f.name)}`), text);
        });
        const context = `run ${run} (${files.map((f) => f.name).join(', ')}; inputs kept in ${dir})`;
        for (const argv of [['check', dir, '--format', 'json', '--no-kubectl'], ['plan', dir, '--format', 'json', '--no-kubectl'], ['check', dir, '--no-kubectl'], ['plan', dir, '--no-kubectl']]) {
          const res = await cli(argv);
          assert.ok([0, 1, 2].includes(res.code), `${argv[0]}: exit ${res.code}, ${context}`);
          assert.doesNotMatch(res.err, STACK, `${argv[0]}: ${res.err.slice(0, 500)} ${context}`);
          if (argv.includes('json') && res.code !== 2) assert.doesNotThrow(() => JSON.parse(res.out), `${argv[0]} JSON, ${context}`);
          assert.doesNotMatch(res.out, /\bNaN\b|Infinity|"replicas": null/, `${argv[0]}, ${context}`);
          if (argv[0] === 'check' && argv.includes('json') && res.code !== 2) {
            const internal = JSON.parse(res.out).findings.filter((f: { code: string }) => f.code === 'internal-error');
            assert.deepEqual(internal, [], context);
          }
        }
        if (run % 4 === 0) {
          const out = path.join(dir, 'generated');
          const before = listing(dir);
          const res = await cli(['generate', path.join(dir, readdirSync(dir)[0]), '--source', 'nfs', '--server', '10.0.0.5', '--out', out]);
          assert.ok([0, 1, 2].includes(res.code), `generate: exit ${res.code}, ${context}`);
          assert.doesNotMatch(res.err, STACK, `generate: ${res.err.slice(0, 500)} ${context}`);
          assert.equal(listing(dir).replace(/\ngenerated$|^generated\n/, ''), before, `generate wrote only into its --out folder, ${context}`);
        }
        rmSync(dir, { recursive: true, force: true });
      }
      for (const [d, before] of outside) assert.equal(listing(d), before, `nothing was written in ${d}`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it(`random edit sequences through applyChanges say what a fresh analysis says (${600 * SCALE} edits)`, () => {
    const r = lcg(77 + SCALE);
    const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)];
    let edits = 0;
    while (edits < 600 * SCALE) {
      const files = new Map<string, string>();
      for (let i = 0; i < 3; i++) { const f = pick(seeds); files.set(`f${i}-${path.basename(f.name)}`, f.text); }
      const ws = new Workspace();
      for (const [f, t] of files) ws.setFile(f, t);
      ws.analyze();
      for (let step = 0; step < 30; step++, edits++) {
        const file = pick([...files.keys()]);
        const text = files.get(file)!;
        const offset = Math.floor(r() * (text.length + 1));
        const deleteCount = Math.min(text.length - offset, r() < 0.5 ? 0 : Math.floor(r() * 30));
        const inserted = r() < 0.7 ? pick(SNIPPETS) : mutate('', r).slice(0, 400);
        const after = text.slice(0, offset) + inserted + text.slice(offset + deleteCount);
        files.set(file, after);
        ws.applyChanges(file, [{ offset, deleteCount, text: inserted }]);
        if (r() < 0.5) continue; // several edits between analyses
        const fresh = new Workspace();
        for (const [f, t] of files) fresh.setFile(f, t);
        assert.deepEqual(meaning(ws.analyze()), meaning(fresh.analyze()), `after edit ${edits}: ${JSON.stringify({ file, offset, deleteCount, inserted })}`);
        assert.ok(!ws.analyze().findings.some((f) => f.code === 'internal-error'), `internal error after edit ${edits}`);
      }
    }
  });
});
