// Predicts, for every claim the analysed files lead to (pre-created PVCs and the template claims of each
// StatefulSet ordinal), which PersistentVolume the binder will bind, or why none.
import { BindOutcome, ClaimFacts, syncUnboundClaim, VolumeFacts, volumeRejection } from './binding';
import { ClaimSpec, ClaimTemplate, PersistentVolume, PersistentVolumeClaim, StatefulSet, StorageClass } from './model';
import { claimName, inRange, ordinalOfClaim, ordinalRange, ordinals } from './names';
import type { ObjectIndex } from './objectIndex';
import { CLUSTER_FILE } from './clusterClass';
import { ClusterProfile, DEFAULT_PROFILE } from './profile';
import type { LiveClaim } from './liveState';
import { sameItems } from './sameItems';
import { compareModeKeys, modesKey, VolumeIndex } from './volumeIndex';

/** How many ordinals per set are predicted (and listed) at most; pinned ordinals beyond are added. */
export const MAX_LISTED_ORDINALS = 1000;

export type ClaimOutcome = 'bound' | 'dynamic' | 'pending';

export interface ClaimPrediction {
  readonly name: string;
  readonly namespace: string;
  readonly spec: ClaimSpec;
  /** the pre-created PVC, when there is one */
  readonly pvc?: PersistentVolumeClaim;
  readonly set?: StatefulSet;
  readonly template?: ClaimTemplate;
  readonly ordinal?: number;
  readonly outcome: ClaimOutcome;
  readonly volume?: PersistentVolume;
  /** the PV it binds when that PV is on the cluster only (not in the files) */
  readonly clusterVolume?: string;
  /** `live`: the claim is Bound on the cluster already (live mode), to `volume` or `clusterVolume` */
  readonly how?: 'prebound' | 'volumeName' | 'matched' | 'live';
  /** the claim as it exists on the cluster (live mode), whatever its phase */
  readonly live?: LiveClaim;
  /** one line: what will happen */
  readonly reason: string;
  readonly rejected: readonly { volume: PersistentVolume; reason: string }[];
  /** PVs that fit this claim regardless of which claim takes them first (for contention) */
  readonly candidates: readonly PersistentVolume[];
  /** claim is pinned to a volume by volumeName or by a PV's claimRef */
  readonly pinned: boolean;
  /** class the claim gets after admission ("" = none) */
  readonly effectiveClass: string;
  /**
   * that class binds when the claim's pod is scheduled (volumeBindingMode WaitForFirstConsumer): the binder's
   * choice is the same, made later. `reason` says so for a bound claim; outcomes.ts words it per claim.
   * false for a claim Bound on the cluster already.
   */
  readonly waitsForFirstConsumer: boolean;
}

/** What `reason` says of a claim the binder binds, without when it binds. */
export function bindsReason(volume: string, how: 'prebound' | 'volumeName' | 'matched', onClusterOnly: boolean): string {
  const via = how === 'matched' ? 'chosen by the binder' : how === 'prebound' ? 'reserved by its claimRef' : 'named by volumeName';
  return `binds ${volume} (${via}${onClusterOnly ? '; the PV is on the cluster, not in the files' : ''})`;
}

export interface Prediction {
  readonly claims: readonly ClaimPrediction[];
  readonly bySet: ReadonlyMap<StatefulSet, readonly ClaimPrediction[]>;
  readonly byPvc: ReadonlyMap<PersistentVolumeClaim, ClaimPrediction>;
  readonly defaultClass?: StorageClass;
  /** PVs whose claimRef reserves them, by the claim's `namespace/name` */
  readonly reservedFor: ReadonlyMap<string, readonly PersistentVolume[]>;
}

const factsCache = new WeakMap<PersistentVolume, VolumeFacts>();
const factsOwner = new WeakMap<VolumeFacts, PersistentVolume>();

