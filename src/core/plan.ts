// The provisioning plan: per StatefulSet its pods and claims (with the binding prediction), and the
// ordered steps that create everything: backing volume → StorageClass → PV → PVC → Service → StatefulSet.
import { Analysis } from './analysis';
import { BackingVolume, backingVolumeOf, CommandHost } from './backingVolumes';
import { K8sObject, StatefulSet } from './model';
import { ordinalRange, ordinals, podName } from './names';
import { ClaimOutcome, OutcomeKind, outcomesOf, PlannedClaim } from './outcomes';
import { MAX_LISTED_ORDINALS } from './prediction';
import { ClusterProfile, DEFAULT_PROFILE } from './profile';
import type { ProjectAnalysis } from './project/project';

export type Phase = 'backing-volume' | 'storage-class' | 'persistent-volume' | 'persistent-volume-claim' | 'service' | 'stateful-set';
export const PHASES: readonly Phase[] = ['backing-volume', 'storage-class', 'persistent-volume', 'persistent-volume-claim', 'service', 'stateful-set'];

export interface PlanClaim {
  readonly template: string | null;
  readonly name: string;
  readonly namespace: string;
  readonly ordinal: number | null;
  readonly pod: string | null;
  readonly precreated: boolean;
  /** binds | provisioned | pending | not-created (see outcomes.ts) */
  readonly outcome: OutcomeKind;
  readonly bindsTo: string | null;
  /** the class that provisions it, for `provisioned` */
  readonly storageClass?: string;
  readonly reason: string;
  /** default StorageClass unknown: what happens instead if the cluster has one */
  readonly ifDefaultStorageClass?: ClaimOutcome;
  readonly file?: string;
}

export interface PlanStatefulSet {
  readonly name: string;
  readonly namespace: string;
  readonly file: string;
  readonly replicas: number;
  readonly ordinals: { readonly start: number; readonly end: number };
  readonly pods: readonly string[];
  /** how many pods are not listed (lists stop at MAX_LISTED_ORDINALS) */
  readonly morePods: number;
  readonly claims: readonly PlanClaim[];
  readonly moreClaims: number;
  /** the API server refuses the set: why (then none of its claims or pods is created) */
  readonly rejected?: string;
  /** an OrderedReady rollout that stops before the last pod */
  readonly rollout?: { readonly stopsAt: string; readonly why: string };
}

export interface PlanStep {
  readonly order: number;
  readonly phase: Phase;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | null;
  readonly file: string;
  /** manual steps (backing volumes): where and what to run */
  readonly manual?: ManualCommands;
  /** the object this step creates (absent for manual steps) */
  readonly object?: K8sObject;
  /** the API server refuses the object: its answer */
  readonly rejected?: string;
}

/** A backing volume's commands: argv arrays to run without a shell on `host`, or why there are none. */
export interface ManualCommands {
  readonly where: string;
  readonly host: CommandHost;
  readonly commands: readonly (readonly string[])[];
  /** the unsafe values that kept the commands from being built, one sentence each */
  readonly withheld?: readonly string[];
}

export function manualOf(b: BackingVolume): ManualCommands {
  const withheld = b.unsafe.map((u) => `${u.field} ${JSON.stringify(u.value)} ${u.problem}`);
  return { where: b.where, host: b.host, commands: b.commands, ...(withheld.length ? { withheld } : {}) };
}

export interface Plan {
  readonly statefulSets: readonly PlanStatefulSet[];
  /** pre-created claims that belong to no StatefulSet */
  readonly claims: readonly PlanClaim[];
  readonly steps: readonly PlanStep[];
  /** the cluster state the plan was made against (live mode), when one was read */
  readonly live?: { readonly context: string; readonly kubernetesVersion: string; readonly takenAt: string };
}

const PHASE_OF: Record<K8sObject['kind'], Phase> = {
  StorageClass: 'storage-class', PersistentVolume: 'persistent-volume', PersistentVolumeClaim: 'persistent-volume-claim',
  Service: 'service', StatefulSet: 'stateful-set',
};

