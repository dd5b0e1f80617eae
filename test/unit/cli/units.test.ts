// The CLI over deployment units: folders apart, explicit files or --one-unit together, plan's units.
import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../helpers/analyze';
import { runCli as run } from '../helpers/cli';

const apps = path.join(repoRoot(), 'test', 'fixtures', 'multi-app');
const codes = (out: string) => out.trimEnd().split('\n').slice(0, -1).map((l) => l.replace(/: [^:]*$/, '')).sort();

describe('cli: units', () => {
  it('check of a folder of apps = the union of checking each app folder', async () => {
    const all = await run('check', apps);
    const each = [await run('check', path.join(apps, 'cockroachdb')), await run('check', path.join(apps, 'mysql-rbd'))];
    assert.deepEqual(codes(all.out), each.flatMap((r) => codes(r.out)).sort());
    assert.equal(all.code, 1);
  });

  it('--one-unit (and explicit files) analyse everything together, as before units', async () => {
    const one = await run('check', apps, '--one-unit');
    const files = await run('check', path.join(apps, 'cockroachdb', 'cockroachdb-statefulset.yaml'), path.join(apps, 'mysql-rbd', 'pv.yaml'));
    // errors: cockroachdb's policy/v1beta1 PodDisruptionBudget, mysql's apps/v1beta1 set and rbd PV (issue 11)
    assert.match(one.out, /3 errors, 5 warnings/);
    assert.ok(codes(one.out).length > codes((await run('check', apps)).out).length);
    // CockroachDB's class-less claims now see mysql-pv-0
    assert.ok(files.out.includes('mysql-pv-0'), files.out);
  });

  it('plan: a units array (path, files, sets); text groups by unit; each set shows its own claims and steps', async () => {
    const json = JSON.parse((await run('plan', apps, '--format', 'json')).out);
    assert.deepEqual(json.units.map((u: { path: string; sets: string[]; files: string[] }) => [u.path, u.sets, u.files.length]), [
      [path.join(apps, 'cockroachdb'), ['default/cockroachdb'], 1], [path.join(apps, 'mysql-rbd'), ['default/mysql'], 3]]);
    const cockroachSteps = json.steps.filter((s: { unit: string }) => s.unit === path.join(apps, 'cockroachdb')).map((s: { kind: string; name: string }) => `${s.kind} ${s.name}`);
    assert.deepEqual(cockroachSteps, ['Service cockroachdb-public', 'Service cockroachdb', 'StatefulSet cockroachdb']);
    const set = json.statefulSets.find((s: { name: string }) => s.name === 'cockroachdb');
    assert.ok(set.claims.every((c: { reason: string }) => !c.reason.includes('mysql')), JSON.stringify(set.claims));
    const text = (await run('plan', apps)).out;
    assert.match(text, /^Unit .*cockroachdb \(1 file; StatefulSets: cockroachdb\)$/m);
    assert.match(text, /^Unit .*mysql-rbd \(3 files; StatefulSets: mysql\)$/m);
  });
});

describe('cli: units on the real-world corpus', () => {
  const corpus = path.join(repoRoot(), 'test', 'fixtures', 'real-world');
  const found = async (...paths: string[]) => {
    const r = await run('check', ...paths, '--no-kubectl', '--format', 'json');
    return (JSON.parse(r.out).findings as { code: string; file: string; line: number }[]).map((f) => `${f.code} ${f.file}:${f.line}`);
  };

  it('the whole corpus as one workspace gives exactly the findings of checking each app folder alone', async function () {
    this.timeout(120_000);
    const apps = readdirSync(corpus, { withFileTypes: true }).filter((d) => d.isDirectory())
      .flatMap((repo) => readdirSync(path.join(corpus, repo.name), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => path.join(corpus, repo.name, d.name)));
    assert.ok(apps.length >= 40, `${apps.length} apps`);
    const alone: string[] = [];
    for (const app of apps) alone.push(...await found(app));
    assert.deepEqual((await found(corpus)).sort(), alone.sort());
  });
});