/** The binder's view of a PV; cached with the (immutable) model object. */
export function pvFacts(pv: PersistentVolume): VolumeFacts {
  let f = factsCache.get(pv);
  if (!f) {
    factsCache.set(pv, (f = toFacts(pv)));
    factsOwner.set(f, pv);
  }
  return f;
}

function toFacts(pv: PersistentVolume): VolumeFacts {
  return {
    name: pv.name,
    capacity: pv.capacity,
    accessModes: pv.accessModes,
    storageClassName: pv.storageClassName,
    volumeMode: pv.volumeMode,
    claimRef: pv.claimRef,
    labels: pv.labels,
    phase: pv.phase ?? 'Available',
    deleting: pv.deleting,
  };
}

function claimFacts(name: string, namespace: string, spec: ClaimSpec, effectiveClass: string): ClaimFacts {
  return {
    name, namespace, storageClassName: effectiveClass, accessModes: spec.accessModes ?? [], storage: spec.storage,
    volumeMode: spec.volumeMode, selector: spec.selector, volumeName: spec.volumeName,
  };
}

interface PendingClaim {
  name: string;
  nsName: string;
  namespace: string;
  spec: ClaimSpec;
  pvc?: PersistentVolumeClaim;
  set?: StatefulSet;
  template?: ClaimTemplate;
  ordinal?: number;
}

/** The claims of a set to predict: the first MAX_LISTED_ORDINALS ordinals plus ordinals named by pinned PVs or PVCs. */
export function predictedOrdinals(set: StatefulSet, index: ObjectIndex): number[] {
  const range = ordinalRange(set);
  const out = new Set<number>(ordinals(range, MAX_LISTED_ORDINALS));
  if (range.count > MAX_LISTED_ORDINALS) {
    for (const t of set.claimTemplates) {
      for (const name of index.claimNamesInNamespace(set.namespace)) {
        const o = ordinalOfClaim(name, t.name, set.name);
        if (o !== undefined && inRange(range, o)) out.add(o);
      }
    }
  }
  return [...out].sort((a, b) => a - b);
}

interface ClaimSlot {
  readonly name: string;
  /** `namespace/name`, built once: map lookups then reuse its cached hash */
  readonly nsName: string;
  readonly ordinal: number;
  readonly template: ClaimTemplate;
}

const slotCache = new WeakMap<StatefulSet, readonly ClaimSlot[]>();

/** The claims a set's controller creates, ordinal by ordinal; cached with the set unless it is huge. */
function claimSlots(set: StatefulSet, index: ObjectIndex): readonly ClaimSlot[] {
  const cached = slotCache.get(set);
  if (cached) return cached;
  const slots: ClaimSlot[] = [];
  for (const ordinal of predictedOrdinals(set, index)) {
    for (const template of set.claimTemplates) {
      if (!template.name) continue;
      const name = claimName(template.name, set.name, ordinal);
      slots.push({ name, nsName: `${set.namespace}/${name}`, ordinal, template });
    }
  }
  // Beyond MAX_LISTED_ORDINALS the slots depend on other documents (pinned ordinals): not cached.
  if (ordinalRange(set).count <= MAX_LISTED_ORDINALS) slotCache.set(set, slots);
  return slots;
}

/** Per-set predictions of the last analyses, reused while their inputs are the same objects. */
const setMemo = new WeakMap<StatefulSet, { signature: unknown[]; claims: ClaimPrediction[] }>();
/** Per-claim predictions (by claim spec, then `namespace/name`), reused while their inputs are the same. */
const claimMemo = new WeakMap<ClaimSpec, Map<string, { signature: unknown[]; claim: ClaimPrediction }>>();
/** The PV list of the last prediction over a workspace, by its first PV: equal lists give the same token. */
const poolTokens = new WeakMap<PersistentVolume, { pvs: readonly PersistentVolume[]; token: object }>();
const EMPTY_POOL = {};
/**
 * What the claims queued so far took, as one object per distinct sequence of takes: the token after a
 * claim is interned from the token before it and the volume the claim took. A claim's outcome depends on
 * its own inputs and on what was taken before it, not on which claims took it, so an edit that leaves
 * every take as it was (an image, a label, a set's own field) keeps the tokens of every claim after it.
 * A chain starts at the pool's token (poolToken), so it is dropped with the PVs it took: a module-wide
 * start would keep every first-taken PV (and its document) of the session.
 */
