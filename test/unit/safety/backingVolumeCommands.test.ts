// Backing-volume commands are argv arrays built only from checked values, run without a shell, and
// printed shell-quoted. PV fields carrying `;`, `$( )`, backticks or newlines run nothing: no command is
// built for them (the engine reports backing-volume-unsafe-value), and even an argv carrying them, run
// by the runner, is no shell command. Marker files prove that nothing ran.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../../src/cli';
import { buildPlan } from '../../../src/core/plan';
import { formatPlanText } from '../../../src/core/planText';
import { commandLine, shellQuote } from '../../../src/core/shellQuote';
import { runArgv, runCommands } from '../../../src/providers/cluster/runArgv';
import { analyze, findingsWithCode, rangeOf, locate } from '../helpers/analyze';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void { this.text += chunk.toString(); done(); }
}

const pv = (source: string) => `apiVersion: v1
kind: PersistentVolume
metadata:
  name: data-web-0-pv
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
${source}`;

/** Sources whose values try to run `touch MARKER` through a shell. */
function hostile(marker: string): Record<string, string> {
  return {
    'semicolon in an NFS path': `  nfs:\n    server: 192.0.2.10\n    path: "/exports/a; touch ${marker}"\n`,
    '$( ) in a hostPath': `  hostPath:\n    path: "/var/lib/$(touch ${marker})"\n`,
    'backticks in an RBD image': `  rbd:\n    monitors: ["10.0.0.1:6789"]\n    pool: rbd\n    image: "img\`touch ${marker}\`"\n`,
    'a newline in a local path': `  local:\n    path: "/mnt/disks/a\\ntouch ${marker}"\n  nodeAffinity:\n    required:\n      nodeSelectorTerms:\n      - matchExpressions:\n        - {key: kubernetes.io/hostname, operator: In, values: [node-1]}\n`,
    'an option as a ceph-csi pool': `  csi:\n    driver: rbd.csi.ceph.com\n    volumeHandle: img\n    volumeAttributes: {pool: "--help;touch ${marker}"}\n`,
    'a semicolon in the NFS server': `  nfs:\n    server: "192.0.2.10;touch ${marker}"\n    path: /exports/a\n`,
  };
}

