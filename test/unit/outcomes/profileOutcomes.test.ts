// How the unit's profile changes plan's outcomes: the cluster's version decides which API versions it
// still serves; its default StorageClass (unknown, none, named) decides what class-less claims do.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeTexts, DEFAULT_OPTIONS } from '../../../src/core/analysis';
import { buildPlan, Plan } from '../../../src/core/plan';
import { ClusterProfile, DEFAULT_PROFILE } from '../../../src/core/profile';
import { repoRoot } from '../helpers/analyze';

function planOf(fixture: string, profile: Partial<ClusterProfile>): Plan {
  const file = path.join(repoRoot(), 'test/fixtures/outcomes', fixture, 'manifest.yaml');
  const full = { ...DEFAULT_PROFILE, ...profile };
  return buildPlan(analyzeTexts([{ file, text: readFileSync(file, 'utf8') }], { ...DEFAULT_OPTIONS, profile: full }), full);
}

describe('plan outcomes under the unit profile', () => {
  it('a cluster older than the removal of apps/v1beta1 still serves the set: its claims are created', () => {
    const old = planOf('removed-api-version', { kubernetesVersion: '1.15', defaultStorageClass: { kind: 'none' } });
    assert.equal(old.statefulSets[0].rejected, undefined);
    assert.deepEqual(old.statefulSets[0].claims.map((c) => c.outcome), ['binds', 'pending']);
    const current = planOf('removed-api-version', { kubernetesVersion: '1.16', defaultStorageClass: { kind: 'none' } });
    assert.match(current.statefulSets[0].rejected ?? '', /^404 NotFound/);
    assert.deepEqual(current.statefulSets[0].claims.map((c) => c.outcome), ['binds', 'not-created']);
  });

  it('a class-less claim naming a class-less PV binds it without a default class, and stays Pending with one', () => {
    const none = planOf('volume-name-classless-claim', { defaultStorageClass: { kind: 'none' } });
    assert.deepEqual(none.claims.map((c) => [c.outcome, c.bindsTo]), [['binds', 'pv-0']]);
    const named = planOf('volume-name-classless-claim', { defaultStorageClass: { kind: 'named', name: 'standard' } });
    assert.deepEqual(named.claims.map((c) => c.outcome), ['pending']);
    const unknown = planOf('volume-name-classless-claim', {});
    assert.equal(unknown.claims[0].outcome, 'binds');
    assert.equal(unknown.claims[0].ifDefaultStorageClass?.outcome, 'pending');
  });

  it('unknown default class: a class-less template either stalls the rollout or is provisioned, and plan says both', () => {
    const p = planOf('ordered-no-pvs-classless', {});
    const outcomes = p.statefulSets[0].claims.map((c) => [c.outcome, c.ifDefaultStorageClass?.outcome]);
    assert.deepEqual(outcomes, [['pending', 'provisioned'], ['not-created', 'provisioned'], ['not-created', 'provisioned']]);
    const named = planOf('ordered-no-pvs-classless', { defaultStorageClass: { kind: 'named', name: 'standard' } });
    assert.deepEqual(named.statefulSets[0].claims.map((c) => [c.outcome, c.storageClass]), [['provisioned', 'standard'], ['provisioned', 'standard'], ['provisioned', 'standard']]);
    assert.equal(named.statefulSets[0].rollout, undefined);
  });

  it('claims of "" class are the same whatever the default class', () => {
    const p = planOf('ordered-two-pvs-for-three', {});
    assert.ok(p.statefulSets[0].claims.every((c) => !c.ifDefaultStorageClass));
    assert.deepEqual(p.statefulSets[0].rollout, { stopsAt: 'web-2', why: 'web-2 never becomes Ready: its claim www-web-2 stays Pending' });
  });

  it('a second claim of one name is not a claim of its own: apply writes it over the first', () => {
    const claim = (size: string) => `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: d}\nspec: {accessModes: [ReadWriteOnce], storageClassName: "", resources: {requests: {storage: ${size}}}}\n`;
    const profile = { ...DEFAULT_PROFILE, defaultStorageClass: { kind: 'none' as const } };
    const plan = buildPlan(analyzeTexts([{ file: 'x.yaml', text: `${claim('1Gi')}---\n${claim('2Gi')}` }], { ...DEFAULT_OPTIONS, profile }), profile);
    assert.deepEqual(plan.claims.map((c) => c.outcome), ['pending', 'not-created']);
    assert.match(plan.claims[1].reason, /writes it over the earlier claim "d"/);
  });
});
