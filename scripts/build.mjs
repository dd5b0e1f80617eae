// Bundles the extension, the CLI, the benchmark and the tests with esbuild.
// Everything but `vscode` is bundled (yaml, and the ESM-only @kubernetes/client-node, which the
// cluster code loads lazily so activation never pays for it).
import * as esbuild from 'esbuild';
import { readdirSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const watch = process.argv.includes('--watch');
// A stale bundle of a deleted test would still run: start from an empty dist/.
if (!watch) rmSync('dist', { recursive: true, force: true });
const common = { bundle: true, format: 'cjs', platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

const testEntries = (dir) => existsSync(dir)
  ? readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f))
  : [];

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], minify: !watch },
  // The engine with the YAML parser: required by the extension on first use (after activation).
  { ...common, entryPoints: ['src/core/engine.ts'], outfile: 'dist/engine.js', minify: !watch },
  // The cluster code with @kubernetes/client-node: required by the extension on first use only.
  { ...common, entryPoints: ['src/cluster/index.ts'], outfile: 'dist/cluster.js', minify: !watch },
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js' },
  { ...common, entryPoints: ['bench/bench.ts'], outfile: 'dist/bench/bench.js' },
  // Unit tests run in plain Node: node_modules stay external (mocha, yaml are required at run time).
  { ...common, entryPoints: testEntries('test/unit'), outdir: 'dist/test/unit', packages: 'external' },
  // Integration tests run inside the extension host: mocha is bundled in, `vscode` is provided by the host.
  { ...common, entryPoints: testEntries('test/integration').filter((f) => !f.includes('launch')), outdir: 'dist/test/integration', packages: 'external' },
  // Test support (the fake API server) is also started as its own process by tests and the CLI demo.
  { ...common, entryPoints: testEntries('test/support'), outdir: 'dist/test/support', outbase: 'test/support', packages: 'external' },
  // The opt-in suite against a real cluster (npm run test:cluster).
  { ...common, entryPoints: testEntries('test/cluster'), outdir: 'dist/test/cluster', packages: 'external' },
].filter((b) => (b.entryPoints.length ?? 0) > 0 && b.entryPoints.every((e) => existsSync(e)));

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
