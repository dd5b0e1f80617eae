// Deployment units: discovery from paths and config texts, and that units are analysed apart.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Workspace } from '../../../src/core/analysis';
import { applyEdits } from '../../../src/core/edits';
import { unitMergeFix } from '../../../src/core/project/crossUnit';
import { parseConfig } from '../../../src/core/project/config';
import { Project } from '../../../src/core/project/project';
import { discoverUnits } from '../../../src/core/project/units';
import { DEFAULT_LIMITS } from '../../../src/core/source';
import { docs, HEADLESS_SERVICE, pv, repoRoot, statefulSet } from '../helpers/analyze';

const config = (file: string, text: string) => ({ scope: path.posix.dirname(file) === '.' ? '' : path.posix.dirname(file), config: parseConfig(file, text) });
const layout = (files: string[], configs: ReturnType<typeof config>[] = [], one = false) =>
  discoverUnits(files, configs, one).map((u) => `${u.label}: ${u.files.join(' ')}`);

describe('units: discovery', () => {
  it('each folder that holds manifests is a unit; subfolders are units of their own', () => {
    assert.deepEqual(layout(['apps/db/sts.yaml', 'apps/db/pv.yaml', 'apps/web/sts.yaml', 'apps/db/storage/pv.yaml', 'top.yaml']), [
      '.: top.yaml', 'apps/db: apps/db/sts.yaml apps/db/pv.yaml', 'apps/db/storage: apps/db/storage/pv.yaml', 'apps/web: apps/web/sts.yaml',
    ]);
  });

  it('a folder with a kustomization file is one unit, with its subfolders (unless they have their own)', () => {
    assert.deepEqual(layout(['base/kustomization.yaml', 'base/sts.yaml', 'base/parts/pv.yaml', 'overlays/prod/kustomization.yaml', 'overlays/prod/patch.yaml']), [
      'base: base/kustomization.yaml base/sts.yaml base/parts/pv.yaml', 'overlays/prod: overlays/prod/kustomization.yaml overlays/prod/patch.yaml',
    ]);
  });

  it('units: in the config merges folders (globs too) or makes a folder recursive; config files are no manifests', () => {
    const c = config('.statefulset-storage.yaml', 'units:\n  - paths: [db/app, "db/stor*"]\n  - path: infra\n    recursive: true\n');
    assert.deepEqual(c.config.problems, []);
    assert.deepEqual(layout(['.statefulset-storage.yaml', 'db/app/sts.yaml', 'db/storage/pv.yaml', 'infra/a/x.yaml', 'infra/b/c/y.yaml', 'other/z.yaml'], [c]), [
      'db/app + db/stor*: db/app/sts.yaml db/storage/pv.yaml', 'infra: infra/a/x.yaml infra/b/c/y.yaml', 'other: other/z.yaml',
    ]);
  });

  it('only the nearest config decides; its paths are relative to its folder', () => {
    const outer = config('.statefulset-storage.yaml', 'units:\n  - paths: [a/x, a/y]\n');
    const inner = config('a/.statefulset-storage.yaml', 'units:\n  - paths: [x, z]\n');
    assert.deepEqual(layout(['a/x/1.yaml', 'a/y/2.yaml', 'a/z/3.yaml'], [outer, inner]), ['a/x + a/z: a/x/1.yaml a/z/3.yaml', 'a/y: a/y/2.yaml']);
  });

  it('one unit when asked (explicit files, --one-unit)', () => {
    assert.deepEqual(layout(['a/x/1.yaml', 'a/y/2.yaml'], [], true), ['a: a/x/1.yaml a/y/2.yaml']);
  });

  it('works on URIs as the editor names files', () => {
    assert.deepEqual(layout(['file:///w/a/1.yaml', 'file:///w/b/2.yaml', 'file:///w/b/3.yaml']), ['file:///w/a: file:///w/a/1.yaml', 'file:///w/b: file:///w/b/2.yaml file:///w/b/3.yaml']);
  });
});

/** The two-app fixture (CockroachDB from kubernetes/examples, the MySQL seed example), as files. */
function fixture(): Record<string, string> {
  const root = path.join(repoRoot(), 'test', 'fixtures', 'multi-app');
  const out: Record<string, string> = {};
  for (const app of ['cockroachdb', 'mysql-rbd']) {
    for (const f of readdirSync(path.join(root, app)).sort()) out[`multi-app/${app}/${f}`] = readFileSync(path.join(root, app, f), 'utf8');
  }
  return out;
}

function projectOf(files: Record<string, string>): Project {
  const p = new Project({ defaultNamespace: 'default', limits: DEFAULT_LIMITS });
  for (const [f, t] of Object.entries(files)) p.setFile(f, t);
  return p;
}

const lines = (fs: readonly { file: string; range: { start: { line: number } }; code: string; message: string }[]) =>
  fs.map((f) => `${f.file}:${f.range.start.line} ${f.code}: ${f.message}`).sort();

