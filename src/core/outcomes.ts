// What the cluster will do with each claim of a unit — bind a PV, provision one, stay Pending, or never
// be created — as the API server, the PV binder and the StatefulSet controller together decide it:
// - objects the API server refuses (acceptance.ts) do not exist: no claim binds a refused PV, a refused
//   StatefulSet creates no claims;
// - the controller creates a pod's claims with the pod; under OrderedReady the next pod waits until this
//   one is Running and Ready, which needs every claim Bound (or provisioned). So the claims after the
//   first stuck pod never exist, and they must not take PVs in the prediction either: the binder's
//   prediction is rerun without them until the rollouts stop moving;
// - the profile's default StorageClass is a class on the cluster: admission gives it to class-less
//   claims. With an unknown default both outcomes are computed; a claim they disagree on carries both.
import { sameItems } from './sameItems';
import { Rejection, rejectedObjects } from './acceptance';
import type { Analysis } from './analysis';
import { clusterDefaultClass, isHypotheticalDefault } from './clusterClass';
import type { K8sObject, PersistentVolumeClaim, StatefulSet, StorageClass } from './model';
import { claimName, dns1123SubdomainProblem, ordinalRange, podName } from './names';
import { ObjectIndex } from './objectIndex';
import { bindsReason, ClaimPrediction, MAX_LISTED_ORDINALS, predict, predictedOrdinals, Prediction } from './prediction';
import type { ClusterProfile } from './profile';

export type OutcomeKind = 'binds' | 'provisioned' | 'pending' | 'not-created';

export interface ClaimOutcome {
  readonly outcome: OutcomeKind;
  /** the PV, for `binds` */
  readonly bindsTo?: string;
  /** the class that provisions it, for `provisioned` (absent when it is the cluster's unnamed default) */
  readonly storageClass?: string;
  /** one sentence: what happens, and why (the binder's or controller's reason when nothing does) */
  readonly reason: string;
}

export interface PlannedClaim extends ClaimOutcome {
  readonly name: string;
  readonly namespace: string;
  readonly set?: StatefulSet;
  readonly template?: string;
  readonly ordinal?: number;
  /** the pre-created PVC, when the claim is one */
  readonly pvc?: PersistentVolumeClaim;
  /** default StorageClass unknown: the outcome if the cluster has one, when it differs from this one */
  readonly ifDefaultClass?: ClaimOutcome;
}

export interface Rollout {
  /** how many ordinals (from the first) get their pod and claims */
  readonly created: number;
  /** the pod the rollout stops at, and why */
  readonly stopsAt?: string;
  readonly why?: string;
}

export interface UnitOutcomes {
  readonly rejected: ReadonlyMap<K8sObject, Rejection>;
  readonly bySet: ReadonlyMap<StatefulSet, readonly PlannedClaim[]>;
  /** pre-created claims that are no StatefulSet's, in document order */
  readonly standalone: readonly PlannedClaim[];
  readonly rollouts: ReadonlyMap<StatefulSet, Rollout>;
}

/** how often the prediction is rerun while rollouts move (each round settles at least one more set) */
const MAX_ROUNDS = 8;

const memo = new WeakMap<Analysis, Map<string, UnitOutcomes>>();

/** The outcomes of an analysis (one unit) on its target cluster; computed once per analysis and profile. */
export function outcomesOf(analysis: Analysis, profile: ClusterProfile): UnitOutcomes {
  let byProfile = memo.get(analysis);
  if (!byProfile) memo.set(analysis, (byProfile = new Map()));
  const key = JSON.stringify([profile.kubernetesVersion, profile.defaultStorageClass]);
  let outcomes = byProfile.get(key);
  if (!outcomes) byProfile.set(key, (outcomes = predictOutcomes(analysis.index, profile, analysis.prediction)));
  return outcomes;
}

/**
 * `fileClassesOnly` is the prediction over the same index with nothing but the files' classes, when
 * the caller has it (the analysis's own): reused when nothing is refused and no rollout stalls.
 */
export function predictOutcomes(index: ObjectIndex, profile: ClusterProfile, fileClassesOnly?: Prediction): UnitOutcomes {
  const { defaultStorageClass: defaultClass, kubernetesVersion: version } = profile;
  if (defaultClass.kind === 'named') return outcomesWith(index, version, clusterDefaultClass(defaultClass));
  const without = outcomesWith(index, version, undefined, fileClassesOnly);
  if (defaultClass.kind === 'none' || !aDefaultClassMatters(index)) return without;
  return mergeAlternative(without, outcomesWith(index, version, clusterDefaultClass(defaultClass)));
}

