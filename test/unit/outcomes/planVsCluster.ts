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

/** One line per claim on which plan and cluster disagree. */
export function disagreements(plan: Plan, cluster: ClusterClaims, classesOnCluster: ReadonlySet<string>, skip: ReadonlySet<string>): string[] {
  const actual = new Map(cluster.claims.map((c) => [`${c.namespace}/${c.name}`, c]));
  const out: string[] = [];
  const planned = [...plan.statefulSets.flatMap((s) => s.claims), ...plan.claims];
  for (const c of planned) {
    const key = `${c.namespace}/${c.name}`;
    const got = actual.get(key);
    actual.delete(key);
    if (skip.has(key) || agrees(c, got, cluster.provisioned, classesOnCluster)) continue;
    out.push(`${key}: plan says ${c.outcome}${c.bindsTo ? ` ${c.bindsTo}` : ''} (${c.reason}); the cluster: ${got ? `${got.phase}${got.volume ? ` ${got.volume}` : ''}${got.reason ? ` (${got.reason})` : ''}` : 'no such claim'}`);
  }
  for (const [key, got] of actual) if (!skip.has(key)) out.push(`${key}: the cluster has it (${got.phase}), plan lists no such claim`);
  return out;
}

function agrees(c: PlanClaim, got: SimulatedClaim | undefined, provisioned: ReadonlySet<string>, classesOnCluster: ReadonlySet<string>): boolean {
  switch (c.outcome) {
    case 'not-created': return !got;
    case 'binds': return got?.phase === 'Bound' && got.volume === c.bindsTo;
    case 'pending': return got !== undefined && got.phase !== 'Bound';
    case 'provisioned':
      // a class the unit does not define is provisioned only "if the cluster has it"; this one has not
      if (c.storageClass && !classesOnCluster.has(c.storageClass)) return got !== undefined && got.phase !== 'Bound';
      return got?.phase === 'Bound' && provisioned.has(got.volume ?? '');
  }
}
