import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { corpusDir, docs, HEADLESS_SERVICE, pv, pvc, statefulSet } from '../helpers/analyze';
import { runCli as run } from '../helpers/cli';

describe('cli', () => {
  let dir: string;
  const rel = (...p: string[]) => path.join(dir, ...p);
  // a file with one error (removed apiVersion on line 2, column 13) and one warning
  const broken = docs(HEADLESS_SERVICE, statefulSet().replace('apiVersion: apps/v1', 'apiVersion: apps/v1beta1'));

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sts-cli-'));
    mkdirSync(rel('good'));
    mkdirSync(rel('bad', 'nested'), { recursive: true });
    writeFileSync(rel('good', 'app.yaml'), docs(HEADLESS_SERVICE, statefulSet()));
    writeFileSync(rel('bad', 'nested', 'set.yml'), broken);
    writeFileSync(rel('bad', 'notes.txt'), 'not yaml: [');
    // class "manual": no claim of the set fits it, so its only finding is the Recycle policy
    writeFileSync(rel('bad', 'pv.yaml'), pv({ name: 'pv-a', className: 'manual' }).replace('Retain', 'Recycle'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('check: exit 0 and a summary line without findings', async () => {
    const r = await run('check', rel('good'));
    assert.equal(r.code, 0);
    assert.equal(r.out, '0 errors, 0 warnings, 0 info\n');
    assert.equal(r.err, '');
  });

  it('check text: file:line:col: severity code: message, 1-based; exit 1 with an error', async () => {
    const r = await run('check', rel('bad'));
    assert.equal(r.code, 1);
    const lines = r.out.trimEnd().split('\n');
    const setFile = path.join(rel('bad'), 'nested', 'set.yml');
    const apiLine = broken.split('\n').findIndex((l) => l.includes('apps/v1beta1')) + 1;
    assert.match(lines.find((l) => l.includes('removed-api-version'))!, new RegExp(`^${setFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${apiLine}:13: error removed-api-version: StatefulSet apps/v1beta1 was removed`));
    const recycleLine = pv({ name: 'pv-a', className: 'manual' }).split('\n').findIndex((l) => l.includes('Retain')) + 1;
    assert.ok(lines.some((l) => l.startsWith(`${path.join(rel('bad'), 'pv.yaml')}:${recycleLine}:34: warning reclaim-policy-recycle: `)), r.out);
    assert.ok(!r.out.includes('notes.txt'), 'only *.yaml and *.yml are read from directories');
    assert.equal(lines[lines.length - 1], '1 error, 1 warning, 0 info');
  });

  it('check json: the documented shape, file as given (joined for directories)', async () => {
    const r = await run('check', rel('bad'), '--format', 'json');
    assert.equal(r.code, 1);
    const json = JSON.parse(r.out);
    assert.deepEqual(Object.keys(json), ['version', 'findings', 'suppressed']);
    assert.equal(json.version, 1);
    assert.equal(json.findings.length, 2);
    for (const f of json.findings) {
      assert.deepEqual(Object.keys(f), ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message', 'related']);
      assert.ok(Array.isArray(f.related));
    }
    const api = json.findings.find((f: { code: string }) => f.code === 'removed-api-version');
    const apiLine = broken.split('\n').findIndex((l) => l.includes('apps/v1beta1')) + 1;
    assert.deepEqual([api.file, api.line, api.column, api.endLine, api.endColumn, api.severity],
      [path.join(rel('bad'), 'nested', 'set.yml'), apiLine, 13, apiLine, 13 + 'apps/v1beta1'.length, 'error']);
  });

  it('check json: related locations are 1-based with file and message', async () => {
    const r = await run('check', '--format=json', rel('good', 'app.yaml'), rel('good'));
    // the same file given twice is read once: no duplicate-object
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.out).findings, []);
    const d = path.join(dir, 'dup');
    mkdirSync(d);
    writeFileSync(path.join(d, 'a.yaml'), HEADLESS_SERVICE);
    writeFileSync(path.join(d, 'b.yaml'), HEADLESS_SERVICE);
    const j = JSON.parse((await run('check', d, '--format', 'json')).out);
    const f = j.findings[0];
    assert.equal(f.code, 'duplicate-object');
    assert.equal(f.file, path.join(d, 'b.yaml'));
    assert.deepEqual(f.related, [{ file: path.join(d, 'a.yaml'), line: 4, column: 9, message: 'first definition' }]);
  });

  it('check sarif: SARIF 2.1.0 with rules and results', async () => {
    const r = await run('check', rel('bad'), '--format', 'sarif');
    assert.equal(r.code, 1);
    const s = JSON.parse(r.out);
    assert.equal(s.version, '2.1.0');
    assert.match(s.$schema, /sarif/);
    assert.equal(s.runs.length, 1);
    const run0 = s.runs[0];
    assert.equal(run0.tool.driver.name, 'statefulset-storage');
    const ids = run0.tool.driver.rules.map((x: { id: string }) => x.id);
    assert.ok(ids.includes('removed-api-version') && ids.includes('yaml-syntax') && ids.includes('file-skipped'));
    assert.equal(run0.results.length, 2);
    for (const res of run0.results) {
      assert.equal(ids[res.ruleIndex], res.ruleId);
      assert.ok(['error', 'warning', 'note'].includes(res.level));
      assert.equal(typeof res.message.text, 'string');
      const loc = res.locations[0].physicalLocation;
      assert.ok(loc.artifactLocation.uri.endsWith('.yaml') || loc.artifactLocation.uri.endsWith('.yml'));
      assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1);
    }
  });

  it('exit 2: missing path, with a clear message on stderr', async () => {
    const r = await run('check', rel('nope.yaml'));
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.match(r.err, /cannot read .*nope\.yaml: no such file or directory/);
  });

  it('exit 2 when no YAML is found (an empty folder, a folder of other files): a wrong path must not pass', async () => {
    mkdirSync(rel('empty'));
    mkdirSync(rel('docs-only'));
    writeFileSync(rel('docs-only', 'notes.txt'), 'not yaml: [');
    for (const folder of ['empty', 'docs-only']) {
      for (const command of ['check', 'plan']) {
        const r = await run(command, rel(folder));
        assert.equal(r.code, 2, `${command} ${folder}`);
        assert.equal(r.out, '', `${command} ${folder} prints no "0 errors"`);
        assert.equal(r.err, `statefulset-storage: no YAML file (*.yaml, *.yml) found in ${rel(folder)}\n`);
      }
    }
  });

  it('a non-YAML file named explicitly: one file-skipped warning, never parsed as YAML; alone, exit 2', async () => {
    const readme = rel('README.md');
    writeFileSync(readme, '# Title\n\nSome text: [a link](x)\n- a: b\n  c\n');
    const alone = await run('check', readme, '--format', 'json');
    assert.equal(alone.code, 2);
    assert.deepEqual(JSON.parse(alone.out).findings.map((f: { file: string; code: string; severity: string }) => [f.file, f.code, f.severity]),
      [[readme, 'file-skipped', 'warning']]);
    assert.match(alone.err, /no YAML file \(\*\.yaml, \*\.yml\) found in .*README\.md: nothing was checked/);
    const text = await run('check', readme);
    assert.equal(text.out.split('\n')[0], `${readme}:1:1: warning file-skipped: Not analysed: its name does not end in .yaml or .yml, and only YAML manifests are read.`);
    // next to YAML: the YAML is checked as usual, the warning does not fail the run
    const withYaml = await run('check', readme, rel('good'));
    assert.equal(withYaml.code, 0, withYaml.out);
    assert.match(withYaml.out, /file-skipped/);
    assert.doesNotMatch(withYaml.out, /yaml-syntax/);
    // a folder scan ignores non-YAML files (bad/notes.txt) without a finding
    const folder = await run('check', rel('bad'), '--format', 'json');
    assert.ok(!JSON.parse(folder.out).findings.some((f: { code: string }) => f.code === 'file-skipped'), folder.out);
  });

  it('exit 2: unknown flag, unknown command, bad --format', async () => {
    const a = await run('check', rel('good'), '--frmat', 'json');
    assert.equal(a.code, 2);
    assert.match(a.err, /unknown option --frmat/);
    const b = await run('frobnicate');
    assert.equal(b.code, 2);
    assert.match(b.err, /unknown command "frobnicate"/);
    const c = await run('check', rel('good'), '--format', 'xml');
    assert.equal(c.code, 2);
    assert.match(c.err, /--format must be one of text, json, sarif/);
    const d = await run('plan', rel('good'), '--format', 'sarif');
    assert.equal(d.code, 2);
  });

  it('plan json: the documented shape; steps PV → PVC → Service → StatefulSet with the backing volume first', async () => {
    const d = path.join(dir, 'plan');
    mkdirSync(d);
    // files in reverse order of creation, to prove the steps are sorted
    writeFileSync(path.join(d, 'a-set.yaml'), docs(statefulSet({ replicas: 2, className: '' }), HEADLESS_SERVICE));
    writeFileSync(path.join(d, 'b-claims.yaml'), docs(pvc({ name: 'www-web-0', className: '' }), pvc({ name: 'www-web-1', className: '' })));
    writeFileSync(path.join(d, 'c-pvs.yaml'), docs(
      pv({ name: 'pv-0', className: '', claimRef: '    name: www-web-0\n    namespace: default\n' }),
      pv({ name: 'pv-1', className: '', claimRef: '    name: www-web-1\n    namespace: default\n' })));
    const r = await run('plan', d, '--format', 'json');
    assert.equal(r.code, 0, r.err);
    const p = JSON.parse(r.out);
    assert.deepEqual(Object.keys(p), ['version', 'units', 'statefulSets', 'claims', 'steps']);
    assert.deepEqual(p.units, [{ path: d, files: ['a-set.yaml', 'b-claims.yaml', 'c-pvs.yaml'].map((f) => path.join(d, f)), sets: ['default/web'] }]);
    assert.equal(p.version, 2);
    assert.deepEqual(p.claims, [], 'both claims are the set\'s');
    const s = p.statefulSets[0];
    assert.deepEqual(
      { name: s.name, namespace: s.namespace, file: s.file, replicas: s.replicas, ordinals: s.ordinals, pods: s.pods },
      { name: 'web', namespace: 'default', file: path.join(d, 'a-set.yaml'), replicas: 2, ordinals: { start: 0, end: 1 }, pods: ['web-0', 'web-1'] });
    assert.equal(s.claims.length, 2);
    assert.deepEqual(Object.keys(s.claims[0]), ['template', 'name', 'namespace', 'ordinal', 'pod', 'precreated', 'outcome', 'bindsTo', 'reason', 'file']);
    assert.deepEqual(s.claims.map((c: Record<string, unknown>) => [c.template, c.name, c.ordinal, c.pod, c.precreated, c.outcome, c.bindsTo]),
      [['www', 'www-web-0', 0, 'web-0', true, 'binds', 'pv-0'], ['www', 'www-web-1', 1, 'web-1', true, 'binds', 'pv-1']]);
    for (const st of p.steps) assert.deepEqual(Object.keys(st).slice(0, 6), ['order', 'phase', 'kind', 'name', 'namespace', 'file']);
    assert.deepEqual(p.steps.map((st: Record<string, unknown>) => `${st.order} ${st.kind} ${st.name}`), [
      '1 BackingVolume nfs:10.0.0.5:/exports/pv-0',
      '2 BackingVolume nfs:10.0.0.5:/exports/pv-1',
      '3 PersistentVolume pv-0',
      '4 PersistentVolume pv-1',
      '5 PersistentVolumeClaim www-web-0',
      '6 PersistentVolumeClaim www-web-1',
      '7 Service nginx',
      '8 StatefulSet web',
    ]);
    assert.equal(p.steps[2].namespace, null, 'a PV has no namespace');
    assert.equal(p.steps[4].namespace, 'default');
  });

  it('plan: a claim that binds nothing has bindsTo null and a reason', async () => {
    const r = await run('plan', rel('good'), '--format', 'json');
    const c = JSON.parse(r.out).statefulSets[0].claims[0];
    assert.equal(c.bindsTo, null);
    assert.equal(c.precreated, false);
    assert.match(c.reason, /no persistent volumes available for this claim/);
  });

  it('plan json for replicas 1000000000: 1,000 names and how many more', async () => {
    const d = path.join(dir, 'huge');
    mkdirSync(d);
    writeFileSync(path.join(d, 'a.yaml'), docs(HEADLESS_SERVICE, statefulSet({ replicas: 1000000000 })));
    const p = JSON.parse((await run('plan', d, '--format', 'json')).out);
    const s = p.statefulSets[0];
    assert.equal(s.pods.length, 1000);
    assert.equal(s.morePods, 999999000);
    assert.equal(s.claims.length, 1000);
    assert.equal(s.moreClaims, 999999000);
    assert.deepEqual(s.ordinals, { start: 0, end: 999999999 });
    const text = (await run('plan', d)).out;
    assert.match(text, /web-999 … and 999999000 more/);
    assert.match(text, /… and 999999000 more claims/);
  });

  it('plan text on the seed example: the rbd image is created first, then PV, PVC, Service, StatefulSet', async () => {
    const r = await run('plan', corpusDir('seed-example'));
    assert.equal(r.code, 0, 'plan is a report: it succeeds whatever it predicts');
    const steps = r.out.split('Steps:\n')[1].split('\n').filter((l) => /^\s+\d+\. /.test(l)).map((l) => l.trim().split('  (')[0]);
    assert.deepEqual(steps, [
      '1. [backing-volume] BackingVolume rbd:rbd/volume101',
      '2. [persistent-volume] PersistentVolume mysql-pv-0',
      '3. [persistent-volume-claim] PersistentVolumeClaim default/db-mysql-0',
      '4. [service] Service default/mysql-service',
      '5. [stateful-set] StatefulSet default/mysql',
    ]);
    assert.match(r.out, /rbd create rbd\/volume101 --size 1024/);
    assert.match(r.out, /claim db-mysql-0 \(pod mysql-0\) \[pre-created\] → mysql-pv-0 \(or → new PV if the cluster has a default StorageClass\)/);
    assert.match(r.out, /REJECTED by the API server: 404 NotFound: no matches for kind "StatefulSet" in version "apps\/v1beta1"/);
    assert.match(r.out, /claim db-mysql-1 \(pod mysql-1\) → not created: is never created: the API server rejects StatefulSet mysql/);
  });

  it('--version and --help exit 0', async () => {
    assert.equal((await run('--version')).code, 0);
    const h = await run('--help');
    assert.equal(h.code, 0);
    assert.match(h.out, /Usage: statefulset-storage/);
    assert.equal((await run()).code, 2, 'no command is a usage error');
  });
});
