// examples/mysql-rbd-fixed, the example the README's demo and apply walkthrough use: `check` finds
// nothing, and `apply --yes` provisions every object into the test API server, claims Bound, pods
// Ready; the demo prints check and plan under headings and exits with check's status. All through
// the CLI's argv and exit code, as a user runs them.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { main } from '../../../src/cli';
import { resource } from '../../../src/core/simulation';
import { repoRoot } from '../helpers/analyze';
import { Harness, startHarness } from './harness';
import { Sink } from '../helpers/cli';

const root = repoRoot();
const FIXED = path.join(root, 'examples', 'mysql-rbd-fixed');
const SEED = path.join(root, 'examples', 'mysql-rbd');

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new Sink();
  const err = new Sink();
  const code = await main(argv, out, err);
  return { code, out: out.text, err: err.text };
}

describe('examples/mysql-rbd-fixed', () => {
  it('check: no finding at all, exit 0, alone and next to the unfixed example', async () => {
    const alone = await cli('check', FIXED);
    assert.equal(alone.out, '0 errors, 0 warnings, 0 info\n');
    assert.equal(alone.code, 0);
    // both in one workspace (as the extension sees examples/): the fixed example adds no finding
    const both = await cli('check', SEED, FIXED, '--format', 'json');
    const seedOnly = await cli('check', SEED, '--format', 'json');
    assert.deepEqual(JSON.parse(both.out).findings, JSON.parse(seedOnly.out).findings);
  });

  describe('apply --yes into the test API server', () => {
    let h: Harness;
    beforeEach(async () => { h = await startHarness({ controllers: { podReadyDelayMs: 10 } }); });
    afterEach(async () => { await h.close(); });

    it('creates every object, claims Bound to their PVs, both pods ready; exit 0', async () => {
      const r = await cli('apply', FIXED, '--kubeconfig', h.kubeconfig, '--yes');
      assert.equal(r.code, 0, r.out + r.err);
      const lines = r.out.split('\n');
      for (const created of ['PersistentVolume mysql-fixed-pv-0', 'PersistentVolume mysql-fixed-pv-1', 'PersistentVolumeClaim default/db-mysql-fixed-0',
        'PersistentVolumeClaim default/db-mysql-fixed-1', 'Service default/mysql-fixed', 'StatefulSet default/mysql-fixed']) {
        assert.ok(lines.some((l) => /\] created +/.test(l) && l.endsWith(created)), `${created} created:\n${r.out}`);
      }
      assert.ok(lines.includes('  claim default/db-mysql-fixed-0 Bound to mysql-fixed-pv-0'), r.out);
      assert.ok(lines.includes('  claim default/db-mysql-fixed-1 Bound to mysql-fixed-pv-1'), r.out);
      assert.match(r.out, /6 created, 0 updated, .* 0 failed, 0 not run, 2 manual; claims pending: 0; pods ready: 2\/2/);
      const pvs = h.server.api.list(resource('persistentvolumes')).items as { metadata: { name: string }; status?: { phase?: string } }[];
      assert.deepEqual(pvs.map((pv) => [pv.metadata.name, pv.status?.phase]).sort(), [['mysql-fixed-pv-0', 'Bound'], ['mysql-fixed-pv-1', 'Bound']]);
    });
  });

  describe('npm run demo (scripts/demo.mjs)', () => {
    const demo = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'scripts', 'demo.mjs'), ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });

    it('prints check, then plan, each under its heading; exit 0 on the fixed example', () => {
      const r = demo();
      assert.equal(r.status, 0, r.stderr);
      const check = r.stdout.indexOf('=== statefulset-storage check examples/mysql-rbd-fixed ===');
      const plan = r.stdout.indexOf('=== statefulset-storage plan examples/mysql-rbd-fixed ===');
      assert.ok(check >= 0 && plan > check, r.stdout);
      assert.ok(r.stdout.slice(check, plan).includes('0 errors, 0 warnings, 0 info'));
      assert.ok(r.stdout.slice(plan).includes('StatefulSet default/mysql-fixed'));
    });

    it("keeps check's exit status when check finds errors, and still prints the plan", () => {
      const r = demo('examples/mysql-rbd');
      assert.equal(r.status, 1);
      assert.ok(r.stdout.indexOf('=== statefulset-storage plan examples/mysql-rbd ===') > r.stdout.indexOf('error removed-api-version'), r.stdout);
      assert.match(r.stderr, /check exited with 1/);
    });

    it('is what package.json runs, with nothing hiding its status', () => {
      const { demo: script } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts;
      assert.equal(script, 'npm run build && node scripts/demo.mjs');
    });
  });
});