const nextTaken = new WeakMap<object, Map<unknown, object>>();

function takenAfter(before: object, claim: ClaimPrediction): object {
  let next = nextTaken.get(before);
  if (!next) nextTaken.set(before, (next = new Map()));
  const took = claim.volume ?? claim.clusterVolume ?? null;
  let token = next.get(took);
  if (!token) next.set(took, (token = {}));
  return token;
}

/**
 * The unreserved volumes of a prediction, indexed, with the candidates of each kind of claim (they do
 * not depend on what is taken): kept for the next prediction over the same volumes, by the first one.
 */
interface IndexedVolumes {
  readonly facts: readonly VolumeFacts[];
  readonly index: VolumeIndex;
  /** by candidateKey: claims with equal keys fit the same unreserved volumes */
  readonly candidates: Map<string, readonly PersistentVolume[]>;
}
const indexedVolumes = new WeakMap<VolumeFacts, IndexedVolumes>();

/** One object per distinct list of PVs (same objects, same order), so a memo compares one item, not thousands. */
function poolToken(pvs: readonly PersistentVolume[]): object {
  if (pvs.length === 0) return EMPTY_POOL;
  const known = poolTokens.get(pvs[0]);
  if (known && sameItems(known.pvs, pvs)) return known.token;
  const token = {};
  poolTokens.set(pvs[0], { pvs, token });
  return token;
}

/**
 * `profile`: the unit's target cluster. A named default StorageClass is among the index's classes (the
 * Workspace adds it); `none` and `unknown` differ only in what a class-less claim's reason says.
 */
export function predict(index: ObjectIndex, profile: ClusterProfile = DEFAULT_PROFILE): Prediction {
  const defaultClass = index.storageClasses().find((c) => c.isDefault);
  const run = new PredictionRun(index, defaultClass, !defaultClass && profile.defaultStorageClass.kind === 'unknown');
  const { queue, pinnedTo } = run;
  const results: ClaimPrediction[] = [];
  if (!run.isolated()) {
    for (const q of queue) results.push(run.predictOne(q, true));
  } else {
    const bySlot = new Map<PendingClaim, ClaimPrediction>();
    const bySetQueue = new Map<StatefulSet | undefined, PendingClaim[]>();
    for (const q of queue) {
      const list = bySetQueue.get(q.set);
      if (list) list.push(q); else bySetQueue.set(q.set, [q]);
    }
    for (const [set, list] of bySetQueue) {
      if (!set) { for (const q of list) bySlot.set(q, run.predictOne(q, false)); continue; }
      const signature: unknown[] = [defaultClass, index.live];
      for (const q of list) {
        // the class the claim ends up with: with two classes of one name, the default one need not be it
        signature.push(q.pvc, index.storageClass(q.spec.storageClassName ?? defaultClass?.name ?? ''));
        for (const pv of pinnedTo.get(q.nsName) ?? []) signature.push(pv);
      }
      const memo = setMemo.get(set);
      let claims = memo?.claims;
      if (!memo || !sameItems(memo.signature, signature)) {
        claims = list.map((q) => run.predictOne(q, false));
        setMemo.set(set, { signature, claims });
      }
      list.forEach((q, i) => bySlot.set(q, claims![i]));
    }
    // in the binder's queue order, as the sequential path gives them
    for (const q of queue) results.push(bySlot.get(q)!);
  }

  const bySet = new Map<StatefulSet, ClaimPrediction[]>();
  const byPvc = new Map<PersistentVolumeClaim, ClaimPrediction>();
  for (const r of results) {
    if (r.set) { const l = bySet.get(r.set); if (l) l.push(r); else bySet.set(r.set, [r]); }
    if (r.pvc) byPvc.set(r.pvc, r);
  }
  return { claims: results, bySet, byPvc, defaultClass, reservedFor: pinnedTo };
}

