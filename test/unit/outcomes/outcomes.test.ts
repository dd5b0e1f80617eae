// plan's outcome for every claim equals what the cluster does, on every fixture unit of the repository
// (the failure cases in test/fixtures/outcomes, the corpus, the examples), with and without a default
// StorageClass. "The cluster" is the simulation: the same API pipeline and controllers (PV binder,
// StatefulSet controller, kubelet and provisioner stand-ins) that the in-repo test API server runs.
import * as assert from 'node:assert/strict';
import { Analysis, analyzeTexts, DEFAULT_OPTIONS } from '../../../src/core/analysis';
import { toManifestJson } from '../../../src/core/manifestJson';
import { buildPlan } from '../../../src/core/plan';
import { ClusterProfile, DEFAULT_PROFILE, DefaultStorageClass } from '../../../src/core/profile';
import { KObject, simulate } from '../../../src/core/simulation';
import { disagreements, duplicateSetClaims, raceDependentClaims } from './planVsCluster';
import { fixtureUnits } from './unitDirs';

const STANDARD: DefaultStorageClass = { kind: 'named', name: 'standard', provisioner: 'example.com/standard' };

function storageClass(name: string, isDefault: boolean): KObject {
  return {
    apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass',
    metadata: { name, ...(isDefault ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}) },
    provisioner: `example.com/${name}`, volumeBindingMode: 'Immediate',
  } as KObject;
}

/**
 * Classes the unit's claims name without defining them: plan says such a claim is provisioned "if the
 * cluster has" the class, so the cluster of the comparison has each (with a provisioner).
 */
function classesNamedButNotDefined(analysis: Analysis): KObject[] {
  const defined = new Set(analysis.index.storageClasses().map((c) => c.name));
  const named = new Set<string>();
  for (const c of analysis.prediction.claims) if (c.effectiveClass && !defined.has(c.effectiveClass)) named.add(c.effectiveClass);
  return [...named].map((name) => storageClass(name, false));
}

const MODES: readonly { label: string; profile: ClusterProfile; existing: KObject[] }[] = [
  { label: 'no default StorageClass', profile: { ...DEFAULT_PROFILE, defaultStorageClass: { kind: 'none' } }, existing: [] },
  { label: 'default StorageClass "standard"', profile: { ...DEFAULT_PROFILE, defaultStorageClass: STANDARD }, existing: [storageClass('standard', true)] },
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
        const onCluster = mode.existing.map((c) => c.metadata.name);
        const existing = [...mode.existing, ...classesNamedButNotDefined(analysis).filter((c) => !onCluster.includes(c.metadata.name))];
        const result = simulate(analysis.index.objects.map(toManifestJson), { existing, controllers: { provisioner: true } });
        const provisioned = new Set(result.volumes.filter((v) => v.name.startsWith('pvc-')).map((v) => v.name));
        const skip = new Set([...raceDependentClaims(analysis, plan), ...duplicateSetClaims(plan)]);
        const wrong = disagreements(plan, { claims: result.claims, provisioned }, skip);
        assert.deepEqual(wrong, [], `plan and cluster disagree:\n${wrong.join('\n')}`);
      });
    }
  }
});
