import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { applyCommand } from '../../../src/cli/applyCommand';
import { parseArgs } from '../../../src/cli/args';
import { resource } from '../../../src/core/simulation';
import { repoRoot } from '../helpers/analyze';
import { cleanExample, copyExample, fixedExample } from './fixtures';
import { Harness, startHarness } from './harness';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void { this.text += chunk.toString(); done(); }
}

const SWITCHES = new Set(['help', 'version', 'dry-run', 'yes', 'force', 'overwrite', 'one-file', 'missing-only']);

const WRITABLE = ['persistentvolumes', 'persistentvolumeclaims', 'services', 'statefulsets', 'storageclasses', 'pods'];

describe('statefulset-storage apply', () => {
  let h: Harness;
  beforeEach(async () => { h = await startHarness({ clientToken: 'cli-secret-token-1234', controllers: { podReadyDelayMs: 10 } }); });
  afterEach(async () => { await h.close(); });

  const run = async (...argv: string[]) => {
    const out = new Capture();
    const code = await applyCommand.run(parseArgs(['apply', ...argv], SWITCHES), out);
    return { code, text: out.text };
  };

  it('Ctrl-C during the run stops it and prints what was created and what was not; exit 130', async () => {
    const cancel = new AbortController();
    let stopsOnSignal = false;
    // "Ctrl-C" as the claims' phase begins: the PVs exist, the claims, Service and StatefulSet do not
    const out = new (class extends Capture {
      override _write(chunk: Buffer, enc: string, done: () => void): void {
        super._write(chunk, enc, done);
        if (this.text.includes('persistent-volume-claim:') && !cancel.signal.aborted) cancel.abort();
      }
    })();
    const argv = ['apply', cleanExample(), '--kubeconfig', h.kubeconfig, '--yes'];
    const code = await applyCommand.run(parseArgs(argv, SWITCHES), out, { signal: cancel.signal, stopsOnSignal: () => { stopsOnSignal = true; } });
    assert.equal(stopsOnSignal, true, 'apply tells the CLI it stops by itself');
    assert.equal(code, 130);
    assert.match(out.text, /Cancelling… \(objects already created stay; run again to continue\)/);
    assert.match(out.text, /stopped: cancelled/);
    assert.equal(h.server.api.list(resource('statefulsets')).items.length, 0);
    assert.ok(h.server.api.list(resource('persistentvolumes')).items.length > 0);
  });

  it('the CLI process: Ctrl-C (SIGINT) during apply prints the report before it exits 130', async () => {
    const child = spawn(process.execPath, [join(repoRoot(), 'dist', 'cli.js'), 'apply', cleanExample(), '--kubeconfig', h.kubeconfig, '--yes'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => {
      text += d.toString();
      if (text.includes('persistent-volume-claim:') && !child.killed) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 130, text);
    assert.match(text, /Cancelling…/);
    assert.match(text, /stopped: cancelled/);
  });

  it('refuses to change a cluster from a non-terminal without --yes', async () => {
    await assert.rejects(run(fixedExample(), '--kubeconfig', h.kubeconfig), /apply changes the cluster: pass --yes to confirm \(or --dry-run to only check\)/);
    assert.equal(h.server.stats.total, 0);
  });

  /** every object of the kinds apply writes, as kind/name: empty when nothing was written */
  const written = () => WRITABLE.flatMap((p) => h.server.api.list(resource(p)).items.map((o) => `${o.kind}/${o.metadata.name}`));

  it('applies with --yes: progress lines, then the report; exit 0; no credential printed', async () => {
    const { code, text } = await run(cleanExample(), '--kubeconfig', h.kubeconfig, '--yes');
    assert.equal(code, 0, text);
    const lines = text.split('\n');
    assert.ok(lines[0].startsWith(`Applying to context statefulset-storage-test (cluster test-apiserver, ${h.server.url}), namespace default: 5 objects`));
    assert.equal(lines[1], 'Preflight: checks and server-side dry run passed');
    assert.ok(lines.includes('  [persistent-volume] created      PersistentVolume mysql-pv-0'));
    assert.ok(lines.includes('  claim default/db-mysql-0 Bound to mysql-pv-0'));
    assert.ok(lines.indexOf('  pod default/mysql-0 ready') < lines.indexOf('  pod default/mysql-1 ready'));
    assert.ok(lines.includes('      run on a Ceph admin host:'));
    assert.ok(text.includes('Provisioning complete — context statefulset-storage-test, namespace default'));
    assert.ok(!text.includes('cli-secret-token-1234'));
  });

  it('--dry-run --format json prints only the JSON report and creates nothing', async () => {
    const { code, text } = await run(cleanExample(), '--kubeconfig', h.kubeconfig, '--dry-run', '--format', 'json', '--namespace', 'default');
    const report = JSON.parse(text);
    assert.equal(code, 0);
    assert.equal(report.dryRun, true);
    assert.deepEqual(report.preflight, { checkErrors: [], dryRunFailures: [] });
    assert.deepEqual(report.steps.map((s: { outcome: string }) => s.outcome), ['manual', 'manual', 'would-create', 'would-create', 'would-create', 'would-create', 'would-create']);
    assert.equal(h.server.stats.byVerb.POST, 5, 'five dry-run POSTs');
    assert.equal(h.server.api.list(resource('persistentvolumes')).items.length, 0);
  });

  it('exit 1 and nothing written when the namespace does not exist: the dry run of the claim fails first', async () => {
    const { code, text } = await run(cleanExample(), '--kubeconfig', h.kubeconfig, '--yes', '--namespace', 'missing');
    assert.equal(code, 1);
    assert.ok(text.includes('  PersistentVolumeClaim missing/db-mysql-0: dry run: NotFound (404): namespaces "missing" not found'), text);
    assert.deepEqual(written(), [], 'not even the PVs, which need no namespace');
  });

  it('the example as shipped (apps/v1beta1, in-tree rbd): writes nothing, exit 1, names each object and why', async () => {
    const before = h.server.store.resourceVersion;
    const { code, text } = await run(copyExample(), '--kubeconfig', h.kubeconfig, '--yes');
    assert.equal(code, 1, text);
    assert.deepEqual(written(), []);
    assert.equal(h.server.store.resourceVersion, before, 'no write of any kind reached the store');
    const lines = text.split('\n');
    assert.ok(lines.includes('Preflight: 2 check errors, 1 object refused by the server\'s dry run'), text);
    assert.ok(lines.some((l) => l.startsWith('  PersistentVolume mysql-pv-0: check: error removed-volume-plugin at ') && l.includes('pv.yaml:13:3')), text);
    assert.ok(lines.some((l) => l.startsWith('  StatefulSet default/mysql: check: error removed-api-version at ')), text);
    assert.ok(lines.includes('  StatefulSet default/mysql: dry run: NotFound (404): the server does not serve apps/v1beta1 StatefulSet (404 from discovery); use apps/v1 (removed in Kubernetes 1.16)'), text);
    assert.ok(lines.includes('Nothing was written: the server refuses the objects above (--force overrides check errors only).'), text);
  });

  it('--force does not override a failed dry run', async () => {
    const { code, text } = await run(copyExample(), '--kubeconfig', h.kubeconfig, '--yes', '--force');
    assert.equal(code, 1, text);
    assert.deepEqual(written(), []);
    assert.ok(text.includes('does not serve apps/v1beta1'), text);
  });

  it('check errors alone stop apply; --force applies despite them', async () => {
    const stopped = await run(fixedExample(), '--kubeconfig', h.kubeconfig, '--yes');
    assert.equal(stopped.code, 1, stopped.text);
    assert.ok(stopped.text.includes('Preflight: 2 check errors, 0 objects refused by the server\'s dry run'), stopped.text);
    assert.ok(stopped.text.includes('Nothing was written: fix the check errors above, or pass --force to apply despite them.'), stopped.text);
    assert.deepEqual(written(), []);
    const forced = await run(fixedExample(), '--kubeconfig', h.kubeconfig, '--yes', '--force');
    assert.ok(forced.text.includes('--force: applying despite the check errors above.'), forced.text);
    assert.equal(forced.code, 0, forced.text);
    assert.ok(written().includes('StatefulSet/mysql'));
  });

  it('a 403 or a 422 in the dry run stops apply before any write, naming the object', async () => {
    h.server.faults.fail({ verb: 'create', resource: 'services', code: 403 });
    const forbidden = await run(cleanExample(), '--kubeconfig', h.kubeconfig, '--yes', '--force');
    assert.equal(forbidden.code, 1);
    assert.ok(forbidden.text.includes('  Service default/mysql-service: dry run: Forbidden (403): services is forbidden: User "system:anonymous" cannot create resource "services"'), forbidden.text);
    assert.deepEqual(written(), []);
    h.server.faults.clear();
    const dir = cleanExample();
    writeFileSync(join(dir, 'pvc.yaml'), readFileSync(join(dir, 'pvc.yaml'), 'utf8').replace('- ReadWriteOnce', '- ReadWriteSometimes'));
    const invalid = await run(dir, '--kubeconfig', h.kubeconfig, '--yes', '--force');
    assert.equal(invalid.code, 1);
    assert.ok(invalid.text.includes(`  PersistentVolumeClaim default/db-mysql-0: dry run: Invalid (422): PersistentVolumeClaim "db-mysql-0" is invalid: spec.accessModes: Unsupported value: "ReadWriteSometimes"`), invalid.text);
    assert.deepEqual(written(), []);
  });

  it('a rerun says "unchanged" for objects left alone, in its lines and its summary, and never "skipped"', async () => {
    const dir = cleanExample();
    assert.equal((await run(dir, '--kubeconfig', h.kubeconfig, '--yes')).code, 0);
    const { code, text } = await run(dir, '--kubeconfig', h.kubeconfig, '--yes');
    assert.equal(code, 0, text);
    assert.ok(text.split('\n').includes('  [persistent-volume] unchanged    PersistentVolume mysql-pv-0'), text);
    assert.ok(text.includes(', 5 unchanged, 0 drift,'), text);
    assert.ok(!/skipped/i.test(text), text);
  });

  it('reads the files as check does: the config\'s target version and an inline suppression decide what stops it', async () => {
    const dir = fixedExample();
    // the in-tree rbd plugin is removed in 1.31: an error at the default target, a warning on a 1.30 cluster
    assert.equal((await run(dir, '--kubeconfig', h.kubeconfig, '--dry-run')).code, 1);
    writeFileSync(join(dir, '.statefulset-storage.yaml'), 'kubernetesVersion: "1.30"\n');
    const older = await run(dir, '--kubeconfig', h.kubeconfig, '--dry-run');
    assert.equal(older.code, 0, older.text);
    assert.ok(older.text.includes('Preflight: checks and server-side dry run passed'), older.text);
    writeFileSync(join(dir, '.statefulset-storage.yaml'), 'rules:\n  removed-volume-plugin: warning\n');
    assert.equal((await run(dir, '--kubeconfig', h.kubeconfig, '--dry-run')).code, 0);
    writeFileSync(join(dir, '.statefulset-storage.yaml'), '');
    const pv = readFileSync(join(dir, 'pv1.yaml'), 'utf8');
    writeFileSync(join(dir, 'pv1.yaml'), pv.replace(/^(\s*)rbd:/m, '$1# statefulset-storage: ignore removed-volume-plugin -- migrated by the CSI driver\n$1rbd:'));
    const oneLeft = await run(dir, '--kubeconfig', h.kubeconfig, '--dry-run');
    assert.equal(oneLeft.code, 1, oneLeft.text);
    assert.ok(oneLeft.text.includes('Preflight: 1 check error,'), oneLeft.text);
  });

  it('applies to the config\'s context and namespace when no flag names them', async () => {
    const dir = fixedExample();
    writeFileSync(join(dir, '.statefulset-storage.yaml'), 'context: prod\n');
    await assert.rejects(run(dir, '--kubeconfig', h.kubeconfig, '--dry-run'), /context "prod" not found in the kubeconfig/);
    writeFileSync(join(dir, '.statefulset-storage.yaml'), 'context: statefulset-storage-test\nnamespace: team-a\nkubernetesVersion: "1.30"\n');
    const { text } = await run(dir, '--kubeconfig', h.kubeconfig, '--dry-run');
    assert.ok(text.startsWith('Dry run against context statefulset-storage-test (cluster test-apiserver'), text);
    assert.ok(text.split('\n')[0].endsWith('namespace team-a: 5 objects'), text);
    assert.ok(text.includes('namespaces "team-a" not found'), text);
  });

  it('an unknown context is a usage-level error naming the contexts', async () => {
    await assert.rejects(run(fixedExample(), '--kubeconfig', h.kubeconfig, '--yes', '--context', 'prod'), /context "prod" not found in the kubeconfig \(contexts: statefulset-storage-test\)/);
  });
});
