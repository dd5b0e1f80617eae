// The target cluster profile (flags, .statefulset-storage.yaml) as check and plan apply it, the
// config's rule settings and inline suppressions.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Project } from '../../../src/core/project/project';
import { DEFAULT_LIMITS } from '../../../src/core/source';
import { docs, HEADLESS_SERVICE, pv, pvc, statefulSet } from '../helpers/analyze';
import { runCli as run } from '../helpers/cli';

// a class-less claim template and a class-less PV that fits it
const APP = docs(HEADLESS_SERVICE, statefulSet({ replicas: 1 }), pv({ name: 'pv-0', className: null }));

describe('profile: default StorageClass (CLI)', () => {
  let dir: string;
  const at = (...p: string[]) => path.join(dir, ...p);
  const claim = async (...argv: string[]) => JSON.parse((await run('plan', ...argv, '--format', 'json')).out).statefulSets[0].claims[0];

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sts-profile-'));
    for (const d of ['flags', 'none', 'named']) { mkdirSync(at(d)); writeFileSync(at(d, 'app.yaml'), APP); }
    writeFileSync(at('none', '.statefulset-storage.yaml'), 'defaultStorageClass: none\n');
    writeFileSync(at('named', '.statefulset-storage.yaml'), 'kubernetesVersion: "1.30"\ndefaultStorageClass:\n  name: standard\n  provisioner: pd.csi.storage.gke.io\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('--default-storage-class none: the class-less template claim binds the fitting PV; no finding', async () => {
    const c = await claim(at('flags'), '--default-storage-class', 'none');
    assert.deepEqual([c.outcome, c.bindsTo, c.ifDefaultStorageClass], ['binds', 'pv-0', undefined]);
    const r = await run('check', at('flags'), '--default-storage-class', 'none');
    assert.equal(r.out, '0 errors, 0 warnings, 0 info\n');
  });

  it('--default-storage-class standard: it binds none (provisioned by standard); a warning, no error', async () => {
    const c = await claim(at('flags'), '--default-storage-class', 'standard');
    assert.deepEqual([c.outcome, c.bindsTo], ['provisioned', null]);
    const r = await run('check', at('flags'), '--default-storage-class', 'standard');
    assert.equal(r.code, 0);
    assert.match(r.out, /storage-class-unset: .*admission gives it the cluster's default StorageClass "standard", so the claim is provisioned dynamically instead of binding pv-0/);
  });

  it('neither: both outcomes, in one sentence, never an error', async () => {
    const c = await claim(at('flags'));
    assert.deepEqual([c.outcome, c.bindsTo, c.ifDefaultStorageClass?.outcome], ['binds', 'pv-0', 'provisioned']);
    const r = await run('check', at('flags'));
    assert.equal(r.code, 0);
    assert.match(r.out, /if the cluster has a default StorageClass \(most have one\), admission sets that class and the claim is provisioned dynamically instead of binding pv-0; without one it binds pv-0/);
  });

  it('the same through .statefulset-storage.yaml; a flag wins over it', async () => {
    assert.deepEqual([(await claim(at('none'))).bindsTo, (await claim(at('named'))).outcome], ['pv-0', 'provisioned']);
    assert.equal((await run('check', at('none'))).out, '0 errors, 0 warnings, 0 info\n');
    assert.equal((await claim(at('named'), '--default-storage-class', 'none')).bindsTo, 'pv-0');
  });

  it('bad flag values are usage errors', async () => {
    const r = await run('check', at('flags'), '--kube-version', 'latest');
    assert.equal(r.code, 2);
    assert.match(r.err, /--kube-version must be a version like 1\.30/);
  });
});

function project(files: Record<string, string>): Project {
  const p = new Project({ defaultNamespace: 'default', limits: DEFAULT_LIMITS });
  for (const [f, t] of Object.entries(files)) p.setFile(f, t);
  return p;
}
const codesOf = (p: Project) => p.analyze().findings.map((f) => f.code);