/** The binder's queue: pre-created claims first (they exist before the set creates its own), then each set's template claims in ordinal order (OrderedReady creates them one pod at a time). */
function binderQueue(index: ObjectIndex): PendingClaim[] {
  const queue: PendingClaim[] = [];
  const precreated = new Map<string, PendingClaim>();
  for (const pvc of index.claims()) {
    const key = pvc.nsName;
    if (precreated.has(key)) continue; // duplicates are reported by their own rule
    const q: PendingClaim = { name: pvc.name, nsName: pvc.nsName, namespace: pvc.namespace, spec: pvc.spec, pvc };
    precreated.set(key, q);
    queue.push(q);
  }
  for (const set of index.statefulSets()) {
    for (const slot of claimSlots(set, index)) {
      const entry = precreated.get(slot.nsName);
      if (entry) {
        if (!entry.set) { entry.set = set; entry.template = slot.template; entry.ordinal = slot.ordinal; }
        continue;
      }
      queue.push({ name: slot.name, nsName: slot.nsName, namespace: set.namespace, spec: slot.template.spec, set, template: slot.template, ordinal: slot.ordinal });
    }
  }
  return queue;
}

/**
 * One prediction over an index: the volumes taken so far, in queue order. Each claim is matched through
 * the VolumeIndex (volumes reserved for it, then the smallest fitting unreserved one per access-mode
 * group); what a claim's prediction lists of the other volumes (rejected, candidates) is computed when
 * read, against the volumes taken before that claim — most are never read.
 */
class PredictionRun {
  readonly pvs: readonly PersistentVolume[];
  readonly unpinned: readonly PersistentVolume[];
  readonly unpinnedFacts: readonly VolumeFacts[];
  readonly pinnedTo = new Map<string, PersistentVolume[]>();
  readonly queue: PendingClaim[];
  /** when each volume was taken: -1 bound before the prediction, else the queue position of the claim */
  private readonly takenAt = new Map<VolumeFacts, number>();
  private readonly byName = new Map<string, PersistentVolume[]>();
  private volumeIndex: IndexedVolumes | undefined;
  private readonly pool: object;
  private position = 0;
  /** what the claims queued before took, from the pool's token on (memos key on it; see takenAfter) */
  private taken: object;

  constructor(readonly index: ObjectIndex, readonly defaultClass: StorageClass | undefined, readonly defaultUnknown = true) {
    this.pvs = index.volumes();
    const unpinned: PersistentVolume[] = [];
    for (const pv of this.pvs) {
      const named = this.byName.get(pv.name);
      if (named) named.push(pv); else this.byName.set(pv.name, [pv]);
      if (pv.phase === 'Bound') this.takenAt.set(pvFacts(pv), -1);
      // bound on the cluster (live mode): taken before any claim of the files, and no candidate for one
      const boundLive = index.live?.volumeTakenBy(pv.name) !== undefined;
      if (boundLive) this.takenAt.set(pvFacts(pv), -1);
      // reserved on the cluster (a claimRef set there, not Bound yet): only that claim can have it
      const reservedFor = pv.claimRef?.key ?? (boundLive ? undefined : index.live?.volumeReservedFor(pv.name));
      if (!reservedFor) { if (!boundLive) unpinned.push(pv); continue; }
      const list = this.pinnedTo.get(reservedFor);
      if (list) list.push(pv); else this.pinnedTo.set(reservedFor, [pv]);
    }
    this.unpinned = unpinned;
    this.unpinnedFacts = unpinned.map(pvFacts);
    this.queue = binderQueue(index);
    this.pool = poolToken(this.pvs);
    this.taken = this.pool;
  }

