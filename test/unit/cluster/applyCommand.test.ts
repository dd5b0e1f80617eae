import { strict as assert } from 'node:assert';
import { Writable } from 'node:stream';
import { applyCommand } from '../../../src/cli/applyCommand';
import { parseArgs } from '../../../src/cli/args';
import { resource } from '../../../src/core/simulation';
import { fixedExample } from './fixtures';
import { Harness, startHarness } from './harness';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void { this.text += chunk.toString(); done(); }
}

const SWITCHES = new Set(['help', 'version', 'dry-run', 'yes', 'one-file', 'missing-only']);

describe('statefulset-storage apply', () => {
  let h: Harness;
  beforeEach(async () => { h = await startHarness({ clientToken: 'cli-secret-token-1234', controllers: { podReadyDelayMs: 10 } }); });
  afterEach(async () => { await h.close(); });

  const run = async (...argv: string[]) => {
    const out = new Capture();
    const code = await applyCommand.run(parseArgs(['apply', ...argv], SWITCHES), out);
    return { code, text: out.text };
  };

  it('refuses to change a cluster from a non-terminal without --yes', async () => {
    await assert.rejects(run(fixedExample(), '--kubeconfig', h.kubeconfig), /apply changes the cluster: pass --yes to confirm \(or --dry-run to only check\)/);
    assert.equal(h.server.stats.total, 0);
  });

  it('applies with --yes: progress lines, then the report; exit 0; no credential printed', async () => {
    const { code, text } = await run(fixedExample(), '--kubeconfig', h.kubeconfig, '--yes');
    assert.equal(code, 0, text);
    const lines = text.split('\n');
    assert.ok(lines[0].startsWith(`Applying to context statefulset-storage-test (cluster test-apiserver, ${h.server.url}), namespace default: 5 objects`));
    assert.ok(lines.includes('  [persistent-volume] created      PersistentVolume mysql-pv-0'));
    assert.ok(lines.includes('  claim default/db-mysql-0 Bound to mysql-pv-0'));
    assert.ok(lines.indexOf('  pod default/mysql-0 ready') < lines.indexOf('  pod default/mysql-1 ready'));
    assert.ok(lines.includes('      run on a Ceph admin host:'));
    assert.ok(text.includes('Provisioning complete — context statefulset-storage-test, namespace default'));
    assert.ok(!text.includes('cli-secret-token-1234'));
  });

  it('--dry-run --format json prints only the JSON report and creates nothing', async () => {
    const { code, text } = await run(fixedExample(), '--kubeconfig', h.kubeconfig, '--dry-run', '--format', 'json', '--namespace', 'default');
    const report = JSON.parse(text);
    assert.equal(code, 0);
    assert.equal(report.dryRun, true);
    assert.deepEqual(report.steps.map((s: { outcome: string }) => s.outcome), ['manual', 'manual', 'would-create', 'would-create', 'would-create', 'would-create', 'would-create']);
    assert.equal(h.server.stats.byVerb.POST, 5, 'five dry-run POSTs');
    assert.equal(h.server.api.list(resource('persistentvolumes')).items.length, 0);
  });

  it('exit 1 with the failure when the namespace does not exist', async () => {
    const { code, text } = await run(fixedExample(), '--kubeconfig', h.kubeconfig, '--yes', '--namespace', 'missing');
    assert.equal(code, 1);
    assert.ok(text.includes('stopped: PersistentVolumeClaim db-mysql-0: namespaces "missing" not found'), text);
  });

  it('an unknown context is a usage-level error naming the contexts', async () => {
    await assert.rejects(run(fixedExample(), '--kubeconfig', h.kubeconfig, '--yes', '--context', 'prod'), /context "prod" not found in the kubeconfig \(contexts: statefulset-storage-test\)/);
  });
});
