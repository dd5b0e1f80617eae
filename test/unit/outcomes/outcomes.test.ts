// plan's outcome for every claim equals what the cluster does, on every fixture unit of the repository
// (the failure cases in test/fixtures/outcomes, the corpus, the examples), with and without a default
// StorageClass. "The cluster" is the simulation: the same API pipeline and controllers (PV binder,
// StatefulSet controller, kubelet and provisioner stand-ins) that the in-repo test API server runs.
import * as assert from 'node:assert/strict';
import { analyzeTexts, DEFAULT_OPTIONS } from '../../../src/core/analysis';
import { toManifestJson } from '../../../src/core/manifestJson';
import { buildPlan } from '../../../src/core/plan';
import { ClusterProfile, DEFAULT_PROFILE, DefaultStorageClass } from '../../../src/core/profile';
import { KObject, simulate } from '../../../src/core/simulation';
import { disagreements, raceDependentClaims } from './planVsCluster';
import { fixtureUnits } from './unitDirs';

const STANDARD: DefaultStorageClass = { kind: 'named', name: 'standard', provisioner: 'example.com/standard' };

export function defaultClassObject(): KObject {
  return {
    apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass',
    metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'example.com/standard', volumeBindingMode: 'Immediate',
  } as KObject;
}

const MODES: readonly { label: string; profile: ClusterProfile; existing: KObject[] }[] = [
  { label: 'no default StorageClass', profile: { ...DEFAULT_PROFILE, defaultStorageClass: { kind: 'none' } }, existing: [] },
  { label: 'default StorageClass "standard"', profile: { ...DEFAULT_PROFILE, defaultStorageClass: STANDARD }, existing: [defaultClassObject()] },
];

describe('plan outcomes equal what the cluster does', () => {
  const units = fixtureUnits();
  it('finds the fixture units (the failure cases at least)', () => {
    assert.ok(units.filter((u) => u.dir.startsWith('test/fixtures/outcomes')).length >= 25, `only ${units.length} units`);
  });
  for (const unit of units) {
    for (const mode of MODES) {
      it(`${unit.dir} — ${mode.label}`, () => {
        const analysis = analyzeTexts(unit.files, { ...DEFAULT_OPTIONS, profile: mode.profile });
        const plan = buildPlan(analysis, mode.profile);
        const result = simulate(analysis.index.objects.map(toManifestJson), { existing: mode.existing, controllers: { provisioner: true } });
        const provisioned = new Set(result.volumes.filter((v) => v.name.startsWith('pvc-')).map((v) => v.name));
        const classes = new Set([...analysis.index.storageClasses().map((c) => c.name), ...mode.existing.map((c) => c.metadata.name ?? '')]);
        const wrong = disagreements(plan, { claims: result.claims, provisioned }, classes, raceDependentClaims(analysis, plan));
        assert.deepEqual(wrong, [], `plan and cluster disagree:\n${wrong.join('\n')}`);
      });
    }
  }
});