  private get volumes(): VolumeIndex {
    return this.indexed().index;
  }

  /** The index of the last prediction over the same unreserved volumes, its searches reset, else a new one. */
  private indexed(): IndexedVolumes {
    if (this.volumeIndex) return this.volumeIndex;
    const facts = this.unpinnedFacts;
    let entry = facts.length > 0 ? indexedVolumes.get(facts[0]) : undefined;
    if (entry && sameItems(entry.facts, facts)) {
      entry.index.reset();
    } else {
      entry = { facts, index: new VolumeIndex(facts), candidates: new Map() };
      if (facts.length > 0) indexedVolumes.set(facts[0], entry);
    }
    return (this.volumeIndex = entry);
  }

  /**
   * When every PV is reserved for one claim (claimRef), claims cannot take each other's volumes, so a
   * set's prediction depends only on the set, its pre-created claims, their PVs and the classes: an edit
   * elsewhere reuses it (this is what makes re-analysis after an edit cheap on large workspaces).
   * Not so when two queued claims have one name (two sets of one name, colliding claim names: the
   * first in queue order wins a volume), when PV names repeat (volumeName may then name a PV reserved
   * for another claim), or when a claim names a volume that is not reserved for it.
   */
  isolated(): boolean {
    return this.unpinned.length === 0 && this.takenAt.size === 0 && !hasRepeats(this.queue, (q) => q.nsName) && this.byName.size === this.pvs.length
      && !this.queue.some((q) => q.spec.volumeName && !(this.pinnedTo.get(q.nsName) ?? []).some((pv) => pv.name === q.spec.volumeName));
  }

  predictOne(q: PendingClaim, memoise: boolean): ClaimPrediction {
    const at = this.position++;
    const effectiveClass = q.spec.storageClassName ?? this.defaultClass?.name ?? '';
    const sc = effectiveClass ? this.index.storageClass(effectiveClass) : undefined;
    if (!memoise) return this.compute(q, at, effectiveClass, sc);
    // The outcome depends on these, on the PVs (one token for the same list) and on what the claims
    // queued before took (one token for the same takes, see takenAfter). The same inputs give back the
    // same prediction object, so an edit neither re-matches the claims whose takes before are unchanged
    // nor re-runs the rules memoised per prediction.
    const signature: unknown[] = [q.pvc, q.set, q.template, q.ordinal, this.defaultClass, sc, this.pool, this.taken, this.index.live];
    let memos = claimMemo.get(q.spec);
    if (!memos) claimMemo.set(q.spec, (memos = new Map()));
    const memo = memos.get(q.nsName);
    let claim: ClaimPrediction;
    if (memo && sameItems(memo.signature, signature)) {
      claim = memo.claim;
      if (claim.volume) this.takenAt.set(pvFacts(claim.volume), at);
    } else {
      claim = this.compute(q, at, effectiveClass, sc);
      memos.set(q.nsName, { signature, claim });
    }
    this.taken = takenAfter(this.taken, claim);
    return claim;
  }

  private isTakenBefore(at: number): (pv: VolumeFacts) => boolean {
    return (pv) => { const t = this.takenAt.get(pv); return t !== undefined && t < at; };
  }

