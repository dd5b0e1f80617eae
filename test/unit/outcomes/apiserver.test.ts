// plan's outcome for every claim equals what the in-repo test API server does when the plan's objects
// are created as kubectl creates them (kubectl on PATH, over HTTP, in the plan's step order) and its
// controllers — PV binder, StatefulSet controller, kubelet and provisioner stand-ins — have settled.
// The simulation test (outcomes.test.ts) covers every fixture unit; this one a representative set, end
// to end through the REST protocol.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { analyzeTexts, DEFAULT_OPTIONS } from '../../../src/core/analysis';
import { toManifestJson } from '../../../src/core/manifestJson';
import { buildPlan } from '../../../src/core/plan';
import { ClusterProfile, DEFAULT_PROFILE } from '../../../src/core/profile';
import type { KObject, SimulatedClaim } from '../../../src/core/simulation';
import { startHarness } from '../cluster/harness';
import { disagreements, duplicateSetClaims, raceDependentClaims } from './planVsCluster';
import { fixtureUnits } from './unitDirs';

const CASES = [
  'removed-api-version', 'template-without-access-modes', 'pv-invalid-name', 'ordered-two-pvs-for-three', 'parallel-one-pv-for-three',
  'stalled-set-frees-pool-for-next-set', 'class-in-unit-provisions', 'volume-name-classless-claim', 'standalone-claims',
];
const DEFAULT_CLASS = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'example.com/standard' };

describe('plan outcomes equal what the test API server does, objects created by kubectl', function () {
  this.timeout(60_000);
  const kubectl = ['/usr/bin/kubectl', '/usr/local/bin/kubectl'].find((p) => existsSync(p));
  const units = fixtureUnits().filter((u) => CASES.some((c) => u.dir.endsWith(`/outcomes/${c}`)));
  it('has the cases', () => assert.equal(units.length, CASES.length));
  for (const unit of units) {
    for (const withDefault of [false, true]) {
      it(`${unit.dir} — ${withDefault ? 'default StorageClass "standard"' : 'no default StorageClass'}`, async function () {
        if (!kubectl) { this.skip(); return; } // no kubectl on PATH: the simulation test still covers the case
        const profile: ClusterProfile = { ...DEFAULT_PROFILE, defaultStorageClass: withDefault ? { kind: 'named', name: 'standard', provisioner: 'example.com/standard' } : { kind: 'none' } };
        const analysis = analyzeTexts(unit.files, { ...DEFAULT_OPTIONS, profile });
        const plan = buildPlan(analysis, profile);
        const h = await startHarness({ controllers: { provisioner: true } });
        try {
          if (withDefault) await h.client.create(DEFAULT_CLASS as KObject, false);
          // the plan's objects in its step order, as one stream: `kubectl create` goes on past a refused object
          const stream = plan.steps.flatMap((s) => (s.object ? [stringify(toManifestJson(s.object))] : [])).join('---\n');
          await kubectlCreate(kubectl, h.server.url, stream);
          const claims = await settledClaims(h);
          const provisioned = new Set((await h.client.list('v1', 'PersistentVolume', undefined)).items
            .filter((pv) => pv.metadata.annotations?.['pv.kubernetes.io/provisioned-by']).map((pv) => pv.metadata.name ?? ''));
          const skip = new Set([...raceDependentClaims(analysis, plan), ...duplicateSetClaims(plan)]);
          assert.deepEqual(disagreements(plan, { claims, provisioned }, skip), []);
        } finally {
          await h.close();
        }
      });
    }
  }
});

async function kubectlCreate(kubectl: string, server: string, manifests: string): Promise<void> {
  await new Promise<void>((resolve) => {
    const child = execFile(kubectl, ['--server', server, 'create', '--validate=false', '-f', '-'], { env: { ...process.env, KUBECONFIG: '/dev/null' } }, () => resolve());
    child.stdin?.end(manifests);
  });
}

/** The claims once nothing has changed for a second (the controllers run on real timers here). */
async function settledClaims(h: Awaited<ReturnType<typeof startHarness>>): Promise<SimulatedClaim[]> {
  let last = '';
  let stableSince = Date.now();
  for (const deadline = Date.now() + 20_000; Date.now() < deadline;) {
    await promisify(setTimeout)(100);
    const pvcs = (await h.client.list('v1', 'PersistentVolumeClaim', undefined)).items;
    const pods = (await h.client.list('v1', 'Pod', undefined)).items;
    const now = JSON.stringify([pvcs.map((c) => [c.metadata.name, c.status?.phase, c.spec?.volumeName]), pods.map((p) => [p.metadata.name, p.status?.phase])]);
    if (now !== last) { last = now; stableSince = Date.now(); continue; }
    if (Date.now() - stableSince < 1000) continue;
    return pvcs.map((c) => ({
      namespace: c.metadata.namespace ?? '', name: c.metadata.name ?? '', phase: c.status?.phase ?? 'Pending',
      ...(c.status?.phase === 'Bound' ? { volume: c.spec?.volumeName } : { reason: h.server.controllers.binderEvents.lastFor(c)?.message }),
    }));
  }
  throw new Error('the cluster did not settle in 20 s');
}