export function buildPlan(analysis: Analysis, profile: ClusterProfile = DEFAULT_PROFILE): Plan {
  const { index } = analysis;
  const outcomes = outcomesOf(analysis, profile);
  const statefulSets = index.statefulSets().map((set): PlanStatefulSet => {
    const range = ordinalRange(set);
    const planned = outcomes.bySet.get(set) ?? [];
    const claims = planned.slice(0, MAX_LISTED_ORDINALS * Math.max(1, set.claimTemplates.length));
    const totalClaims = range.count * set.claimTemplates.filter((t) => t.name).length;
    const refused = outcomes.rejected.get(set);
    const rollout = outcomes.rollouts.get(set);
    return {
      name: set.name,
      namespace: set.namespace,
      file: set.src.file,
      replicas: set.replicas,
      ordinals: { start: range.start, end: range.end },
      pods: [...ordinals(range, MAX_LISTED_ORDINALS)].map((o) => podName(set.name, o)),
      morePods: Math.max(0, range.count - MAX_LISTED_ORDINALS),
      claims: claims.map((c) => planClaim(c)),
      moreClaims: Math.max(0, totalClaims - claims.length),
      ...(refused ? { rejected: `${refused.code} ${refused.reason}: ${refused.message}` } : {}),
      ...(!refused && rollout?.stopsAt ? { rollout: { stopsAt: rollout.stopsAt, why: rollout.why ?? '' } } : {}),
    };
  });

  const steps: Omit<PlanStep, 'order'>[] = [];
  const seenBacking = new Set<string>();
  for (const pv of index.volumes()) {
    const backing = backingVolumeOf(pv);
    if (!backing || seenBacking.has(backing.name)) continue;
    seenBacking.add(backing.name);
    steps.push({ phase: 'backing-volume', kind: 'BackingVolume', name: backing.name, namespace: null, file: pv.src.file, manual: manualOf(backing) });
  }
  for (const o of index.objects) {
    const refused = outcomes.rejected.get(o);
    steps.push({
      phase: PHASE_OF[o.kind], kind: o.kind, name: o.name, namespace: o.namespace || null, file: o.src.file, object: o,
      ...(refused ? { rejected: `${refused.code} ${refused.reason}: ${refused.message}` } : {}),
    });
  }
  // Stable sort by phase keeps file order within a phase.
  const sorted = steps.map((s, i) => ({ s, i })).sort((a, b) => PHASES.indexOf(a.s.phase) - PHASES.indexOf(b.s.phase) || a.i - b.i);
  const claims = outcomes.standalone.map((c) => planClaim(c));
  const live = index.live && { context: index.live.context, kubernetesVersion: index.live.kubernetesVersion, takenAt: index.live.takenAt };
  return { statefulSets, claims, steps: sorted.map(({ s }, i) => ({ order: i + 1, ...s })), ...(live ? { live } : {}) };
}

function planClaim(c: PlannedClaim): PlanClaim {
  return {
    template: c.template ?? null,
    name: c.name,
    namespace: c.namespace,
    ordinal: c.ordinal ?? null,
    pod: c.set && c.ordinal !== undefined ? podName(c.set.name, c.ordinal) : null,
    precreated: Boolean(c.pvc),
    outcome: c.outcome,
    bindsTo: c.bindsTo ?? null,
    ...(c.storageClass ? { storageClass: c.storageClass } : {}),
    reason: c.reason,
    ...(c.ifDefaultClass ? { ifDefaultStorageClass: c.ifDefaultClass } : {}),
    ...(c.pvc ? { file: c.pvc.src.file } : {}),
  };
}

/**
 * The steps that provision one StatefulSet: its claims' PVs (with their backing volumes and classes),
 * its pre-created claims, its Service and itself, in plan order and renumbered.
 */
export function planForSet(plan: Plan, analysis: Analysis, set: StatefulSet): Plan {
  const claims = analysis.prediction.bySet.get(set) ?? [];
  const wanted = new Set<K8sObject>([set]);
  const volumes = new Set<string>();
  for (const c of claims) {
    if (c.pvc) wanted.add(c.pvc);
    const pv = c.volume ?? c.candidates[0];
    if (pv) { wanted.add(pv); volumes.add(pv.name); }
    const cls = c.effectiveClass ? analysis.index.storageClass(c.effectiveClass) : undefined;
    if (cls) wanted.add(cls);
  }
  if (set.serviceName) {
    const svc = analysis.index.service(set.namespace, set.serviceName);
    if (svc) wanted.add(svc);
  }
  const backing = new Set<string>();
  for (const pv of analysis.index.volumes()) {
    if (!volumes.has(pv.name)) continue;
    const b = backingVolumeOf(pv);
    if (b) backing.add(b.name);
  }
  const steps = plan.steps.filter((s) => (s.object ? wanted.has(s.object) : backing.has(s.name)));
  return {
    statefulSets: plan.statefulSets.filter((s) => s.name === set.name && s.namespace === set.namespace),
    claims: [],
    steps: steps.map((s, i) => ({ ...s, order: i + 1 })),
  };
}

/** A deployment unit's plan: its own sets and steps, as if its files were the only ones. */
export interface UnitPlan {
  /** the unit's folder (or folders) */
  readonly label: string;
  readonly files: readonly string[];
  readonly plan: Plan;
}

/** One plan per unit of a project analysis (one for a plain analysis). */
export function buildUnitPlans(analysis: Analysis | ProjectAnalysis): UnitPlan[] {
  if (!('units' in analysis)) return [{ label: '.', files: [...new Set(analysis.index.objects.map((o) => o.src.file))], plan: buildPlan(analysis) }];
  return analysis.units.map((u) => ({ label: u.unit.label, files: u.unit.files, plan: buildPlan(u.analysis, u.profile) }));
}