  private compute(q: PendingClaim, at: number, effectiveClass: string, sc?: StorageClass): ClaimPrediction {
    const bound = this.index.live?.boundClaim(q.namespace, q.name);
    if (bound) return this.boundOnCluster(q, at, bound);
    const claim = claimFacts(q.name, q.namespace, q.spec, effectiveClass);
    const mine = this.pinnedTo.get(q.nsName) ?? [];
    const isTaken = this.isTakenBefore(at);
    const outcome = this.match(claim, mine, isTaken);
    const pinned = Boolean(q.spec.volumeName) || mine.length > 0;
    // WaitForFirstConsumer only delays the choice: the scheduler then runs the same match for the pod's node
    // (node affinity is not modelled here), so the prediction is the binder's match, made later.
    const waits = sc?.volumeBindingMode === 'WaitForFirstConsumer';
    const base = new PredictedClaim(q, pinned, effectiveClass, waits, { run: this, facts: claim, mine, isTaken }, this.index.live?.claim(q.namespace, q.name));
    if (outcome.kind === 'bind') {
      this.takenAt.set(outcome.volume, at);
      const volume = factsOwner.get(outcome.volume);
      const reason = `${bindsReason(outcome.volume.name, outcome.how, !volume)}${waits ? ' when its pod is scheduled (WaitForFirstConsumer)' : ''}`;
      return base.settle('bound', reason, volume, outcome.how, volume ? undefined : outcome.volume.name);
    }
    const unbound = unboundOutcome(q, effectiveClass, outcome.reason, this.index, this.defaultClass, this.defaultUnknown);
    return base.settle(unbound.outcome, unbound.reason);
  }

  /** A claim Bound on the cluster already (live mode): the binder has nothing left to decide for it. */
  private boundOnCluster(q: PendingClaim, at: number, live: LiveClaim & { volumeName: string }): ClaimPrediction {
    const volume = this.byName.get(live.volumeName)?.[0];
    // taken by this claim since before the prediction (-1, set when the PV was read as bound there): kept so
    if (volume && !this.takenAt.has(pvFacts(volume))) this.takenAt.set(pvFacts(volume), at);
    const context = { run: this, facts: claimFacts(q.name, q.namespace, q.spec, live.storageClassName), mine: [], isTaken: () => true, settled: true };
    const claim = new PredictedClaim(q, false, live.storageClassName, false, context, live);
    const where = this.index.live!.context;
    return claim.settle('bound', `is Bound to ${live.volumeName} on the cluster (context "${where}")`, volume, 'live', volume ? undefined : live.volumeName);
  }

  /** The volumes the binder looks at for a claim, in its order: reserved for it, named by it, then unreserved. */
  private relevant(claim: ClaimFacts, mine: readonly PersistentVolume[]): VolumeFacts[] {
    const named = claim.volumeName ? this.byName.get(claim.volumeName) ?? [] : [];
    if (named.length === 0) return mine.map(pvFacts).concat(this.unpinnedFacts);
    return [...new Set([...mine, ...named, ...this.unpinned])].map(pvFacts);
  }

  /** syncUnboundClaim, through the index where the claim allows it. */
  private match(claim: ClaimFacts, mine: readonly PersistentVolume[], isTaken: (pv: VolumeFacts) => boolean): BindOutcome {
    if (claim.volumeName) {
      const named = this.byName.get(claim.volumeName) ?? [];
      // only the first volume of that name counts (syncUnboundClaim's find): one reserved for the claim, else the first named
      const first = mine.find((pv) => pv.name === claim.volumeName) ?? named[0];
      // not in the files: the PV on the cluster, if the live mode read one of that name
      const onCluster = first ? undefined : this.index.live?.volumeFacts(claim.volumeName);
      return syncUnboundClaim(claim, first ? [pvFacts(first)] : onCluster ? [onCluster] : [], isTaken);
    }
    // without a request any capacity fits (even none): the binder's plain scan
    if (!claim.storage) return syncUnboundClaim(claim, this.relevant(claim, mine), isTaken);
    if (mine.length === 0) {
      const pv = this.unpinned.length > 0 ? this.volumes.smallest(claim, isTaken) : undefined;
      return pv ? { kind: 'bind', volume: pv, how: 'matched' } : { kind: 'pending', reason: 'no persistent volume matches' };
    }
    const reserved = mine.map(pvFacts).filter((pv) => !isTaken(pv) && !volumeRejection(claim, pv));
    const keys = new Set(this.unpinned.length > 0 ? this.volumes.groupKeys(claim) : []);
    for (const pv of reserved) keys.add(modesKey(pv.accessModes));
    for (const key of [...keys].sort(compareModeKeys)) {
      // in a group, a volume reserved for the claim wins over any other (FindMatchingVolume returns it at once)
      const own = reserved.find((pv) => modesKey(pv.accessModes) === key);
      if (own) return { kind: 'bind', volume: own, how: 'prebound' };
      const pv = this.unpinned.length > 0 ? this.volumes.smallestIn(claim, key, isTaken) : undefined;
      if (pv) return { kind: 'bind', volume: pv, how: 'matched' };
    }
    return { kind: 'pending', reason: 'no persistent volume matches' };
  }

