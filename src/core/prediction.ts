// Predicts, for every claim the analysed files lead to (pre-created PVCs and the template claims of each
// StatefulSet ordinal), which PersistentVolume the binder will bind, or why none.
import { ClaimFacts, syncUnboundClaim, VolumeFacts, volumeRejection } from './binding';
import { ClaimSpec, ClaimTemplate, PersistentVolume, PersistentVolumeClaim, StatefulSet, StorageClass } from './model';
import { claimName, inRange, ordinalOfClaim, ordinalRange, ordinals } from './names';
import type { ObjectIndex } from './objectIndex';

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
  readonly how?: 'prebound' | 'volumeName' | 'matched';
  /** one line: what will happen */
  readonly reason: string;
  readonly rejected: readonly { volume: PersistentVolume; reason: string }[];
  /** PVs that fit this claim regardless of which claim takes them first (for contention) */
  readonly candidates: readonly PersistentVolume[];
  /** claim is pinned to a volume by volumeName or by a PV's claimRef */
  readonly pinned: boolean;
  /** class the claim gets after admission ("" = none) */
  readonly effectiveClass: string;
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

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function predict(index: ObjectIndex): Prediction {
  const defaultClass = index.storageClasses().find((c) => c.isDefault);
  const pvs = index.volumes();
  const byFacts = factsOwner;
  const unpinned = pvs.filter((pv) => !pv.claimRef);
  const pinnedTo = new Map<string, PersistentVolume[]>();
  for (const pv of pvs) {
    if (!pv.claimRef) continue;
    const list = pinnedTo.get(pv.claimRef.key);
    if (list) list.push(pv); else pinnedTo.set(pv.claimRef.key, [pv]);
  }

  // Order: pre-created claims first (they exist before the set creates its own), then each set's
  // template claims in ordinal order (OrderedReady creates them one pod at a time).
  const queue: PendingClaim[] = [];
  const precreated = new Map<string, PersistentVolumeClaim>();
  for (const pvc of index.claims()) {
    const key = pvc.nsName;
    if (precreated.has(key)) continue; // duplicates are reported by their own rule
    precreated.set(key, pvc);
    queue.push({ name: pvc.name, nsName: pvc.nsName, namespace: pvc.namespace, spec: pvc.spec, pvc });
  }
  const queued = new Map<PersistentVolumeClaim, PendingClaim>(queue.map((q) => [q.pvc!, q]));
  for (const set of index.statefulSets()) {
    for (const slot of claimSlots(set, index)) {
      const pvc = precreated.get(slot.nsName);
      if (pvc) {
        const entry = queued.get(pvc);
        if (entry && !entry.set) { entry.set = set; entry.template = slot.template; entry.ordinal = slot.ordinal; }
        continue;
      }
      queue.push({ name: slot.name, nsName: slot.nsName, namespace: set.namespace, spec: slot.template.spec, set, template: slot.template, ordinal: slot.ordinal });
    }
  }

  const taken = new Set<VolumeFacts>();
  for (const pv of pvs) if (pv.phase === 'Bound') taken.add(pvFacts(pv));
  const results: ClaimPrediction[] = [];
  const predictOne = (q: PendingClaim, memoise: boolean): ClaimPrediction => {
    const effectiveClass = q.spec.storageClassName ?? defaultClass?.name ?? '';
    const mine = pinnedTo.get(q.nsName) ?? [];
    const named = q.spec.volumeName ? pvs.filter((pv) => pv.name === q.spec.volumeName) : [];
    // mine (claimRef set) and unpinned (claimRef unset) never overlap; named may be in either
    const volumes = named.length > 0 ? [...new Set([...mine, ...named, ...unpinned])] : mine.length > 0 ? mine.concat(unpinned) : unpinned;
    const relevant = volumes.map((pv) => pvFacts(pv));
    const sc = effectiveClass ? index.storageClass(effectiveClass) : undefined;
    if (!memoise) return computeOne(q, effectiveClass, mine, relevant, sc);
    // The outcome depends on these and nothing else: the same inputs give back the same prediction object,
    // so an edit elsewhere in a workspace with unpinned PVs neither re-matches this claim nor re-runs
    // the rules memoised per prediction. (The isolated path below memoises whole sets instead: a cold
    // analysis then does not pay for a memo per claim.)
    const signature: unknown[] = [q.pvc, q.set, q.template, q.ordinal, defaultClass, sc, ...named];
    for (const pv of relevant) signature.push(pv, taken.has(pv));
    let memos = claimMemo.get(q.spec);
    if (!memos) claimMemo.set(q.spec, (memos = new Map()));
    const memo = memos.get(q.nsName);
    if (memo && sameItems(memo.signature, signature)) {
      if (memo.claim.volume) taken.add(pvFacts(memo.claim.volume));
      return memo.claim;
    }
    const claim = computeOne(q, effectiveClass, mine, relevant, sc);
    memos.set(q.nsName, { signature, claim });
    return claim;
  };
  const computeOne = (q: PendingClaim, effectiveClass: string, mine: readonly PersistentVolume[], relevant: VolumeFacts[], sc?: StorageClass): ClaimPrediction => {
    const claim = claimFacts(q.name, q.namespace, q.spec, effectiveClass);
    const delay = sc?.volumeBindingMode === 'WaitForFirstConsumer';
    // WaitForFirstConsumer only delays the choice: the scheduler then runs the same match for the pod's node
    // (node affinity is not modelled here), so the prediction is the binder's match, made later.
    const outcome = syncUnboundClaim(claim, relevant, (pv) => taken.has(pv));
    // every volume the binder could give this claim if no other claim took it first (for pv-contended)
    const candidates = relevant.filter((pv) => !volumeRejection(claim, pv)).map((f) => byFacts.get(f)!);
    const rejected = (outcome.rejected ?? []).map((r) => ({ volume: byFacts.get(r.volume)!, reason: r.reason }));
    const pinned = Boolean(q.spec.volumeName) || mine.length > 0;
    const base = { name: q.name, namespace: q.namespace, spec: q.spec, pvc: q.pvc, set: q.set, template: q.template, ordinal: q.ordinal, rejected, candidates, pinned, effectiveClass };
    if (outcome.kind === 'bind') {
      taken.add(outcome.volume);
      const volume = byFacts.get(outcome.volume)!;
      const when = delay ? ' when its pod is scheduled (WaitForFirstConsumer)' : '';
      const via = outcome.how === 'matched' ? 'chosen by the binder' : outcome.how === 'prebound' ? 'reserved by its claimRef' : 'named by volumeName';
      return { ...base, outcome: 'bound', volume, how: outcome.how, reason: `binds ${volume.name} (${via})${when}` };
    }
    return { ...base, ...unboundOutcome(q, effectiveClass, outcome.reason, index, defaultClass) };
  };

  // When every PV is reserved for one claim (claimRef), claims cannot take each other's volumes, so a
  // set's prediction depends only on the set, its pre-created claims, their PVs and the classes: an edit
  // elsewhere reuses it (this is what makes re-analysis after an edit cheap on large workspaces).
  // Not so when two queued claims have one name (two sets of one name, colliding claim names: the
  // first in queue order wins a volume), when PV names repeat (volumeName may then name a PV reserved
  // for another claim), or when a claim names a volume that is not reserved for it.
  const isolated = unpinned.length === 0 && taken.size === 0 && !hasRepeats(queue, (q) => q.nsName) && !hasRepeats(pvs, (pv) => pv.name)
    && !queue.some((q) => q.spec.volumeName && !(pinnedTo.get(q.nsName) ?? []).some((pv) => pv.name === q.spec.volumeName));
  if (!isolated) {
    for (const q of queue) results.push(predictOne(q, true));
  } else {
    const bySlot = new Map<PendingClaim, ClaimPrediction>();
    const bySetQueue = new Map<StatefulSet | undefined, PendingClaim[]>();
    for (const q of queue) {
      const list = bySetQueue.get(q.set);
      if (list) list.push(q); else bySetQueue.set(q.set, [q]);
    }
    for (const [set, list] of bySetQueue) {
      if (!set) { for (const q of list) bySlot.set(q, predictOne(q, false)); continue; }
      const signature: unknown[] = [defaultClass];
      for (const q of list) {
        // the class the claim ends up with: with two classes of one name, the default one need not be it
        signature.push(q.pvc, index.storageClass(q.spec.storageClassName ?? defaultClass?.name ?? ''));
        for (const pv of pinnedTo.get(q.nsName) ?? []) signature.push(pv);
      }
      const memo = setMemo.get(set);
      let claims = memo?.claims;
      if (!memo || !sameItems(memo.signature, signature)) {
        claims = list.map((q) => predictOne(q, false));
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

function hasRepeats<T>(items: readonly T[], key: (item: T) => string): boolean {
  const seen = new Set<string>();
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) return true;
    seen.add(k);
  }
  return false;
}

function unboundOutcome(q: PendingClaim, effectiveClass: string, why: string, index: ObjectIndex, defaultClass?: StorageClass): { outcome: ClaimOutcome; reason: string } {
  if (q.spec.volumeName) return { outcome: 'pending', reason: `stays Pending: ${why}` };
  if (q.spec.selector) return { outcome: 'pending', reason: 'stays Pending: no PV matches, and a claim with a selector is never provisioned dynamically' };
  if (effectiveClass === '') {
    const classNote = q.spec.storageClassName === undefined ? ' (unless the cluster has a default StorageClass, which would provision one)' : '';
    return { outcome: 'pending', reason: `stays Pending: no persistent volumes available for this claim and no storage class is set${classNote}` };
  }
  const sc = index.storageClass(effectiveClass);
  const viaDefault = q.spec.storageClassName === undefined && defaultClass ? ` (the default class)` : '';
  if (!sc) return { outcome: 'dynamic', reason: `is provisioned dynamically by StorageClass "${effectiveClass}"${viaDefault} if the cluster has it (no PV matches), else stays Pending` };
  if (sc.provisioner === 'kubernetes.io/no-provisioner') {
    return { outcome: 'pending', reason: `stays Pending: no PV matches and StorageClass "${sc.name}" has no provisioner` };
  }
  return { outcome: 'dynamic', reason: `is provisioned dynamically by StorageClass "${sc.name}"${viaDefault} (provisioner ${sc.provisioner ?? 'unknown'}), as no PV matches` };
}
