// Output of `plan`.
import { Plan } from './plan';

export function planToJson(plan: Plan): object {
  return {
    version: 1,
    statefulSets: plan.statefulSets.map((s) => ({
      name: s.name,
      namespace: s.namespace,
      file: s.file,
      replicas: s.replicas,
      ordinals: s.ordinals,
      pods: s.pods,
      ...(s.morePods ? { morePods: s.morePods } : {}),
      claims: s.claims,
      ...(s.moreClaims ? { moreClaims: s.moreClaims } : {}),
    })),
    steps: plan.steps.map((st) => ({
      order: st.order, phase: st.phase, kind: st.kind, name: st.name, namespace: st.namespace, file: st.file,
      ...(st.manual ? { manual: st.manual } : {}),
    })),
  };
}

export function formatPlanText(plan: Plan): string {
  const out: string[] = [];
  for (const s of plan.statefulSets) {
    const ord = s.replicas > 0 ? `ordinals ${s.ordinals.start}…${s.ordinals.end}` : 'no ordinals';
    out.push(`StatefulSet ${s.namespace}/${s.name} (${s.file}): replicas ${s.replicas}, ${ord}`);
    out.push(`  pods: ${s.pods.join(', ')}${s.morePods ? ` … and ${s.morePods} more` : ''}`);
    for (const c of s.claims) {
      out.push(`  claim ${c.name}${c.pod ? ` (pod ${c.pod})` : ''}${c.precreated ? ' [pre-created]' : ''}: ${c.bindsTo ? `→ ${c.bindsTo}` : '→ no PV'}: ${c.reason}`);
    }
    if (s.moreClaims) out.push(`  … and ${s.moreClaims} more claims`);
    out.push('');
  }
  out.push('Steps:');
  for (const st of plan.steps) {
    out.push(`  ${String(st.order).padStart(3)}. [${st.phase}] ${st.kind} ${st.namespace ? `${st.namespace}/` : ''}${st.name}  (${st.file})`);
    if (st.manual) {
      out.push(`       manual, on ${st.manual.where}:`);
      for (const c of st.manual.commands) out.push(`         ${c}`);
    }
  }
  return out.join('\n') + '\n';
}