describe('profile: class-less claims meant for the default class (issue 11, causes 4 and 5)', () => {
  const scratch = pvc({ name: 'scratch', className: null });

  it('a standalone class-less PVC without volumeName or selector: no warning when the default class is unknown or named', () => {
    assert.deepEqual(codesOf(project({ 'a/pvc.yaml': scratch })), []);
    assert.deepEqual(codesOf(project({ 'a/pvc.yaml': scratch, 'a/.statefulset-storage.yaml': 'defaultStorageClass: standard\n' })), []);
  });

  it('…but with no default class it stays Pending, and pvc-unbindable says so', () => {
    const a = project({ 'a/pvc.yaml': scratch, 'a/.statefulset-storage.yaml': 'defaultStorageClass: none\n' }).analyze();
    assert.deepEqual(a.findings.map((f) => f.code), ['pvc-unbindable']);
    assert.match(a.findings[0].message, /stays Pending: no persistent volumes available for this claim and no storage class is set\./);
  });

  it('storage-class-unset never says "provisioned dynamically" for a claim with volumeName or a selector', () => {
    for (const extra of ['  volumeName: pv-0\n', '  selector:\n    matchLabels:\n      disk: a\n']) {
      for (const cls of ['', 'defaultStorageClass: standard\n']) {
        const files: Record<string, string> = {
          'a/pvc.yaml': pvc({ name: 'scratch', className: null, extra }),
          'a/pv.yaml': pv({ name: 'pv-0', className: null, labels: '    disk: a\n' }),
        };
        if (cls) files['a/.statefulset-storage.yaml'] = cls;
        const f = project(files).analyze().findings.find((x) => x.code === 'storage-class-unset');
        assert.ok(f, `storage-class-unset for ${extra.trim()} ${cls.trim()}`);
        assert.ok(!f.message.includes('provisioned dynamically'), f.message);
        assert.match(f.message, /stays Pending/);
      }
    }
  });
});