describe('backing-volume commands: no shell, no injection', () => {
  let dir: string;
  let marker: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'sts-safety-')); marker = join(dir, 'MARKER'); });

  for (const [what, source] of Object.entries(hostile('MARKER_PLACEHOLDER'))) {
    it(`${what}: a finding at the value, no command in the plan, nothing runs`, async () => {
      const text = pv(source.replace(/MARKER_PLACEHOLDER/g, marker));
      const analysis = analyze({ 'pv.yaml': text });
      const found = findingsWithCode(analysis, 'backing-volume-unsafe-value');
      assert.equal(found.length, 1, JSON.stringify(analysis.findings.map((f) => f.message)));
      assert.equal(found[0].severity, 'warning');
      assert.match(found[0].message, /: no backing-volume command is offered, run or printed for this PV/);
      const plan = buildPlan(analysis);
      const manual = plan.steps.filter((s) => s.manual).map((s) => s.manual!);
      assert.equal(manual.length, 1);
      assert.deepEqual(manual[0].commands, []);
      assert.ok(manual[0].withheld?.length);
      assert.ok(formatPlanText(plan).includes('no command offered: '));
      // what a caller would run: nothing at all
      assert.equal(await runCommands(manual[0].commands), true);
      assert.equal(existsSync(marker), false);
    });
  }

  it('the finding points at the offending value', () => {
    const text = pv('  nfs:\n    server: 192.0.2.10\n    path: "/exports/a; touch x"\n');
    const f = findingsWithCode(analyze({ 'pv.yaml': text }), 'backing-volume-unsafe-value')[0];
    assert.deepEqual(rangeOf(f), locate(text, '"/exports/a; touch x"'));
    assert.equal(f.message.split(':')[0], 'spec.nfs.path "/exports/a; touch x" contains ";", which a shell would act on');
  });

  it('relative paths and ".." segments get the finding; ordinary values do not', () => {
    const codes = (src: string) => findingsWithCode(analyze({ 'pv.yaml': pv(src) }), 'backing-volume-unsafe-value').map((f) => f.message.split(':')[0]);
    assert.deepEqual(codes('  hostPath:\n    path: /var/lib/../etc\n'), ['spec.hostPath.path "/var/lib/../etc" has a ".." segment']);
    assert.deepEqual(codes('  nfs:\n    server: nfs.example\n    path: exports/a\n'), ['spec.nfs.path "exports/a" is not an absolute path']);
    assert.deepEqual(codes('  nfs:\n    server: nfs-1.example.com\n    path: "/exports/team data/db-0"\n'), []);
    assert.deepEqual(codes('  rbd:\n    monitors: ["10.0.0.1:6789", "[fd00::1]:6789"]\n    pool: kube_rbd\n    image: csi-vol-0b1c.2\n'), []);
    assert.deepEqual(codes('  csi:\n    driver: nfs.csi.k8s.io\n    volumeHandle: nfs.example/share##\n    volumeAttributes: {server: nfs.example, share: /}\n'), []);
  });

  it('commands are argv arrays, shown shell-quoted', () => {
    const plan = buildPlan(analyze({ 'pv.yaml': pv('  nfs:\n    server: 192.0.2.10\n    path: "/exports/team data/it\'s"\n') }));
    const manual = plan.steps.find((s) => s.manual)!.manual!;
    assert.deepEqual(manual.commands, [['mkdir', '-p', '--', "/exports/team data/it's"]]);
    assert.deepEqual(manual.host, { role: 'nfs-server', server: '192.0.2.10' });
    assert.ok(formatPlanText(plan).includes(`         mkdir -p -- '/exports/team data/it'\\''s'`));
  });

  it('a quoted line read back by a POSIX shell gives the same arguments and runs nothing else', () => {
    const args = [`a; touch ${marker}`, `$(touch ${marker})`, `\`touch ${marker}\``, `x\ntouch ${marker}`, "it's", '', 'plain/path-1.0', '*', '~'];
    const printed = execFileSync('/bin/sh', ['-c', `printf '%s\\0' ${args.map(shellQuote).join(' ')}`], { cwd: dir }).toString();
    assert.deepEqual(printed.split('\0').slice(0, -1), args);
    assert.equal(existsSync(marker), false);
    assert.equal(commandLine(['rbd', 'create', 'rbd/img', '--size', '1024']), 'rbd create rbd/img --size 1024');
  });

  it('the runner passes metacharacters as plain arguments (no shell) and runs only known programs', async () => {
    const odd = join(dir, `a;touch ${marker};$(touch ${marker})\`touch ${marker}\``);
    const r = await runArgv(['mkdir', '-p', '--', odd]);
    assert.equal(r.ok, true, r.error);
    assert.ok(statSync(odd).isDirectory(), 'the directory has the literal name');
    assert.equal(existsSync(marker), false);
    assert.deepEqual(readdirSync(dir).length, 1);
    const refused = await runArgv(['sh', '-c', `touch ${marker}`]);
    assert.equal(refused.ok, false);
    assert.match(refused.error!, /^refused: only rbd and mkdir are run$/);
    assert.equal(existsSync(marker), false);
  });

  it('the runner reports failures, stops at the first, and honours cancellation', async () => {
    const results: string[] = [];
    const ok = await runCommands([['mkdir', '--', join(dir, 'missing', 'deeper')], ['mkdir', '-p', '--', join(dir, 'never')]], { onResult: (r) => results.push(r.error ?? 'ok') });
    assert.equal(ok, false);
    assert.deepEqual(results, ['exit code 1']);
    assert.equal(existsSync(join(dir, 'never')), false);
    const abort = new AbortController();
    abort.abort();
    assert.equal((await runArgv(['mkdir', '-p', '--', join(dir, 'cancelled')], { signal: abort.signal })).error, 'cancelled');
    assert.equal(existsSync(join(dir, 'cancelled')), false);
  });

  it('the CLI prints the commands shell-quoted, and a hostile value as a warning with no command (exit 0: a warning)', async () => {
    const capture = () => new Capture();
    const text = (c: Capture) => c.text;
    writeFileSync(join(dir, 'ok.yaml'), pv('  nfs:\n    server: 192.0.2.10\n    path: "/exports/team data"\n'));
    const out = capture();
    assert.equal(await main(['plan', join(dir, 'ok.yaml')], out, capture()), 0);
    assert.ok(text(out).includes("         mkdir -p -- '/exports/team data'"), text(out));
    writeFileSync(join(dir, 'bad.yaml'), pv(`  nfs:\n    server: 192.0.2.10\n    path: "/exports/$(touch ${marker})"\n`));
    const checked = capture();
    assert.equal(await main(['check', join(dir, 'bad.yaml')], checked, capture()), 0);
    assert.match(text(checked), /bad\.yaml:\d+:\d+: warning backing-volume-unsafe-value: spec\.nfs\.path "\/exports\/\$\(touch .*MARKER\)" contains "\$", which a shell would act on/);
    const planned = capture();
    await main(['plan', join(dir, 'bad.yaml')], planned, capture());
    assert.ok(text(planned).includes('no command offered: spec.nfs.path'), text(planned));
    assert.ok(!text(planned).includes('mkdir'), text(planned));
    assert.equal(existsSync(marker), false);
  });
});
