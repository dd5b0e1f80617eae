#!/usr/bin/env node
// Runs the same integration suite in desktop VS Code through @vscode/test-electron, for machines that
// can download VS Code (or have one: VSCODE_EXECUTABLE=/path/to/code). Offline machines use
// launch-code-server.mjs instead. On Linux without a display, run it under `xvfb-run -a`.
// Exit code: 0 all passed; 1 failures / no test ran; 2 timeout or harness error (e.g. download failed).
// Env: TEST_WORKSPACE (folder to open, copied first; default <repo>/examples), TEST_TIMEOUT_MS (300000),
//      TEST_GREP (mocha grep), VSCODE_VERSION (default 'stable'), VSCODE_EXECUTABLE.
// Screenshots need the code-server launcher (it owns a browser page): here requestScreenshot() is a no-op.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const testsPath = path.join(repo, 'dist/test/integration/index.js');
const workspaceSrc = path.resolve(process.env.TEST_WORKSPACE ?? path.join(repo, 'examples'));
const timeoutMs = Number(process.env.TEST_TIMEOUT_MS ?? 300_000);
const die = (msg) => { console.error(`launch-electron: ${msg}`); process.exit(2); };

if (!fs.existsSync(testsPath)) die(`${testsPath} missing: run \`npm run build\``);
if (!fs.statSync(workspaceSrc, { throwIfNoEntry: false })?.isDirectory()) die(`workspace folder ${workspaceSrc} does not exist`);

const runsDir = path.join(repo, '.vscode-test/runs');
fs.mkdirSync(runsDir, { recursive: true });
for (const old of fs.readdirSync(runsDir).filter((d) => d.startsWith('electron-')).sort().slice(0, -5)) {
  fs.rmSync(path.join(runsDir, old), { recursive: true, force: true });
}
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
const run = fs.mkdtempSync(path.join(runsDir, `electron-${stamp}-`));
// Tests may generate files in the workspace: open a fresh copy, never the source folder.
const workspace = path.join(run, 'workspace', path.basename(workspaceSrc));
fs.cpSync(workspaceSrc, workspace, { recursive: true });
const userData = path.join(run, 'user-data');
fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
  'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none',
  'extensions.autoUpdate': false, 'extensions.autoCheckUpdates': false, 'git.enabled': false,
}, null, 2));
const resultFile = path.join(run, 'result.json');

// runTests() has no timeout. Its own SIGINT handler closes VS Code (1st: gracefully, 2nd: kills the
// tree), so the timeout emits SIGINT at ourselves. This listener also keeps runTests from calling
// process.exit(1) itself after a SIGINT, so that we choose the exit code.
let timedOut = false;
process.on('SIGINT', () => { if (!timedOut && process.listenerCount('SIGINT') === 1) process.exit(130); });
setTimeout(() => {
  timedOut = true;
  console.log(`launch-electron: TIMEOUT after ${timeoutMs} ms`);
  if (process.listenerCount('SIGINT') === 1) process.exit(2); // still downloading: no VS Code to close
  process.emit('SIGINT');
  setTimeout(() => process.emit('SIGINT'), 5000).unref();
  setTimeout(() => process.exit(2), 10_000).unref();
}, timeoutMs).unref();

let code;
try {
  code = await runTests({
    version: process.env.VSCODE_VERSION ?? 'stable',
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
    cachePath: path.join(repo, '.vscode-test'),
    extensionDevelopmentPath: repo,
    extensionTestsPath: testsPath,
    launchArgs: [workspace, '--disable-extensions', '--user-data-dir', userData, '--extensions-dir', path.join(run, 'extensions')],
    // SCREENSHOT_DIR='' makes requestScreenshot() a no-op even if the caller's environment sets it
    extensionTestsEnv: { RESULT_FILE: resultFile, SCREENSHOT_DIR: '' },
  });
} catch (e) {
  console.error(`launch-electron: ${e?.message ?? e}`);
  code = typeof e?.code === 'number' ? e.code : 2; // TestRunFailedError carries VS Code's exit code
}
console.log(`launch-electron: logs in ${run}`);
if (timedOut) process.exit(2);
if (!fs.existsSync(resultFile)) {
  console.error('launch-electron: no result file: the test runner did not complete');
  process.exit(code || 2);
}
const r = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
const none = r.passes + r.failures + r.pending === 0;
if (none) console.error('launch-electron: no test ran');
console.log(`${r.passes} passed, ${r.failures} failed, ${r.pending} skipped`); // plain closing line for CI log readers
process.exit(code !== 0 || r.failures > 0 || none ? 1 : 0);
