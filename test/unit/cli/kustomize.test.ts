// The CLI on a Kustomize overlay, the way a user runs it: rendered with the kubectl on PATH (skipped,
// saying why, when there is none), with rendering forced off, with a kubectl too old to render; and
// manifests read from stdin (`check -`, `plan -`).
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { main } from '../../../src/cli';
import { repoRoot } from '../helpers/analyze';
import { Sink } from '../helpers/cli';

async function run(argv: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const out = new Sink();
  const err = new Sink();
  const code = await main(argv, out, err, { stdin: Readable.from([stdin]) });
  return { code, out: out.text, err: err.text };
}

function kubectlOnPath(): string | undefined {
  try {
    execFileSync('kubectl', ['version', '--client', '-o', 'json'], { stdio: 'pipe', timeout: 10_000 });
    return 'kubectl';
  } catch {
    return undefined;
  }
}

// The base's StatefulSet has no selector (commonLabels adds it) and mounts an unknown volume on line 14.
const BASE_STS = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  template:
    spec:
      containers:
        - name: db
          image: postgres:16
          volumeMounts:
            - mountPath: /data
              name: datum
  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        accessModes: [ReadWriteOnce]
        resources: {requests: {storage: 1Gi}}
`;
const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: None\n  ports: [{port: 5432}]\n';
const PATCH = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  replicas: 3\n';

describe('cli: kustomize and stdin', () => {
  let dir: string;
  const rel = (...p: string[]) => path.join(dir, ...p);

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sts-kustomize-'));
    mkdirSync(rel('base'));
    mkdirSync(rel('overlay'));
    writeFileSync(rel('base', 'kustomization.yaml'), 'resources:\n  - sts.yaml\n  - svc.yaml\ncommonLabels:\n  app: db\n');
    writeFileSync(rel('base', 'sts.yaml'), BASE_STS);
    writeFileSync(rel('base', 'svc.yaml'), SERVICE);
    writeFileSync(rel('overlay', 'kustomization.yaml'), 'namespace: prod\nnamePrefix: eu-\nresources:\n  - ../base\npatches:\n  - path: replicas.yaml\n');
    writeFileSync(rel('overlay', 'replicas.yaml'), PATCH);
    // a kubectl 1.20 stand-in: what Debian's kubernetes-client prints for `version --client -o json`
    writeFileSync(rel('old-kubectl'), '#!/bin/sh\necho \'{"clientVersion":{"major":"1","minor":"20","gitVersion":"v1.20.0"}}\'\n');
    chmodSync(rel('old-kubectl'), 0o755);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const expectMapped = (out: string) => {
    // the one real problem, on the base's line; no selector-missing (commonLabels), nothing on the patch
    assert.match(out, new RegExp(`${rel('base', 'sts.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:14:21: error mount-unknown-volume: `), out);
    assert.ok(!out.includes('selector-missing'), out);
    assert.ok(!out.includes('replicas.yaml'), out);
  };

  it('renders with the kubectl on PATH and maps findings back to the base', async function () {
    if (!kubectlOnPath()) this.skip(); // no kubectl on this machine: the rendering path cannot run
    const r = await run(['check', rel('overlay')]);
    assert.equal(r.code, 1);
    expectMapped(r.out);
    assert.ok(!r.out.includes('kustomize-not-rendered'), r.out);
    const plan = await run(['plan', rel('overlay'), '--format', 'json']);
    const json = JSON.parse(plan.out) as { statefulSets: { name: string; namespace: string; replicas: number; pods: string[] }[] };
    // the patch applied: 3 replicas; prefix and namespace applied
    assert.deepEqual(json.statefulSets.map((s) => [s.namespace, s.name, s.replicas]), [['prod', 'eu-db', 3]]);
  });

  it('--no-kubectl: resources with the transformers applied, patches skipped, one info on the overlay', async () => {
    const r = await run(['check', rel('overlay'), '--no-kubectl']);
    assert.equal(r.code, 1);
    expectMapped(r.out);
    const info = r.out.split('\n').filter((l) => l.includes('kustomize-not-rendered'));
    assert.equal(info.length, 1, r.out);
    assert.match(info[0], new RegExp(`^${rel('overlay', 'kustomization.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:1: info kustomize-not-rendered: .*\\(rendering is turned off \\(--no-kubectl\\)\\).*Not applied: patches`));
    const plan = await run(['plan', rel('overlay'), '--format', 'json', '--no-kubectl']);
    const json = JSON.parse(plan.out) as { statefulSets: { name: string; namespace: string; replicas: number }[] };
    assert.deepEqual(json.statefulSets.map((s) => [s.namespace, s.name, s.replicas]), [['prod', 'eu-db', 1]]);
  });

  it('an ignore comment in a base outside the path checked suppresses its finding, rendered or not', async function () {
    // the base's mount-unknown-volume, ignored on its line; the overlay alone is named
    const ignored = BASE_STS.replace(/^( *)(name: datum)$/m, '$1# statefulset-storage: ignore mount-unknown-volume -- the test\n$1$2');
    assert.notEqual(ignored, BASE_STS, 'the comment went in');
    writeFileSync(rel('base', 'sts.yaml'), ignored);
    try {
      const plain = await run(['check', rel('overlay'), '--no-kubectl']);
      assert.ok(!plain.out.includes('mount-unknown-volume'), plain.out);
      assert.match(plain.out, /\(1 suppressed by comments\)/);
      if (!kubectlOnPath()) return;
      const rendered = await run(['check', rel('overlay')]);
      assert.ok(!rendered.out.includes('mount-unknown-volume'), rendered.out);
      assert.match(rendered.out, /\(1 suppressed by comments\)/);
    } finally {
      writeFileSync(rel('base', 'sts.yaml'), BASE_STS);
    }
  });

  it('a kubectl that is not there, or too old (1.20, kustomize v2), says so and reads unrendered', async () => {
    const missing = await run(['check', rel('overlay'), '--kubectl', rel('no-such-kubectl')]);
    expectMapped(missing.out);
    assert.match(missing.out, /info kustomize-not-rendered: .*could not be run/);
    const old = await run(['check', rel('overlay'), '--kubectl', rel('old-kubectl')]);
    expectMapped(old.out);
    assert.match(old.out, /kubectl v1\.20\.0 embeds kustomize v2\.0\.3, which cannot render patches:/);
    const both = await run(['check', rel('overlay'), '--kubectl', 'x', '--no-kubectl']);
    assert.equal(both.code, 2);
  });

  it('kubectl\'s error is shown on the kustomization, and the resources are still analysed', async function () {
    if (!kubectlOnPath()) this.skip();
    writeFileSync(rel('overlay', 'kustomization.yaml'), 'namespace: prod\nresources:\n  - ../base\n  - missing.yaml\n');
    try {
      const r = await run(['check', rel('overlay')]);
      assert.match(r.out, /overlay\/kustomization\.yaml:1:1: warning kustomize-render-failed: kubectl kustomize could not render this kustomization here: .*missing\.yaml/, r.out);
      assert.match(r.out, /mount-unknown-volume/);
    } finally {
      writeFileSync(rel('overlay', 'kustomization.yaml'), 'namespace: prod\nnamePrefix: eu-\nresources:\n  - ../base\npatches:\n  - path: replicas.yaml\n');
    }
  });

  it('check - and plan - read a manifest stream from stdin; positions are <stdin>:line:col', async () => {
    const stream = `# Source: chart/templates/svc.yaml\n${SERVICE}---\n# Source: chart/templates/sts.yaml\n${BASE_STS}`;
    const r = await run(['check', '-'], stream);
    assert.equal(r.code, 1);
    const stsStart = stream.split('\n').findIndex((l) => l.includes('kind: StatefulSet')) + 1;
    assert.match(r.out, new RegExp(`^<stdin>:${stsStart + 3}:1: error selector-missing: `, 'm'), r.out);
    const plan = await run(['plan', '-', '--format', 'json'], stream);
    assert.equal(plan.code, 0);
    assert.deepEqual((JSON.parse(plan.out) as { statefulSets: { file: string; pods: string[] }[] }).statefulSets.map((s) => [s.file, s.pods]), [['<stdin>', ['db-0']]]);
  });

  it('the installed command reads stdin through its argv and exit code (helm template … | statefulset-storage check -)', () => {
    const bin = path.join(repoRoot(), 'bin', 'statefulset-storage.js');
    const r = spawnSync(process.execPath, [bin, 'check', '-'], { input: `${SERVICE}---\n${BASE_STS}`, encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^<stdin>:\d+:\d+: error selector-missing: /m);
  });
});