  rejectedFor(claim: ClaimFacts, mine: readonly PersistentVolume[], isTaken: (pv: VolumeFacts) => boolean): ClaimPrediction['rejected'] {
    if (claim.volumeName) return [];
    const outcome = syncUnboundClaim(claim, this.relevant(claim, mine), isTaken);
    return (outcome.rejected ?? []).map((r) => ({ volume: factsOwner.get(r.volume)!, reason: r.reason }));
  }

  candidatesFor(claim: ClaimFacts, mine: readonly PersistentVolume[]): readonly PersistentVolume[] {
    const fits = (pv: VolumeFacts) => !volumeRejection(claim, pv);
    if (claim.volumeName || !claim.storage) return this.relevant(claim, mine).filter(fits).map((f) => factsOwner.get(f)!);
    const own = mine.filter((pv) => fits(pvFacts(pv)));
    if (this.unpinned.length === 0) return own;
    const key = candidateKey(claim);
    const { index, candidates } = this.indexed();
    let shared = candidates.get(key);
    if (!shared) candidates.set(key, (shared = index.candidates(claim).map((f) => factsOwner.get(f)!)));
    return own.length > 0 ? own.concat(shared) : shared;
  }
}

/** What a claim's lists are computed from, when read. */
interface ClaimContext {
  readonly run: PredictionRun;
  readonly facts: ClaimFacts;
  readonly mine: readonly PersistentVolume[];
  readonly isTaken: (pv: VolumeFacts) => boolean;
  /** decided without the binder (Bound on the cluster): no other volume was looked at */
  readonly settled?: boolean;
}

/** A claim's prediction; the lists of other volumes are computed on first read (most are never read). */
class PredictedClaim implements ClaimPrediction {
  readonly name: string;
  readonly namespace: string;
  readonly spec: ClaimSpec;
  readonly pvc?: PersistentVolumeClaim;
  readonly set?: StatefulSet;
  readonly template?: ClaimTemplate;
  readonly ordinal?: number;
  outcome: ClaimOutcome = 'pending';
  volume?: PersistentVolume;
  clusterVolume?: string;
  how?: ClaimPrediction['how'];
  reason = '';
  private rejectedList?: ClaimPrediction['rejected'];
  private candidateList?: readonly PersistentVolume[];

  constructor(
    q: PendingClaim, readonly pinned: boolean, readonly effectiveClass: string, readonly waitsForFirstConsumer: boolean, private readonly context: ClaimContext, readonly live?: LiveClaim,
  ) {
    this.name = q.name; this.namespace = q.namespace; this.spec = q.spec; this.pvc = q.pvc;
    this.set = q.set; this.template = q.template; this.ordinal = q.ordinal;
  }

  settle(outcome: ClaimOutcome, reason: string, volume?: PersistentVolume, how?: PredictedClaim['how'], clusterVolume?: string): this {
    this.outcome = outcome; this.reason = reason; this.volume = volume; this.how = how;
    if (clusterVolume) this.clusterVolume = clusterVolume;
    return this;
  }