/** A cluster's default class changes only claims of nil class, and only when the files bring no default. */
function aDefaultClassMatters(index: ObjectIndex): boolean {
  if (index.storageClasses().some((c) => c.isDefault)) return false;
  return index.claims().some((c) => c.spec.storageClassName === undefined)
    || index.statefulSets().some((s) => s.claimTemplates.some((t) => t.spec.storageClassName === undefined));
}

function outcomesWith(index: ObjectIndex, version: string, clusterClass: StorageClass | undefined, fileClassesOnly?: Prediction): UnitOutcomes {
  const rejected = rejectedObjects(index.objects, version);
  const accepted = rejected.size === 0 ? index.objects : index.objects.filter((o) => !rejected.has(o));
  const classes = index.storageClasses().filter((c) => !rejected.has(c));
  if (clusterClass) classes.push(clusterClass);
  const sets = accepted.filter((o): o is StatefulSet => o.kind === 'StatefulSet');

  let counts = new Map(sets.map((s) => [s, ordinalRange(s).count]));
  let run: CreatedRun = fileClassesOnly && rejected.size === 0 && !clusterClass
    ? { prediction: fileClassesOnly, claimsOf: (set) => fileClassesOnly.bySet.get(set) ?? [] }
    : predictCreated(index, accepted, classes, counts);
  let rollouts = new Map<StatefulSet, Rollout>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    rollouts = new Map(sets.map((s) => [s, rolloutMemoised(s, run.claimsOf(s))]));
    const next = new Map(sets.map((s) => [s, rollouts.get(s)!.created]));
    if (sets.every((s) => next.get(s) === counts.get(s))) break;
    counts = next;
    run = predictCreated(index, accepted, classes, counts);
  }
  const bySet = new Map<StatefulSet, PlannedClaim[]>();
  const listed = new Set<PersistentVolumeClaim>();
  const pvcs = new Map<string, PersistentVolumeClaim>();
  for (const pvc of index.claims()) if (!pvcs.has(pvc.nsName)) pvcs.set(pvc.nsName, pvc);
  const ctx: ListingContext = { index, run, pvcs, pvcsToken: listToken(index.claims()), clusterClass };
  for (const set of index.statefulSets()) {
    const claims = setClaimsMemoised(set, ctx, rejected.get(set), rollouts.get(set));
    for (const c of claims) if (c.pvc) listed.add(c.pvc);
    bySet.set(set, claims);
  }
  const standalone: PlannedClaim[] = [];
  for (const pvc of index.claims()) {
    if (listed.has(pvc)) continue;
    listed.add(pvc);
    const refused = rejected.get(pvc);
    const base = { name: pvc.name, namespace: pvc.namespace, pvc };
    const p = run.prediction.byPvc.get(pvc);
    standalone.push(refused || !p ? { ...base, outcome: 'not-created', reason: refusedReason(pvc, refused) } : { ...base, ...fromPrediction(p, clusterClass, true) });
  }
  return { rejected, bySet, standalone, rollouts };
}

interface CreatedRun {
  readonly prediction: Prediction;
  claimsOf(set: StatefulSet): readonly ClaimPrediction[];
}

/** The binder's prediction over the accepted objects, each set cut to the ordinals its rollout creates. */
function predictCreated(index: ObjectIndex, accepted: readonly K8sObject[], classes: readonly StorageClass[], counts: ReadonlyMap<StatefulSet, number>): CreatedRun {
  const copyOf = new Map<StatefulSet, StatefulSet>();
  const objects = accepted.map((o) => {
    if (o.kind !== 'StatefulSet' || counts.get(o) === o.replicas) return o;
    const cut: StatefulSet = { ...o, replicas: counts.get(o) ?? 0 };
    copyOf.set(o, cut);
    return cut;
  });
  const prediction = predict(new ObjectIndex(objects, index.defaultNamespace, { storageClasses: classes, hasVolumes: index.hasVolumes }, index.live));
  return { prediction, claimsOf: (set) => prediction.bySet.get(copyOf.get(set) ?? set) ?? [] };
}

const rolloutMemo = new WeakMap<StatefulSet, { claims: readonly ClaimPrediction[]; rollout: Rollout }>();

/** rolloutOf, reused while the set's predicted claims are the same list (see setClaimsMemoised). */
function rolloutMemoised(set: StatefulSet, claims: readonly ClaimPrediction[]): Rollout {
  const memo = rolloutMemo.get(set);
  if (memo && memo.claims === claims) return memo.rollout;
  const rollout = rolloutOf(set, claims);
  rolloutMemo.set(set, { claims, rollout });
  return rollout;
}