describe('units: analysed apart', () => {
  it('two apps in sibling folders give exactly the findings of each folder checked alone', () => {
    const files = fixture();
    const together = projectOf(files).analyze();
    const alone = ['cockroachdb', 'mysql-rbd'].flatMap((app) => projectOf(Object.fromEntries(Object.entries(files).filter(([f]) => f.includes(`/${app}/`)))).analyze().findings);
    assert.deepEqual(lines(together.findings), lines(alone));
    assert.equal(together.units.length, 2);
    // one workspace of everything (the old behaviour) found more: the apps' claims compete for mysql-pv-0
    const ws = new Workspace({ defaultNamespace: 'default', limits: DEFAULT_LIMITS });
    for (const [f, t] of Object.entries(files)) ws.setFile(f, t);
    assert.ok(ws.analyze().findings.length > together.findings.length);
  });

  it('the CockroachDB set predicts only its own claims; no claim binds or names the MySQL PV', () => {
    const a = projectOf(fixture()).analyze();
    const set = a.index.statefulSets().find((s) => s.name === 'cockroachdb')!;
    const claims = a.prediction.bySet.get(set)!;
    assert.deepEqual(claims.map((c) => c.name), ['datadir-cockroachdb-0', 'datadir-cockroachdb-1', 'datadir-cockroachdb-2']);
    for (const c of claims) {
      assert.equal(c.volume, undefined);
      assert.deepEqual(c.rejected, [], `${c.name} sees no PV of the other app`);
    }
    assert.equal(a.unitOf('multi-app/cockroachdb/cockroachdb-statefulset.yaml')!.unit.label, 'multi-app/cockroachdb');
  });

  it('an edit in one unit re-analyses that unit only', () => {
    const p = projectOf(fixture());
    const before = p.analyze();
    const db = before.unitOf('multi-app/mysql-rbd/pv.yaml')!.analysis;
    const file = 'multi-app/cockroachdb/cockroachdb-statefulset.yaml';
    const text = p.textOf(file)!;
    const at = text.indexOf('replicas: 3') + 'replicas: '.length;
    p.applyChanges(file, [{ offset: at, deleteCount: 1, text: '5' }]);
    const after = p.analyze();
    assert.notEqual(after, before);
    assert.equal(after.unitOf('multi-app/mysql-rbd/pv.yaml')!.analysis, db, 'the other unit kept its analysis');
    assert.equal(after.prediction.bySet.get(after.index.statefulSets().find((s) => s.name === 'cockroachdb')!)!.length, 5);
  });

  it('files move between units when a config merges their folders, and back when it goes', () => {
    const p = projectOf({
      'app/sts.yaml': docs(HEADLESS_SERVICE, statefulSet({ replicas: 1, className: '' })),
      'storage/pv.yaml': pv({ name: 'pv-0', className: '', claimRef: '    name: www-web-0\n    namespace: default\n' }),
    });
    const bindsOf = () => p.analyze().prediction.claims.map((c) => `${c.name}→${c.volume?.name ?? '-'}`);
    assert.deepEqual(bindsOf(), ['www-web-0→-']);
    const hint = p.analyze().findings.find((f) => f.code === 'pvc-unbindable')!;
    assert.match(hint.message, /PV "pv-0" in unit storage would fit it: .* merge them into one unit/);
    p.setFile('.statefulset-storage.yaml', 'units:\n  - paths: [app, storage]\n');
    assert.deepEqual(bindsOf(), ['www-web-0→pv-0']);
    assert.deepEqual(p.analyze().units.map((u) => u.unit.label), ['app + storage']);
    p.deleteFile('.statefulset-storage.yaml');
    assert.deepEqual(bindsOf(), ['www-web-0→-']);
  });
});

describe('units: the merge quick fix', () => {
  const files = {
    'app/sts.yaml': docs(HEADLESS_SERVICE, statefulSet({ replicas: 1, className: '' })),
    'storage/pv.yaml': pv({ name: 'pv-0', className: '', claimRef: '    name: www-web-0\n    namespace: default\n' }),
  };

  it('creates .statefulset-storage.yaml with the merge; with it, the claim binds', () => {
    const p = projectOf(files);
    const f = p.analyze().findings.find((x) => x.code === 'pvc-unbindable')!;
    const fix = unitMergeFix(f, p.configFiles(), (x) => p.textOf(x))!;
    assert.equal(fix.title, 'Analyse app and storage as one unit (.statefulset-storage.yaml)');
    assert.deepEqual(fix.creates.map((c) => c.file), ['.statefulset-storage.yaml']);
    p.setFile(fix.creates[0].file, fix.creates[0].text);
    assert.deepEqual(p.analyze().prediction.claims.map((c) => c.volume?.name), ['pv-0']);
    assert.deepEqual(p.analyze().findings.filter((x) => x.code === 'config-invalid'), []);
  });

  it('adds the entry to an existing config, keeping what it says', () => {
    const p = projectOf({ ...files, '.statefulset-storage.yaml': '# ours\nkubernetesVersion: "1.30"\n' });
    const f = p.analyze().findings.find((x) => x.code === 'pvc-unbindable')!;
    const fix = unitMergeFix(f, p.configFiles(), (x) => p.textOf(x))!;
    assert.equal(fix.edits.length, 1);
    const text = applyEdits(p.textOf('.statefulset-storage.yaml')!, fix.edits);
    assert.match(text, /# ours\nkubernetesVersion: "1\.30"\nunits:\n {2}- paths:/);
    p.setFile('.statefulset-storage.yaml', text);
    assert.deepEqual(p.analyze().prediction.claims.map((c) => c.volume?.name), ['pv-0']);
    assert.equal(p.analyze().units[0].profile.kubernetesVersion, '1.30');
  });
});