  get rejected(): ClaimPrediction['rejected'] {
    const c = this.context;
    return (this.rejectedList ??= c.settled ? [] : c.run.rejectedFor(c.facts, c.mine, c.isTaken));
  }

  /** every volume the binder could give this claim if no other claim took it first (for pv-contended) */
  get candidates(): readonly PersistentVolume[] {
    const c = this.context;
    return (this.candidateList ??= c.settled ? [] : c.run.candidatesFor(c.facts, c.mine));
  }
}

/** What decides which unreserved volumes fit a claim: claims with equal keys have the same candidates. */
function candidateKey(claim: ClaimFacts): string {
  const selector = claim.selector ? JSON.stringify([claim.selector.matchLabels, claim.selector.matchExpressions]) : '';
  return [claim.storageClassName, claim.volumeMode ?? '', modesKey(claim.accessModes), claim.storage!.num, claim.storage!.den, selector].join('\0');
}

function hasRepeats<T>(items: readonly T[], key: (item: T) => string): boolean {
  const seen = new Set<string>();
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) return true;
    seen.add(k);
  }
  return false;
}

const NO_PROVISIONER = 'kubernetes.io/no-provisioner';

/** A class the files do not define: the live state (when read) says whether the cluster has it. */
function classOnCluster(name: string, viaDefault: string, index: ObjectIndex): { outcome: ClaimOutcome; reason: string } {
  const live = index.live;
  if (!live) return { outcome: 'dynamic', reason: `is provisioned dynamically by StorageClass "${name}"${viaDefault} if the cluster has it (no PV matches), else stays Pending` };
  const cls = live.storageClass(name) as { provisioner?: string } | undefined;
  if (!cls) return { outcome: 'pending', reason: `stays Pending: no PV matches and StorageClass "${name}" does not exist on the cluster (context "${live.context}")` };
  if (cls.provisioner === NO_PROVISIONER) return { outcome: 'pending', reason: `stays Pending: no PV matches and StorageClass "${name}" (on the cluster) has no provisioner` };
  return { outcome: 'dynamic', reason: `is provisioned dynamically by StorageClass "${name}"${viaDefault} (provisioner ${cls.provisioner ?? 'unknown'}, on the cluster), as no PV matches` };
}

function unboundOutcome(
  q: PendingClaim, effectiveClass: string, why: string, index: ObjectIndex, defaultClass: StorageClass | undefined, defaultUnknown: boolean,
): { outcome: ClaimOutcome; reason: string } {
  if (q.spec.volumeName) return { outcome: 'pending', reason: `stays Pending: ${why}` };
  if (q.spec.selector) return { outcome: 'pending', reason: 'stays Pending: no PV matches, and a claim with a selector is never provisioned dynamically' };
  if (effectiveClass === '') {
    const classNote = q.spec.storageClassName === undefined && defaultUnknown ? ' (unless the cluster has a default StorageClass, which would provision one)' : '';
    return { outcome: 'pending', reason: `stays Pending: no persistent volumes available for this claim and no storage class is set${classNote}` };
  }
  const sc = index.storageClass(effectiveClass);
  const viaDefault = q.spec.storageClassName === undefined && defaultClass ? ` (the default class)` : '';
  if (sc?.provisioner === NO_PROVISIONER) {
    return { outcome: 'pending', reason: `stays Pending: no PV matches and StorageClass "${sc.name}" has no provisioner` };
  }
  if (sc && sc.src.file === CLUSTER_FILE) {
    return { outcome: 'dynamic', reason: `is provisioned dynamically by the cluster's default StorageClass "${sc.name}", as no PV matches` };
  }
  if (!sc) return classOnCluster(effectiveClass, viaDefault, index);
  return { outcome: 'dynamic', reason: `is provisioned dynamically by StorageClass "${sc.name}"${viaDefault} (provisioner ${sc.provisioner ?? 'unknown'}), as no PV matches` };
}
