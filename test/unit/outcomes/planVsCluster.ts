// Compares what `plan` says of every claim with what the simulated cluster (the controllers the test API
// server runs) did: bound the same PV, provisioned one, left it Pending, or never created it.
import type { Analysis } from '../../../src/core/analysis';
import type { Plan, PlanClaim } from '../../../src/core/plan';
import type { SimulatedClaim } from '../../../src/core/simulation';

export interface ClusterClaims {
  readonly claims: readonly SimulatedClaim[];
  /** names of PVs a provisioner made */
  readonly provisioned: ReadonlySet<string>;
}

/**
 * Claims whose PV depends on which of two StatefulSets' rollouts reaches the binder first: claims of
 * both sets that the cluster creates can take one PV, and pods of different sets are created
 * concurrently. The engine reports these as pv-contended; no prediction can be right for them, so
 * they are left out of the comparison. (Claims plan says are never created race for nothing.)
 */
export function raceDependentClaims(analysis: Analysis, plan: Plan): Set<string> {
  const never = new Set(plan.statefulSets.flatMap((s) => s.claims).filter((c) => c.outcome === 'not-created').map((c) => `${c.namespace}/${c.name}`));
  const setsByPv = new Map<string, Set<unknown>>();
  for (const c of analysis.prediction.claims) {
    if (!c.set || c.pinned || never.has(`${c.namespace}/${c.name}`)) continue;
    for (const pv of c.candidates) {
      const sets = setsByPv.get(pv.name) ?? new Set();
      sets.add(c.set);
      setsByPv.set(pv.name, sets);
    }
  }
  const out = new Set<string>();
  for (const c of analysis.prediction.claims) {
    if (c.set && !c.pinned && !never.has(`${c.namespace}/${c.name}`) && c.candidates.some((pv) => (setsByPv.get(pv.name)?.size ?? 0) > 1)) out.add(`${c.namespace}/${c.name}`);
  }
  return out;
}

/**
 * Claims of a StatefulSet whose name another StatefulSet of the unit has too (reported as
 * duplicate-object): `kubectl apply` patches the first with the second — or fails on its immutable
 * fields — so which one's claims exist is not a question of binding.
 */
export function duplicateSetClaims(plan: Plan): Set<string> {
  const count = new Map<string, number>();
  for (const s of plan.statefulSets) count.set(`${s.namespace}/${s.name}`, (count.get(`${s.namespace}/${s.name}`) ?? 0) + 1);
  return new Set(plan.statefulSets.filter((s) => count.get(`${s.namespace}/${s.name}`)! > 1).flatMap((s) => s.claims.map((c) => `${c.namespace}/${c.name}`)));
}

/** One line per claim on which plan and cluster disagree. */
export function disagreements(plan: Plan, cluster: ClusterClaims, skip: ReadonlySet<string>): string[] {
  const actual = new Map(cluster.claims.map((c) => [`${c.namespace}/${c.name}`, c]));
  const out: string[] = [];
  const planned = [...plan.statefulSets.flatMap((s) => s.claims), ...plan.claims];
  for (const c of planned) {
    const key = `${c.namespace}/${c.name}`;
    const got = actual.get(key);
    actual.delete(key);
    if (skip.has(key) || agrees(c, got, cluster.provisioned)) continue;
    out.push(`${key}: plan says ${c.outcome}${c.bindsTo ? ` ${c.bindsTo}` : ''} (${c.reason}); the cluster: ${got ? `${got.phase}${got.volume ? ` ${got.volume}` : ''}${got.reason ? ` (${got.reason})` : ''}` : 'no such claim'}`);
  }
  for (const [key, got] of actual) if (!skip.has(key)) out.push(`${key}: the cluster has it (${got.phase}), plan lists no such claim`);
  return out;
}

const WAITS_FOR_CONSUMER = 'waiting for first consumer to be created before binding';

function agrees(c: PlanClaim, got: SimulatedClaim | undefined, provisioned: ReadonlySet<string>): boolean {
  // plan states what happens once a pod uses the claim; the unit has no such pod (the cluster runs
  // only StatefulSets' pods), so the cluster is still waiting for one — which plan says too
  if (!c.pod && /WaitForFirstConsumer; until then it stays Pending/.test(c.reason) && got?.reason === WAITS_FOR_CONSUMER) return true;
  switch (c.outcome) {
    case 'not-created': return !got;
    case 'binds': return got?.phase === 'Bound' && got.volume === c.bindsTo;
    case 'pending': return got !== undefined && got.phase !== 'Bound';
    case 'provisioned': return got?.phase === 'Bound' && provisioned.has(got.volume ?? '');
  }
}
