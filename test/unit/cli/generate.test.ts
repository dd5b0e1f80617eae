// `statefulset-storage generate` as a user runs it: argv in, exit code, stdout/stderr, and the files on
// disk afterwards. Works on copies of examples/mysql-rbd (a pre-created claim db-mysql-0, its PV, and a
// set of 2 replicas whose template sets no storageClassName).
import * as assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from '../helpers/analyze';
import { runCli as run } from '../helpers/cli';

const NFS = ['--source', 'nfs', '--server', '10.0.0.5'];

/** every file below `dir` with its text, to prove a run changed nothing */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir, { recursive: true }) as string[]) {
    const p = path.join(dir, f);
    try { out[f] = readFileSync(p, 'utf8'); } catch { out[f] = '<dir>'; }
  }
  return out;
}

function objectsIn(file: string): { kind: string; name: string }[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as { kind: string; metadata: { name: string } }).map((o) => ({ kind: o.kind, name: o.metadata.name }));
}

describe('cli generate', () => {
  let root: string;
  let n = 0;
  /** a fresh copy of the example in its own folder */
  const example = (): string => {
    const dir = path.join(root, `case${n++}`, 'app');
    cpSync(path.join(repoRoot(), 'examples', 'mysql-rbd'), dir, { recursive: true });
    return dir;
  };

  before(() => { root = mkdtempSync(path.join(tmpdir(), 'sts-generate-')); });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('prints every change, creates only new files and leaves existing files alone without --write-sources', async () => {
    const dir = example();
    const before = snapshot(dir);
    const r = await run('generate', path.join(dir, 'statefulset.yaml'), ...NFS, '--out', path.join(dir, 'out'));
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '');
    const created = path.join(dir, 'out', 'mysql-1-storage.yaml');
    assert.deepEqual(readdirSync(path.join(dir, 'out')), ['mysql-1-storage.yaml']);
    assert.deepEqual(objectsIn(created), [{ kind: 'PersistentVolume', name: 'db-mysql-1-pv' }, { kind: 'PersistentVolumeClaim', name: 'db-mysql-1' }]);
    const after = snapshot(dir);
    for (const f of Object.keys(before)) assert.equal(after[f], before[f], `${f} is unchanged`);
    // the plan: the new file, the claim left alone, and the edits the user must make, as a diff
    assert.match(r.out, new RegExp(`New files:\\n  ${created.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: PV db-mysql-1-pv ⇄ claim db-mysql-1\\n`));
    assert.match(r.out, /db-mysql-0: pre-created \(.*pvc\.yaml:2\)/);
    assert.match(r.out, /Not edited — make these changes by hand, or run again with --write-sources/);
    assert.match(r.out, /statefulset\.yaml:45: add storageClassName: "" to claim template "db" of StatefulSet mysql: without it, .*default StorageClass/);
    assert.ok(r.out.includes(`--- ${path.join(dir, 'statefulset.yaml')}\n+++ ${path.join(dir, 'statefulset.yaml')}\n@@ -42,6 +42,7 @@\n   - metadata:\n       name: db\n     spec:\n+      storageClassName: ""\n       accessModes: [ "ReadWriteOnce" ]\n`), r.out);
    assert.ok(r.out.includes(`+++ ${path.join(dir, 'pvc.yaml')}\n@@ -4,6 +4,7 @@\n metadata:\n   name: db-mysql-0\n spec:\n+  storageClassName: ""\n`), r.out);
    assert.ok(r.out.endsWith(`wrote ${created}\n`), r.out);
  });

  it('--write-sources makes exactly the printed edits', async () => {
    const dir = example();
    const sts = path.join(dir, 'statefulset.yaml');
    const before = readFileSync(sts, 'utf8');
    const r = await run('generate', sts, ...NFS, '--write-sources');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Edits of existing files \(--write-sources\):/);
    assert.equal(readFileSync(sts, 'utf8'), before.replace('    spec:\n      accessModes', '    spec:\n      storageClassName: ""\n      accessModes'));
    assert.match(readFileSync(path.join(dir, 'pvc.yaml'), 'utf8'), /\nspec:\n {2}storageClassName: ""\n {2}accessModes:/);
    assert.ok(r.out.endsWith(`wrote ${path.join(dir, 'mysql-1-storage.yaml')}\nedited ${sts}\nedited ${path.join(dir, 'pvc.yaml')}\n`), r.out);
  });

  it('--dry-run prints the same plan and writes nothing', async () => {
    const dir = example();
    const before = snapshot(dir);
    const r = await run('generate', path.join(dir, 'statefulset.yaml'), ...NFS, '--dry-run', '--write-sources');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /New files:\n.*mysql-1-storage\.yaml/);
    assert.ok(r.out.endsWith('Nothing written (--dry-run).\n'));
    assert.deepEqual(snapshot(dir), before);
  });

  it('reads FILE\'s folder: the pre-created claim is never generated again, with or without --missing-only', async () => {
    for (const mode of [['--missing-only'], []]) {
      const dir = example();
      const r = await run('generate', path.join(dir, 'statefulset.yaml'), ...NFS, ...mode);
      assert.equal(r.code, 0, r.err);
      const generated = readdirSync(dir).filter((f) => f.endsWith('-storage.yaml'));
      assert.deepEqual(generated, ['mysql-1-storage.yaml'], mode.join(' '));
      assert.ok(!objectsIn(path.join(dir, 'mysql-1-storage.yaml')).some((o) => o.name.startsWith('db-mysql-0')));
    }
  });

  it('a rerun finds the generated claims (in FILE\'s folder or --out) and generates nothing', async () => {
    const dir = example();
    const out = path.join(root, 'elsewhere');
    assert.equal((await run('generate', path.join(dir, 'statefulset.yaml'), ...NFS, '--out', out)).code, 0);
    const before = snapshot(root);
    const r = await run('generate', path.join(dir, 'statefulset.yaml'), ...NFS, '--out', out);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /No new files: every claim of the set exists or is served by a PV\./);
    assert.match(r.out, /db-mysql-1: reserved by PersistentVolume db-mysql-1-pv/);
    assert.deepEqual(snapshot(root), before);
  });

  it('an existing claim no PV serves gets only a PV reserved for it (never a second claim)', async () => {
    const dir = example();
    rmSync(path.join(dir, 'pv.yaml'));
    const r = await run('generate', path.join(dir, 'statefulset.yaml'), ...NFS);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(objectsIn(path.join(dir, 'mysql-0-storage.yaml')), [{ kind: 'PersistentVolume', name: 'db-mysql-0-pv' }]);
    assert.match(r.out, /PV db-mysql-0-pv reserved for the existing claim db-mysql-0/);
    // --missing-only leaves that claim alone
    const other = example();
    rmSync(path.join(other, 'pv.yaml'));
    await run('generate', path.join(other, 'statefulset.yaml'), ...NFS, '--missing-only');
    assert.ok(!existsSync(path.join(other, 'mysql-0-storage.yaml')));
  });

  it('generates into the namespace of the folder\'s .statefulset-storage.yaml (the unit\'s target), as check predicts', async () => {
    const dir = example();
    writeFileSync(path.join(dir, '.statefulset-storage.yaml'), 'namespace: prod\n');
    const flag = await run('generate', path.join(dir, 'statefulset.yaml'), ...NFS, '--namespace', 'staging', '--dry-run');
    assert.match(flag.out, /StatefulSet mysql \(namespace staging\)/, '--namespace wins over the config');
    const r = await run('generate', path.join(dir, 'statefulset.yaml'), ...NFS);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /StatefulSet mysql \(namespace prod\)/);
    // db-mysql-0 of pvc.yaml (no namespace) is in prod too: it is left alone, ordinal 1 is generated
    const docs = parseAllDocuments(readFileSync(path.join(dir, 'mysql-1-storage.yaml'), 'utf8')).map((d) => d.toJS());
    assert.deepEqual(docs[0].spec.claimRef, { name: 'db-mysql-1', namespace: 'prod' });
    assert.equal(docs[1].metadata.namespace, 'prod');
    assert.deepEqual(readdirSync(dir).filter((f) => /^mysql-.*-storage\.yaml$/.test(f)), ['mysql-1-storage.yaml']);
  });

  it('--source is required: exit 2 naming the choices, nothing written', async () => {
    const dir = example();
    const before = snapshot(dir);
    const r = await run('generate', path.join(dir, 'statefulset.yaml'), '--server', '10.0.0.5');
    assert.equal(r.code, 2);
    assert.match(r.err, /^statefulset-storage: --source is required: one of nfs, ceph-rbd, local, hostPath, csi/);
    assert.deepEqual(snapshot(dir), before);
    const bad = await run('generate', path.join(dir, 'statefulset.yaml'), '--source', 'iscsi');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--source must be one of nfs, ceph-rbd, local, hostPath, csi \(got "iscsi"\)/);
  });

  it('takes the volume source from generate: in the folder\'s .statefulset-storage.yaml; flags win, another --source ignores its parameters', async () => {
    const dir = example();
    writeFileSync(path.join(dir, '.statefulset-storage.yaml'), 'generate:\n  source: ceph-rbd\n  clusterID: c0ffee\n  pool: fast\n');
    const r = await run('generate', path.join(dir, 'statefulset.yaml'), '--image', 'img-{ordinal}');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /source ceph-rbd/);
    const pv = parseAllDocuments(readFileSync(path.join(dir, 'mysql-1-storage.yaml'), 'utf8'))[0].toJS();
    assert.deepEqual([pv.spec.csi.volumeAttributes.clusterID, pv.spec.csi.volumeAttributes.pool], ['c0ffee', 'fast']);
    assert.equal(pv.spec.csi.volumeHandle, 'img-1', 'a flag adds to the config');
    rmSync(path.join(dir, 'mysql-1-storage.yaml'));
    const nfs = await run('generate', path.join(dir, 'statefulset.yaml'), '--source', 'nfs', '--dry-run');
    assert.equal(nfs.code, 2, 'the config\'s parameters are ceph-rbd\'s: nfs still needs its server');
    assert.match(nfs.err, /--server is required for --source nfs \(or generate\.server in \.statefulset-storage\.yaml\)/);
    writeFileSync(path.join(dir, '.statefulset-storage.yaml'), 'generate:\n  source: iscsi\n  nodes: [a, b]\n  colour: blue\n');
    const check = await run('check', dir);
    assert.match(check.out, /generate\.source must be one of nfs, ceph-rbd, local, hostPath, csi \(got "iscsi"\)/);
    assert.match(check.out, /unknown key "colour" in generate/);
    const invalid = await run('generate', path.join(dir, 'statefulset.yaml'), '--dry-run');
    assert.equal(invalid.code, 2, 'the invalid source is ignored: none is named');
    assert.match(invalid.err, /--source is required/);
  });

  /** the example with the set's name, replicas and template name replaced */
  function hostile(name: string, replicas: string, template = 'db'): { dir: string; file: string } {
    const dir = path.join(root, `case${n++}`, 'deep', 'app');
    mkdirSync(dir, { recursive: true });
    const text = readFileSync(path.join(repoRoot(), 'examples', 'mysql-rbd', 'statefulset.yaml'), 'utf8')
      .replace(/^ {2}name: mysql$/m, `  name: ${name}`).replace('replicas: 2', `replicas: ${replicas}`).replace(/^ {6}name: db$/m, `      name: ${template}`);
    writeFileSync(path.join(dir, 'sts.yaml'), text);
    return { dir, file: path.join(dir, 'sts.yaml') };
  }

  const refusals: [string, [string, string, string?], RegExp][] = [
    ['a name with a path', ['"../../escape"', '2'], /StatefulSet name "\.\.\/\.\.\/escape" is rejected by the API server: a lowercase RFC 1123 subdomain/],
    ['a 240-character name', ['a'.repeat(240), '2'], /StatefulSet name "a{240}": its pods' names .* must be DNS-1123 labels: the name is 240 characters long, more than 63$/m],
    ['a 253-character name', ['a'.repeat(253), '2'], /the name is 253 characters long, more than 63$/m],
    ['an uppercase name', ['Web', '2'], /StatefulSet name "Web" is rejected by the API server/],
    ['an uppercase template', ['web', '2', 'Data'], /claim template name "Data" of StatefulSet web: it becomes a volume name in every pod, which must be a DNS-1123 label/],
    ['1001 replicas', ['web', '1001'], /StatefulSet web has 1001 replicas: generate writes the volumes of at most 1000 ordinals at once/],
    ['replicas .inf', ['web', '.inf'], /spec\.replicas is \.inf: it must be an integer from 0 to 1000/],
    ['replicas .nan', ['web', '.nan'], /spec\.replicas is \.nan: it must be an integer/],
    ['replicas "3"', ['web', '"3"'], /spec\.replicas is "3", not a number/],
    ['replicas 1.5', ['web', '1.5'], /spec\.replicas is 1\.5: it must be an integer/],
    ['replicas -1', ['web', '-1'], /spec\.replicas is -1: it must be an integer/],
  ];
  for (const [what, [name, replicas, template], message] of refusals) {
    it(`refuses ${what}: exit 1, one plain line, nothing written anywhere`, async () => {
      const { file } = hostile(name, replicas, template);
      const before = snapshot(root);
      const r = await run('generate', file, ...NFS, '--out', path.join(path.dirname(file), 'out'));
      assert.equal(r.code, 1, r.err);
      assert.equal(r.out, '');
      const lines = r.err.trimEnd().split('\n');
      assert.equal(lines.length, 1, r.err);
      assert.match(lines[0], /^statefulset-storage: cannot generate: /);
      assert.match(lines[0], message);
      assert.ok(!/\n\s+at /.test(r.err), 'no stack trace');
      assert.deepEqual(snapshot(root), before);
    });
  }

  it('says every problem, one line each', async () => {
    const { file } = hostile('Web', '.inf', 'Data');
    const r = await run('generate', file, ...NFS);
    assert.equal(r.code, 1);
    assert.equal(r.err.trimEnd().split('\n').length, 3, r.err);
  });

  it('refuses volume source values a PV cannot carry: exit 2', async () => {
    const dir = example();
    const before = snapshot(dir);
    const sts = path.join(dir, 'statefulset.yaml');
    const relative = await run('generate', sts, '--source', 'nfs', '--server', 'x', '--path', 'exports/{claim}');
    assert.equal(relative.code, 2);
    assert.equal(relative.err, 'statefulset-storage: cannot generate: the NFS path "exports/db-mysql-1" of db-mysql-1 must be an absolute path\n');
    const noNodes = await run('generate', sts, '--source', 'local');
    assert.equal(noNodes.code, 2);
    assert.match(noNodes.err, /--nodes is required for --source local/);
    const driver = await run('generate', sts, '--source', 'csi', '--driver', 'bad driver!');
    assert.equal(driver.code, 2);
    assert.match(driver.err, /the CSI driver name "bad driver!" is rejected by the API server/);
    const newline = await run('generate', sts, '--source', 'nfs', '--server', 'a\nb');
    assert.equal(newline.code, 2);
    assert.match(newline.err, /the NFS server "a\\nb" contains a control character/);
    assert.deepEqual(snapshot(dir), before);
  });

  it('never overwrites: an existing target file refuses the whole run (exit 2), a rerun after moving it works', async () => {
    const dir = example();
    rmSync(path.join(dir, 'pvc.yaml'));
    rmSync(path.join(dir, 'pv.yaml'));
    const out = path.join(dir, 'out');
    mkdirSync(out);
    writeFileSync(path.join(out, 'mysql-1-storage.yaml'), '# mine\n');
    const before = snapshot(dir);
    const r = await run('generate', path.join(dir, 'statefulset.yaml'), ...NFS, '--out', out, '--write-sources');
    assert.equal(r.code, 2);
    assert.match(r.err, /^statefulset-storage: .*mysql-1-storage\.yaml already exists: not overwriting/);
    assert.ok(!/\n\s+at /.test(r.err));
    assert.deepEqual(snapshot(dir), before, 'neither mysql-0-storage.yaml nor the source edit was written');
    rmSync(path.join(out, 'mysql-1-storage.yaml'));
    const again = await run('generate', path.join(dir, 'statefulset.yaml'), ...NFS, '--out', out);
    assert.equal(again.code, 0, again.err);
    assert.deepEqual(readdirSync(out).sort(), ['mysql-0-storage.yaml', 'mysql-1-storage.yaml']);
  });

  it('a folder that cannot be made: one plain line, exit 2, nothing written', async () => {
    const dir = example();
    const before = snapshot(dir);
    const r = await run('generate', path.join(dir, 'statefulset.yaml'), ...NFS, '--out', path.join(dir, 'pv.yaml', 'sub'));
    assert.equal(r.code, 2);
    assert.match(r.err, /^statefulset-storage: .*nothing was written\n$/);
    assert.deepEqual(snapshot(dir), before);
  });
});
