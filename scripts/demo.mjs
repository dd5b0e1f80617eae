#!/usr/bin/env node
// `npm run demo` (after `npm run build`): the CLI on the bundled example as a new user first sees it,
// `check` then `plan`, each under a heading. Exits with check's status (then plan's), so a demo whose
// check fails fails too. Usage: node scripts/demo.mjs [folder]   (default examples/mysql-rbd-fixed)
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'bin', 'statefulset-storage.js');
const folder = process.argv[2] ?? 'examples/mysql-rbd-fixed';

/** Runs one CLI command (argv, no shell) under a heading; returns its exit status. */
function show(command) {
  process.stdout.write(`\n=== statefulset-storage ${command} ${folder} ===\n\n`);
  const r = spawnSync(process.execPath, [cli, command, folder], { cwd: root, stdio: 'inherit', timeout: 60_000 });
  if (r.error) { console.error(`demo: ${command}: ${r.error.message}`); return 2; }
  return r.status ?? 2;
}

const checked = show('check');
const planned = show('plan');
if (checked !== 0) console.error(`\ndemo: check exited with ${checked}`);
process.exitCode = checked || planned;