describe('config: validation, rule settings, inline suppression', () => {
  it('a bad setting is config-invalid at its line; the rest of the file applies', () => {
    const a = project({
      'a/app.yaml': APP,
      'a/.statefulset-storage.yaml': 'defaultStorageClass: none\nkubernetesVersion: latest\nrules:\n  no-such-code: off\n',
    }).analyze();
    const bad = a.findings.filter((f) => f.code === 'config-invalid');
    assert.deepEqual(bad.map((f) => [f.file, f.range.start.line, f.severity]), [['a/.statefulset-storage.yaml', 1, 'error'], ['a/.statefulset-storage.yaml', 3, 'error']]);
    assert.match(bad[0].message, /kubernetesVersion must be a version like "1\.30" \(got "latest"\)/);
    assert.equal(a.units[0].profile.defaultStorageClass.kind, 'none');
  });

  it('rules: sets a severity or turns a code off', () => {
    const files = { 'a/app.yaml': APP };
    assert.deepEqual(project(files).analyze().findings.map((f) => `${f.code}:${f.severity}`), ['storage-class-unset:warning']);
    assert.deepEqual(project({ ...files, 'a/.statefulset-storage.yaml': 'rules:\n  storage-class-unset: error\n' }).analyze().findings.map((f) => `${f.code}:${f.severity}`), ['storage-class-unset:error']);
    assert.deepEqual(codesOf(project({ ...files, 'a/.statefulset-storage.yaml': 'rules:\n  storage-class-unset: off\n' })), []);
  });

  it('an edit of the config file by its change ranges (the editor\'s unsaved edit) applies as a whole new text would', () => {
    const config = 'a/.statefulset-storage.yaml';
    const p = project({ 'a/app.yaml': APP, [config]: 'rules:\n  storage-class-unset: warning\n' });
    assert.deepEqual(codesOf(p), ['storage-class-unset']);
    const text = p.textOf(config)!;
    assert.equal(p.applyChanges(config, [{ offset: text.indexOf('warning'), deleteCount: 'warning'.length, text: 'off' }]), true);
    assert.deepEqual(codesOf(p), []);
    assert.equal(p.textOf(config), 'rules:\n  storage-class-unset: off\n');
  });

  it('an ignore comment on the line above a field suppresses that code there only', () => {
    const text = APP.replace('    spec:\n      accessModes', '    # statefulset-storage: ignore storage-class-unset -- the cluster has no default class\n    spec:\n      accessModes');
    assert.notEqual(text, APP);
    const a = project({ 'a/app.yaml': text }).analyze();
    assert.deepEqual(a.findings.map((f) => f.code), []);
    assert.deepEqual(a.suppressed.map((s) => [s.finding.code, s.reason]), [['storage-class-unset', 'the cluster has no default class']]);
    const other = project({ 'a/app.yaml': text.replace('ignore storage-class-unset', 'ignore pv-contended') }).analyze();
    assert.deepEqual(other.findings.map((f) => f.code), ['storage-class-unset']);
  });

  it('check counts suppressed findings; SARIF lists them with suppressions', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sts-suppress-'));
    try {
      // above the StatefulSet's document: the whole object (the same comment above the Service would not do)
      writeFileSync(path.join(dir, 'app.yaml'), APP.replace('apiVersion: apps/v1\n', '# statefulset-storage: ignore storage-class-unset -- reviewed\napiVersion: apps/v1\n'));
      const text = await run('check', dir);
      assert.equal(text.out, '0 errors, 0 warnings, 0 info (1 suppressed by comments)\n');
      const sarif = JSON.parse((await run('check', dir, '--format', 'sarif')).out);
      const results = sarif.runs[0].results;
      assert.equal(results.length, 1);
      assert.deepEqual(results[0].suppressions, [{ kind: 'inSource', justification: 'reviewed' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('profile: Kubernetes version (the in-tree rbd PV, 1.30 vs 1.31)', () => {
  const rbdPv = `apiVersion: v1
kind: PersistentVolume
metadata:
  name: mysql-pv-0
spec:
  capacity:
    storage: 1Gi
  accessModes: [ReadWriteOnce]
  storageClassName: ""
  persistentVolumeReclaimPolicy: Retain
  rbd:
    monitors: [10.0.0.1:6789]
    pool: rbd
    image: volume101
`;
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sts-version-'));
    for (const d of ['flag', 'config']) { mkdirSync(path.join(dir, d)); writeFileSync(path.join(dir, d, 'pv.yaml'), rbdPv); }
    writeFileSync(path.join(dir, 'config', '.statefulset-storage.yaml'), 'kubernetesVersion: "1.30"\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('--kube-version 1.30: no error, a warning naming 1.31; 1.31: an error', async () => {
    const old = await run('check', path.join(dir, 'flag'), '--kube-version', '1.30');
    assert.equal(old.code, 0, old.out);
    assert.match(old.out, /warning [a-z-]+: .*Kubernetes 1\.31/);
    const now = await run('check', path.join(dir, 'flag'), '--kube-version', '1.31');
    assert.equal(now.code, 1);
    assert.match(now.out, /error removed-volume-plugin: /);
  });

  it('the same through kubernetesVersion in .statefulset-storage.yaml; the flag wins', async () => {
    const viaConfig = await run('check', path.join(dir, 'config'));
    assert.equal(viaConfig.code, 0, viaConfig.out);
    assert.match(viaConfig.out, /Kubernetes 1\.31/);
    assert.equal((await run('check', path.join(dir, 'config'), '--kube-version', '1.31')).code, 1);
  });
});

describe('profile: a named default class and volumeName', () => {
  it('prebind-mismatch says the class came from admission (and only with a named default)', () => {
    const files = {
      'a/pvc.yaml': pvc({ name: 'data-0', className: null, extra: '  volumeName: disk-0\n' }),
      'a/pv.yaml': pv({ name: 'disk-0', className: null }),
    };
    assert.ok(!codesOf(project(files)).includes('prebind-mismatch'));
    const f = project({ ...files, 'a/.statefulset-storage.yaml': 'defaultStorageClass: standard\n' }).analyze().findings.find((x) => x.code === 'prebind-mismatch');
    assert.match(f?.message ?? '', /admission gave the class-less claim the default StorageClass "standard"; set storageClassName: "" to keep it class-less/);
  });
});
