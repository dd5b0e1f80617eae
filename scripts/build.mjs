// Bundles the extension, the CLI, the benchmark and the tests with esbuild.
// Everything but `vscode` is bundled (yaml, and the ESM-only @kubernetes/client-node, which the
// cluster code loads lazily so activation never pays for it).
import * as esbuild from 'esbuild';
import { readdirSync, existsSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const watch = process.argv.includes('--watch');
// A stale bundle of a deleted test would still run: start from an empty dist/.
if (!watch) rmSync('dist', { recursive: true, force: true });
// yaml's parser and composer get scripts/yamlProcess.js as their `process` (it says why); only files
// that use it for nothing but those debug switches, so that a yaml update cannot lose anything else.
const yamlDebugSwitchesOff = {
  name: 'yaml-debug-switches-off',
  setup(build) {
    const files = /[\\/]node_modules[\\/]yaml[\\/]dist[\\/](parse[\\/]parser|compose[\\/]composer)\.js$/;
    const shim = fileURLToPath(new URL('yamlProcess.js', import.meta.url));
    build.onResolve({ filter: /^process$/ }, (args) => (files.test(args.importer) ? { path: shim } : undefined));
    build.onLoad({ filter: files }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const uses = text.match(/node_process\.[A-Za-z_]+(\.[A-Za-z_]+)?/g) ?? [];
      const unexpected = uses.filter((u) => !/^node_process\.env\.LOG_(TOKENS|STREAM)$/.test(u));
      if (unexpected.length) return { errors: [{ text: `yaml's ${args.path} uses ${unexpected[0]}: update scripts/yamlProcess.js` }] };
      return undefined;
    });
  },
};
const common = { bundle: true, format: 'cjs', platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', plugins: [yamlDebugSwitchesOff] };

// The CLI loads the cluster code (src/cli/loadCluster.ts) from dist/cluster.js at run time, as the
// extension does: bundled in, the Kubernetes client made cli.js 16 MB, parsed by every `check`.
const clusterBundleOutside = {
  name: 'cluster-bundle-outside',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/cluster$/ }, (args) => (args.importer.endsWith(join('src', 'cli', 'loadCluster.ts')) ? { path: './cluster.js', external: true } : undefined));
  },
};

const testEntries = (dir) => existsSync(dir)
  ? readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f))
  : [];

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], minify: !watch },
  // The engine with the YAML parser: required by the extension on first use (after activation).
  { ...common, entryPoints: ['src/core/engine.ts'], outfile: 'dist/engine.js', minify: !watch },
  // The engine's worker thread (the analysis off the extension host's main thread): started by the first scan.
  { ...common, entryPoints: ['src/worker/engineWorker.ts'], outfile: 'dist/engineWorker.js', minify: !watch },
  // The cluster code with @kubernetes/client-node: required by the extension on first use only.
  { ...common, entryPoints: ['src/cluster/index.ts'], outfile: 'dist/cluster.js', minify: !watch },
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', plugins: [...common.plugins, clusterBundleOutside] },
  { ...common, entryPoints: ['bench/bench.ts'], outfile: 'dist/bench/bench.js' },
  // processes the bench runs whole (bench/cliBench.ts): the parse baseline, and the CPU report preloaded into each
  { ...common, entryPoints: ['bench/process/parseFiles.ts', 'bench/process/parseFilesStock.ts', 'bench/process/cpuAtExit.ts'], outdir: 'dist/bench' },
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
