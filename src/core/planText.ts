// Output of `plan`: JSON (docs/plan.md) and text that says the same in words.
import type { ClaimOutcome } from './outcomes';
import { ManualCommands, Plan, PlanClaim, UnitPlan } from './plan';
import { commandLine } from './shellQuote';

/** `plan --format json`: the units (path, files, sets), then every set, claim and step with its unit. */
export function unitPlansToJson(units: readonly UnitPlan[]): object {
  const parts = units.map((u) => ({ u, json: planBody(u.plan) }));
  return {
    version: 2,
    units: units.map((u) => ({ path: u.label, files: u.files, sets: u.plan.statefulSets.map((s) => `${s.namespace}/${s.name}`), ...(u.plan.live ? { live: u.plan.live } : {}) })),
    statefulSets: parts.flatMap(({ u, json }) => json.statefulSets.map((s) => ({ ...s, unit: u.label }))),
    claims: parts.flatMap(({ u, json }) => json.claims.map((c) => ({ ...c, unit: u.label }))),
    steps: parts.flatMap(({ u, json }) => json.steps.map((s) => ({ ...s, unit: u.label }))),
  };
}

export function planToJson(plan: Plan): object {
  return { version: 2, ...planBody(plan) };
}

function planBody(plan: Plan) {
  return {
    statefulSets: plan.statefulSets.map((s) => ({
      name: s.name,
      namespace: s.namespace,
      file: s.file,
      replicas: s.replicas,
      ordinals: s.ordinals,
      pods: s.pods,
      ...(s.morePods ? { morePods: s.morePods } : {}),
      ...(s.rejected ? { rejected: s.rejected } : {}),
      ...(s.rollout ? { rollout: s.rollout } : {}),
      claims: s.claims,
      ...(s.moreClaims ? { moreClaims: s.moreClaims } : {}),
    })),
    claims: plan.claims,
    ...(plan.live ? { live: plan.live } : {}),
    steps: plan.steps.map((st) => ({
      order: st.order, phase: st.phase, kind: st.kind, name: st.name, namespace: st.namespace, file: st.file,
      ...(st.manual ? { manual: st.manual } : {}),
      ...(st.rejected ? { rejected: st.rejected } : {}),
    })),
  };
}

/** "binds pv-0 (…)", "is provisioned …", "stays Pending: …", "is never created: …" — the reason says it. */
export function outcomeInWords(c: { readonly reason: string }): string {
  return c.reason;
}

/** the short form lenses and the text plan put after the claim: `→ pv-0`, `→ new PV`, `→ no PV`, `→ not created` */
export function outcomeArrow(c: { readonly outcome: ClaimOutcome['outcome']; readonly bindsTo?: string | null }): string {
  switch (c.outcome) {
    case 'binds': return `→ ${c.bindsTo}`;
    case 'provisioned': return '→ new PV';
    case 'pending': return '→ no PV (Pending)';
    case 'not-created': return '→ not created';
  }
}

/** `→ pv-0`, or with an unknown default class `→ pv-0 (or → new PV if the cluster has a default StorageClass)` */
export function claimArrow(c: PlanClaim): string {
  const alt = c.ifDefaultStorageClass;
  return alt ? `${outcomeArrow(c)} (or ${outcomeArrow(alt)} if the cluster has a default StorageClass)` : outcomeArrow(c);
}

/** One claim in words; with an unknown default StorageClass both outcomes, neither put first as fact. */
export function claimInWords(c: PlanClaim): string {
  if (!c.ifDefaultStorageClass) return outcomeInWords(c);
  return `without a default StorageClass on the cluster it ${outcomeInWords(c)}; with one it ${outcomeInWords(c.ifDefaultStorageClass)}`;
}

function claimLine(c: PlanClaim): string {
  return `claim ${c.name}${c.pod ? ` (pod ${c.pod})` : ''}${c.precreated ? ' [pre-created]' : ''} ${claimArrow(c)}: ${claimInWords(c)}`;
}

/** `plan`: with several units, each under a heading with its folder and files; steps are per unit. */
export function formatUnitPlansText(units: readonly UnitPlan[]): string {
  if (units.length === 1) return formatPlanText(units[0].plan);
  const out: string[] = [];
  for (const u of units) {
    const sets = u.plan.statefulSets.map((s) => s.name);
    out.push(`Unit ${u.label} (${u.files.length} file${u.files.length === 1 ? '' : 's'}${sets.length ? `; StatefulSets: ${sets.join(', ')}` : ''})`, '');
    out.push(formatPlanText(u.plan).replace(/^(?=.)/gm, '  '));
  }
  return out.join('\n');
}

export function formatPlanText(plan: Plan): string {
  const out: string[] = [];
  if (plan.live) out.push(`Against the live state of context "${plan.live.context}" (Kubernetes ${plan.live.kubernetesVersion}), read ${plan.live.takenAt}`, '');
  for (const s of plan.statefulSets) {
    const ord = s.replicas > 0 ? `ordinals ${s.ordinals.start}…${s.ordinals.end}` : 'no ordinals';
    out.push(`StatefulSet ${s.namespace}/${s.name} (${s.file}): replicas ${s.replicas}, ${ord}`);
    if (s.rejected) out.push(`  REJECTED by the API server: ${s.rejected} — no pod or claim of it is created`);
    if (s.rollout) out.push(`  rollout stops at ${s.rollout.stopsAt}: ${s.rollout.why}`);
    out.push(`  pods: ${s.pods.join(', ')}${s.morePods ? ` … and ${s.morePods} more` : ''}`);
    for (const c of s.claims) out.push(`  ${claimLine(c)}`);
    if (s.moreClaims) out.push(`  … and ${s.moreClaims} more claims`);
    out.push('');
  }
  if (plan.claims.length > 0) {
    out.push('Claims of no StatefulSet:');
    for (const c of plan.claims) out.push(`  ${claimLine(c)}${c.file ? `  (${c.file})` : ''}`);
    out.push('');
  }
  out.push('Steps:');
  for (const st of plan.steps) {
    out.push(`  ${String(st.order).padStart(3)}. [${st.phase}] ${st.kind} ${st.namespace ? `${st.namespace}/` : ''}${st.name}  (${st.file})${st.rejected ? `  REJECTED: ${st.rejected}` : ''}`);
    if (st.manual) {
      out.push(`       manual, on ${st.manual.where}:`);
      for (const line of manualLines(st.manual)) out.push(`         ${line}`);
    }
  }
  return out.join('\n') + '\n';
}

/**
 * A manual step's commands as lines to copy into a shell on its host (each argument shell-quoted), or,
 * when its values are unsafe, why no command is given.
 */
export function manualLines(m: ManualCommands): string[] {
  if (m.withheld?.length) return m.withheld.map((w) => `no command offered: ${w}`);
  return m.commands.map(commandLine);
}
