// The engine side of the shape family (bench/manifest.ts SHAPES): per shape, a cold analysis against
// yaml's parseAllDocuments of the same files (interleaved pairs), the doubling row (cold analysis at n
// against n/2: near-linear cost keeps it near 2), the memory the analysed workspace keeps, and the
// findings count. Edits through the providers are measured in a child process (editorBench.ts).
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { AnalysisOptions, DEFAULT_OPTIONS, Workspace } from '../src/core/analysis';
import { DEFAULT_LIMITS } from '../src/core/source';
import { Shape, ShapeFiles, SHAPES } from './manifest';
import { retainedMB } from './memory';

export interface Result { name: string; value: number; unit: string; target?: string; pass?: boolean; detail?: string }

/**
 * CPU time (user + system) of fn: on a machine shared with other work, wall time measures the others. The
 * heap is collected first (the bench runs with --expose-gc), so that a run does not pay for collecting the
 * previous run's workspace: that made the doubling rows swing from 2.0 to 3.0 between runs.
 */
const cpuMs = (fn: () => void): number => {
  (globalThis as { gc?: () => void }).gc?.();
  const t = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function parseAll(files: ShapeFiles, parse: typeof parseAllDocuments = parseAllDocuments): void {
  for (const f of files.files) parse(f.text);
}

/**
 * yaml as installed in node_modules ("yaml's own parse", issue 9's yardstick). The bundled copy above,
 * which the engine also uses, reads none of yaml's debug switches per token (scripts/yamlProcess.js) and
 * parses faster: targets are judged against it, the installed one is shown beside.
 */
function installedYaml(): typeof parseAllDocuments {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the installed package, not the bundled copy
  return (require(path.join(__dirname, '..', '..', 'node_modules', 'yaml')) as typeof import('yaml')).parseAllDocuments;
}

function analyzeAll(files: ShapeFiles, options?: AnalysisOptions): Workspace {
  const ws = new Workspace(options);
  for (const f of files.files) ws.setFile(f.file, f.text);
  ws.analyze();
  return ws;
}


/** Pairs of (parse, cold analysis), interleaved: on a shared machine speed drifts over seconds. */
function coldRatio(files: ShapeFiles, pairs: number): { parseMs: number; coldMs: number; ratio: number; installedRatio: number } {
  const installed = installedYaml();
  parseAll(files, installed); // warm up (JIT)
  const installedRatios: number[] = [];
  const parse: number[] = [];
  const cold: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < pairs; i++) {
    const p = cpuMs(() => parseAll(files));
    const q = cpuMs(() => parseAll(files, installed));
    const c = cpuMs(() => analyzeAll(files));
    parse.push(p); cold.push(c); ratios.push(c / p); installedRatios.push(c / q);
  }
  return { parseMs: median(parse), coldMs: median(cold), ratio: median(ratios), installedRatio: median(installedRatios) };
}

function benchShape(shape: Shape, pairs: number): Result[] {
  const files = shape.make(shape.n);
  const half = shape.make(Math.max(1, Math.floor(shape.n / 2)));
  analyzeAll(files); // warm up (JIT)
  parseAll(files);
  const { parseMs, coldMs, ratio, installedRatio } = coldRatio(files, pairs);
  const halfMs = median(Array.from({ length: pairs }, () => cpuMs(() => analyzeAll(half))));
  const doubling = coldMs / halfMs;
  // every finding, also those beyond the per-file cap (1,000) that the editor and the CLI sum up in one
  const analysis = analyzeAll(files, { ...DEFAULT_OPTIONS, limits: { ...DEFAULT_LIMITS, maxFindingsPerFile: Infinity } }).analyze();
  const sets = analysis.statefulSetCount;
  const docs = files.files.reduce((n, f) => n + f.text.split('\n---\n').length, 0);
  const docsMB = retainedMB(() => files.files.map((f) => parseAllDocuments(f.text)));
  const wsMB = retainedMB(() => analyzeAll(files));
  const target = shape.name === 'pinned' ? 1.1 : 1.3;
  const perSet = analysis.findings.length / Math.max(1, sets);
  const label = (s: string) => `[${shape.name}] ${s}`;
  return [
    { name: label('workload'), value: docs, unit: 'docs', detail: shape.describe(shape.n) },
    { name: label('cold analysis / parse'), value: ratio, unit: '×', target: `≤ ${target}`, pass: ratio <= target, detail: `cold ${coldMs.toFixed(0)} ms, parse ${parseMs.toFixed(0)} ms (the bundled parser the engine uses); against yaml as installed ${installedRatio.toFixed(2)}×; CPU time, median of ${pairs} interleaved runs` },
    { name: label('doubling: cold at n / at n/2'), value: doubling, unit: '×', target: '≤ 2.3', pass: doubling <= 2.3, detail: `${halfMs.toFixed(0)} ms → ${coldMs.toFixed(0)} ms` },
    { name: label('memory: workspace / documents'), value: wsMB / docsMB, unit: '×', detail: `${wsMB.toFixed(0)} MB kept, yaml's documents alone ${docsMB.toFixed(0)} MB` },
    { name: label('findings per set'), value: perSet, unit: '', target: '≤ 2.5', pass: perSet <= 2.5, detail: `${analysis.findings.length} findings, counted without the per-file cap` },
  ];
}

/** Every shape; `only` names a subset (node dist/bench/bench.js shapes pool labels). */
export function benchShapes(only: readonly string[] = []): Result[] {
  const out: Result[] = [];
  for (const shape of SHAPES) {
    if (only.length > 0 && !only.includes(shape.name)) continue;
    // the 50,000-document shape takes tens of seconds per pair: fewer pairs keep the run bounded
    out.push(...benchShape(shape, shape.name === 'many files' ? 1 : 3));
  }
  return out;
}
