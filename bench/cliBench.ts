// The CLI as a user runs it: `statefulset-storage check --format json` in a fresh Node process on a shape
// of bench/manifest.ts written to a temporary folder, against a process that only reads and parses the
// same files with the same YAML parser (bench/process/parseFiles.ts; the target is judged against it),
// and against yaml as installed (parseFilesStock.ts: "yaml's own parse", which the CLI's bundled copy
// beats by reading no debug switches per token; shown beside it). Both are measured whole — Node's
// start, loading the bundle, reading, analysing, building and writing the output — as CPU time reported
// by the process itself at exit (bench/process/cpuAtExit.ts). Rows: the ratio (issue 9: ≤ 1.3), the
// doubling (time at 2n against n: ≤ 2.5), findings per set (≤ 2.5) and the output's size.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SHAPES } from './manifest';
import type { Result } from './shapes';

interface Run { cpuMs: number; stdout: string; status: number | null }

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function runMeasured(distDir: string, args: readonly string[]): Run {
  const run = spawnSync(process.execPath, ['--require', path.join(distDir, 'bench', 'cpuAtExit.js'), ...args], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe', 'pipe'], maxBuffer: 1 << 30, timeout: 600_000,
  });
  const report = run.output[3];
  if (!report) throw new Error(`${args.join(' ')}: no CPU report (status ${run.status}): ${run.stderr}`);
  return { cpuMs: (JSON.parse(report) as { cpuMs: number }).cpuMs, stdout: run.stdout, status: run.status };
}

/** The shape at size n, written to a fresh folder; returns the folder and its files. */
function writeShape(name: string, n: number): { dir: string; files: string[] } {
  const shape = SHAPES.find((s) => s.name === name)!;
  const dir = mkdtempSync(path.join(tmpdir(), `sts-bench-${name.replace(/\W/g, '')}-`));
  const files = shape.make(n).files.map((f) => {
    const file = path.join(dir, f.file);
    writeFileSync(file, f.text);
    return file;
  });
  return { dir, files };
}

export function benchCli(distDir: string, shapeName: string, pairs = 3): Result[] {
  const shape = SHAPES.find((s) => s.name === shapeName);
  if (!shape) throw new Error(`no shape ${shapeName}`);
  const cli = path.join(distDir, 'cli.js');
  const parser = path.join(distDir, 'bench', 'parseFiles.js');
  const stock = [path.join(distDir, 'bench', 'parseFilesStock.js'), path.join(distDir, '..', 'node_modules', 'yaml')];
  const at = writeShape(shapeName, shape.n);
  const twice = writeShape(shapeName, shape.n * 2);
  try {
    const check = (dir: string) => runMeasured(distDir, [cli, 'check', '--format', 'json', dir]);
    check(at.dir); // the first run fills the file cache
    // interleaved pairs: on a shared machine speed drifts over seconds
    const ratios: number[] = [];
    const checkMs: number[] = [];
    const parseMs: number[] = [];
    const stockRatios: number[] = [];
    let output = '';
    for (let i = 0; i < pairs; i++) {
      const p = runMeasured(distDir, [parser, ...at.files]).cpuMs;
      const c = check(at.dir);
      const s = runMeasured(distDir, [...stock, ...at.files]).cpuMs;
      if (c.status !== 0 && c.status !== 1) throw new Error(`check exited ${c.status}`);
      output = c.stdout;
      parseMs.push(p); checkMs.push(c.cpuMs); ratios.push(c.cpuMs / p); stockRatios.push(c.cpuMs / s);
    }
    const doubleMs = median(Array.from({ length: pairs }, () => check(twice.dir).cpuMs));
    const ratio = median(ratios);
    const ms = median(checkMs);
    const doubling = doubleMs / ms;
    const findings = (JSON.parse(output) as { findings: { code: string }[] }).findings;
    const sets = shapeName === 'one big set' ? 1 : shapeName === 'many files' ? shape.n * 200 : shape.n;
    const perSet = findings.length / sets;
    const label = (s: string) => `[${shapeName}] CLI ${s}`;
    return [
      { name: label('check --format json / parse, whole process'), value: ratio, unit: '×', target: '≤ 1.3', pass: ratio <= 1.3, detail: `check ${ms.toFixed(0)} ms, read + parse ${median(parseMs).toFixed(0)} ms; against yaml as installed ${median(stockRatios).toFixed(2)}×; CPU time of the process, median of ${pairs} interleaved runs` },
      { name: label('doubling: check at 2n / at n'), value: doubling, unit: '×', target: '≤ 2.5', pass: doubling <= 2.5, detail: `${ms.toFixed(0)} ms → ${doubleMs.toFixed(0)} ms` },
      { name: label('findings per set (as printed)'), value: perSet, unit: '', target: '≤ 2.5', pass: perSet <= 2.5, detail: `${findings.length} findings, ${(output.length / 1024).toFixed(0)} KiB of JSON` },
    ];
  } finally {
    rmSync(at.dir, { recursive: true, force: true });
    rmSync(twice.dir, { recursive: true, force: true });
  }
}
