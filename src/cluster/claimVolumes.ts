// After the claims' wait: is each Bound claim bound to a volume the manifests meant for it? The
// StatefulSet controller uses an existing claim as it finds it, so a claim bound elsewhere — a leftover
// claim bound to an old PV, or a claim the binder gave a dynamically provisioned disk while the PV
// holding the data stayed Available — means pods mount the wrong storage. Provisioning stops there,
// before the Service and the StatefulSet, and says which volume it got and which it should have.
import type { Plan, PlanClaim } from '../core/plan';
import type { KObject } from './client';
import type { StepReport } from './report';

/** Why the claim's volume is not the one meant for it, or undefined when it is (or it is not Bound). */
export function wrongVolume(step: StepReport, manifest: KObject, plan: Plan, planVolumes: ReadonlySet<string>): string | undefined {
  if (step.claim?.phase !== 'Bound') return undefined;
  const got = step.claim.volume;
  const pinned = manifest.spec?.volumeName;
  if (typeof pinned === 'string' && pinned !== '') {
    return got === pinned ? undefined : `bound to PV ${got}, not to PV ${pinned} that its manifest names (volumeName)`;
  }
  // unpinned: any of the manifests' PVs may be the binder's pick among equal ones, but not a volume from elsewhere
  const predicted = claimOf(plan, step)?.bindsTo;
  if (!predicted || !planVolumes.has(predicted) || planVolumes.has(got)) return undefined;
  return `bound to PV ${got}, which is none of the manifests' PVs (expected one such as ${predicted}): `
    + 'a provisioned or pre-existing volume, not the pre-created one';
}

function claimOf(plan: Plan, step: StepReport): PlanClaim | undefined {
  const same = (c: PlanClaim) => c.name === step.name && c.namespace === step.namespace;
  return plan.claims.find(same) ?? plan.statefulSets.flatMap((s) => s.claims).find(same);
}
