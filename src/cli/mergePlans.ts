// `plan` over several units (the loose files, each top kustomization): their sets one after the
// other, and their steps in one list, each unit's in its own order, numbered through.
import { Plan } from '../core/plan';

export function mergePlans(plans: readonly Plan[]): Plan {
  if (plans.length === 1) return plans[0];
  const statefulSets = plans.flatMap((p) => p.statefulSets);
  const claims = plans.flatMap((p) => p.claims);
  const steps = plans.flatMap((p) => p.steps).map((s, i) => ({ ...s, order: i + 1 }));
  return { statefulSets, claims, steps };
}