/** How far the controller gets (stateful_set_control.go): claims with each pod; OrderedReady waits for Ready. */
function rolloutOf(set: StatefulSet, claims: readonly ClaimPrediction[]): Rollout {
  const range = ordinalRange(set);
  const byOrdinal = new Map<number, ClaimPrediction[]>();
  for (const c of claims) {
    if (c.ordinal === undefined) continue;
    const list = byOrdinal.get(c.ordinal);
    if (list) list.push(c); else byOrdinal.set(c.ordinal, [c]);
  }
  const parallel = set.podManagementPolicy === 'Parallel';
  const last = Math.min(range.end, range.start + MAX_LISTED_ORDINALS - 1);
  for (let ordinal = range.start; ordinal <= last; ordinal++) {
    const pod = podName(set.name, ordinal);
    const invalid = invalidClaimName(set, ordinal);
    if (invalid) return { created: ordinal - range.start, stopsAt: pod, why: `the controller cannot create ${invalid}` };
    if (parallel) continue;
    const stuck = byOrdinal.get(ordinal)?.find((c) => c.outcome === 'pending');
    if (stuck) return { created: ordinal - range.start + 1, stopsAt: pod, why: `${pod} never becomes Ready: its claim ${stuck.name} stays Pending` };
  }
  return { created: range.count };
}

function invalidClaimName(set: StatefulSet, ordinal: number): string | undefined {
  for (const t of set.claimTemplates) {
    if (!t.name) continue;
    const name = claimName(t.name, set.name, ordinal);
    const problem = dns1123SubdomainProblem(name);
    if (problem) return `claim ${name} (${problem})`;
  }
  return undefined;
}

/** A set's claims, ordinal by ordinal as `plan` lists them, each with its outcome. */
interface ListingContext {
  readonly index: ObjectIndex;
  readonly run: CreatedRun;
  /** pre-created claims by `namespace/name` (the first of a name: duplicates are refused by apply's patch) */
  readonly pvcs: ReadonlyMap<string, PersistentVolumeClaim>;
  /** one object per list of pre-created claims (the same objects in the same order) */
  readonly pvcsToken: object;
  readonly clusterClass: StorageClass | undefined;
}

/** Each set's listing of the last outcomes, reused while what it was made from is the same. */
const listingMemo = new WeakMap<StatefulSet, { signature: unknown[]; claims: PlannedClaim[] }>();

/**
 * setClaims, reused from the last outcomes while its inputs are the same objects: the set's predicted
 * claims (the prediction keeps a set's list while nothing it depends on changed), its rejection and
 * rollout, the cluster class and the pre-created claims. After an edit of one set, the lenses and hovers
 * then cost a look-up per other set instead of listing every claim of the workspace again.
 */
function setClaimsMemoised(set: StatefulSet, ctx: ListingContext, refused: Rejection | undefined, rollout: Rollout | undefined): PlannedClaim[] {
  const signature: unknown[] = [ctx.run.claimsOf(set), refused, rollout?.created, rollout?.stopsAt, rollout?.why, ctx.clusterClass, ctx.pvcsToken];
  const memo = listingMemo.get(set);
  if (memo && sameItems(memo.signature, signature)) return memo.claims;
  const { claims, memoisable } = setClaims(set, ctx, refused, rollout);
  // past MAX_LISTED_ORDINALS the listed ordinals depend on other documents (predictedOrdinals)
  if (memoisable && ordinalRange(set).count <= MAX_LISTED_ORDINALS) listingMemo.set(set, { signature, claims });
  return claims;
}

/**
 * `memoisable` is false when a claim's outcome came from another set's prediction (two sets name the
 * same pre-created claim): the signature above does not cover that.
 */
function setClaims(set: StatefulSet, ctx: ListingContext, refused: Rejection | undefined, rollout: Rollout | undefined): { claims: PlannedClaim[]; memoisable: boolean } {
  const { index, run, pvcs, clusterClass } = ctx;
  let memoisable = true;
  const predicted = new Map(run.claimsOf(set).map((c) => [c.name, c]));
  const created = refused ? 0 : (rollout?.created ?? 0);
  const start = ordinalRange(set).start;
  const out: PlannedClaim[] = [];
  for (const ordinal of predictedOrdinals(set, index)) {
    for (const t of set.claimTemplates) {
      if (!t.name) continue;
      const name = claimName(t.name, set.name, ordinal);
      const base = { name, namespace: set.namespace, set, template: t.name, ordinal };
      const pvc = pvcs.get(`${set.namespace}/${name}`);
      let p = predicted.get(name);
      if (!p && pvc) { p = run.prediction.byPvc.get(pvc); memoisable = false; }
      if (p && (ordinal < start + created || p.pvc)) {
        out.push({ ...base, ...(p.pvc ? { pvc: p.pvc } : {}), ...fromPrediction(p, clusterClass) });
        continue;
      }
      const why = refused ? `the API server rejects StatefulSet ${set.name} (${refused.code} ${refused.reason}: ${refused.message})`
        : `the rollout stops at ${rollout?.stopsAt ?? 'an earlier pod'}: ${rollout?.why ?? 'see the earlier claims'}`;
      out.push({ ...base, ...(pvc ? { pvc } : {}), outcome: 'not-created', reason: `is never created: ${why}` });
    }
  }
  return { claims: out, memoisable };
}

const EMPTY_LIST = {};
const listTokens = new WeakMap<object, { list: readonly object[]; token: object }>();

/** One object per distinct list (same objects, same order), so a memo compares one item, not thousands. */
function listToken(list: readonly object[]): object {
  if (list.length === 0) return EMPTY_LIST;
  const known = listTokens.get(list[0]);
  if (known && sameItems(known.list, list)) return known.token;
  const token = {};
  listTokens.set(list[0], { list: [...list], token });
  return token;
}

/**
 * `standalone`: a claim of no StatefulSet. With a WaitForFirstConsumer class it waits for a pod that uses
 * it, which the unit may not hold (a Deployment's pod, or one created later).
 */
function fromPrediction(p: ClaimPrediction, clusterClass: StorageClass | undefined, standalone = false): ClaimOutcome {
  const waits = standalone && p.waitsForFirstConsumer && p.outcome !== 'pending'
    ? ' once a pod that uses it is scheduled (WaitForFirstConsumer; until then it stays Pending)' : '';
  const bindsTo = p.volume?.name ?? p.clusterVolume;
  if (p.outcome === 'bound' && bindsTo) {
    // bound on the cluster already: its reason says so, and no pod needs to be scheduled for it
    if (p.how === 'live' || !p.how) return { outcome: 'binds', bindsTo, reason: p.reason };
    return { outcome: 'binds', bindsTo, reason: bindsReason(bindsTo, p.how, !p.volume) + waits };
  }
  if (p.outcome === 'dynamic') {
    if (isHypotheticalDefault(clusterClass) && p.effectiveClass === clusterClass!.name) {
      return { outcome: 'provisioned', reason: `is provisioned dynamically by the cluster's default StorageClass, as no PV matches${waits}` };
    }
    return { outcome: 'provisioned', storageClass: p.effectiveClass, reason: p.reason + waits };
  }
  return { outcome: 'pending', reason: p.reason };
}

function refusedReason(pvc: PersistentVolumeClaim, refused: Rejection | undefined): string {
  // not refused, yet not queued by the binder: a second claim of this name, which apply writes over the first
  return refused ? `is never created: the API server rejects it (${refused.code} ${refused.reason}: ${refused.message})`
    : `is not created as written: kubectl apply writes it over the earlier claim "${pvc.name}" in the same namespace (duplicate-object)`;
}

/** `without` (no default class) as the answer; where `withDefault` differs, it rides along. */
function mergeAlternative(without: UnitOutcomes, withDefault: UnitOutcomes): UnitOutcomes {
  const alt = new Map<string, PlannedClaim>();
  for (const list of withDefault.bySet.values()) for (const c of list) alt.set(`${c.namespace}/${c.name}`, c);
  for (const c of withDefault.standalone) alt.set(`${c.namespace}/${c.name}`, c);
  const attach = (c: PlannedClaim): PlannedClaim => {
    const other = alt.get(`${c.namespace}/${c.name}`);
    if (!other || (other.outcome === c.outcome && other.bindsTo === c.bindsTo)) return c;
    const { outcome, bindsTo, storageClass, reason } = other;
    return { ...c, ifDefaultClass: { outcome, ...(bindsTo ? { bindsTo } : {}), ...(storageClass ? { storageClass } : {}), reason } };
  };
  const bySet = new Map([...without.bySet].map(([set, list]) => [set, list.map(attach)]));
  return { ...without, bySet, standalone: without.standalone.map(attach) };
}
