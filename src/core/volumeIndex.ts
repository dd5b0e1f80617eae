// The PVs reserved for no claim, indexed the way the binder's persistentVolumeOrderedIndex finds them
// (pkg/controller/volume/persistentvolume/index.go: findByClaim over allPossibleMatchingAccessModes,
// each access-mode group searched for the smallest fitting volume). Here the groups are also split by
// class and volumeMode and sorted by capacity, so one claim's match is a binary search plus a skip over
// volumes already taken — not a scan of every PV, which made a pool of N interchangeable PVs cost N² .
// Only volumes that can bind an unreserved claim at all are indexed: Available, not being deleted,
// with a capacity (a claim without a storage request is matched the slow way, see prediction.ts).
import { volumeRejection, ClaimFacts, VolumeFacts } from './binding';
import { selectorMatches } from './labels';
import { compareQuantities, Quantity } from './quantity';

/** `[...new Set(modes)].sort().join(',')`: the binder's access-mode group of a volume. */
export function modesKey(modes: readonly string[]): string {
  if (modes.length === 1) return modes[0];
  return [...new Set(modes)].sort().join(',');
}

/** The order findByClaim searches groups in: fewest modes first (then by name, for a stable order). */
export function compareModeKeys(a: string, b: string): number {
  return a.split(',').length - b.split(',').length || a.localeCompare(b);
}

/** Volumes of one group, smallest capacity first (document order among equals), with a skip list over taken ones. */
class Bucket {
  /** next[i]: an index ≥ i that may be free; taken volumes are linked past (volumes are never freed within a prediction) */
  private readonly next: Int32Array;
  private byLabel: Map<string, Bucket> | undefined;

  constructor(readonly volumes: readonly VolumeFacts[]) {
    this.next = new Int32Array(volumes.length + 1);
    this.reset();
  }

  /** Every volume free again (a new prediction), here and in the label sub-buckets. */
  reset(): void {
    for (let i = 0; i < this.next.length; i++) this.next[i] = i;
    if (this.byLabel) for (const b of this.byLabel.values()) b.reset();
  }

  /** index of the first volume with capacity ≥ q */
  private lowerBound(q: Quantity): number {
    let lo = 0;
    let hi = this.volumes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareQuantities(this.volumes[mid].capacity!, q) < 0) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  private free(i: number, isTaken: (pv: VolumeFacts) => boolean): number {
    let j = i;
    while (j < this.volumes.length && (this.next[j] !== j || isTaken(this.volumes[j]))) {
      if (this.next[j] === j) this.next[j] = j + 1;
      j = this.next[j];
    }
    // path compression: everything passed on the way now points at the free one
    for (let k = i; k < j;) { const n = this.next[k]; this.next[k] = j; k = n; }
    return j;
  }

  /** The smallest free volume of at least `q` that `accept` takes. */
  smallest(q: Quantity, isTaken: (pv: VolumeFacts) => boolean, accept?: (pv: VolumeFacts) => boolean): VolumeFacts | undefined {
    for (let i = this.free(this.lowerBound(q), isTaken); i < this.volumes.length; i = this.free(i + 1, isTaken)) {
      if (!accept || accept(this.volumes[i])) return this.volumes[i];
    }
    return undefined;
  }

  /** Every volume of at least `q` that `accept` takes, taken or not, in capacity order. */
  fitting(q: Quantity, accept?: (pv: VolumeFacts) => boolean): VolumeFacts[] {
    const out: VolumeFacts[] = [];
    for (let i = this.lowerBound(q); i < this.volumes.length; i++) if (!accept || accept(this.volumes[i])) out.push(this.volumes[i]);
    return out;
  }

  /** The sub-bucket of volumes labelled `key=value` (all label pairs indexed on first use). */
  labelled(key: string, value: string): Bucket | undefined {
    if (!this.byLabel) {
      const lists = new Map<string, VolumeFacts[]>();
      for (const pv of this.volumes) {
        for (const k in pv.labels) {
          const pair = `${k}=${pv.labels[k]}`;
          const list = lists.get(pair);
          if (list) list.push(pv); else lists.set(pair, [pv]);
        }
      }
      this.byLabel = new Map();
      for (const [pair, list] of lists) this.byLabel.set(pair, new Bucket(list));
    }
    return this.byLabel.get(`${key}=${value}`);
  }
}

export class VolumeIndex {
  /** `class\0volumeMode` → access-mode group → bucket */
  private readonly groups = new Map<string, Map<string, Bucket>>();
  /** document position of every indexed volume (candidates are listed in document order) */
  private readonly position = new Map<VolumeFacts, number>();

  /** `volumes` in document order, none reserved for a claim */
  constructor(volumes: readonly VolumeFacts[]) {
    const lists = new Map<string, Map<string, VolumeFacts[]>>();
    volumes.forEach((pv, i) => {
      if (pv.phase !== 'Available' || pv.deleting || !pv.capacity || pv.claimRef) return;
      this.position.set(pv, i);
      const outer = `${pv.storageClassName}\0${pv.volumeMode ?? 'Filesystem'}`;
      let byModes = lists.get(outer);
      if (!byModes) lists.set(outer, (byModes = new Map()));
      const key = modesKey(pv.accessModes);
      const list = byModes.get(key);
      if (list) list.push(pv); else byModes.set(key, [pv]);
    });
    for (const [outer, byModes] of lists) {
      const buckets = new Map<string, Bucket>();
      // Array.prototype.sort is stable: equal capacities keep document order, as the binder's scan keeps the first
      for (const [key, list] of byModes) buckets.set(key, new Bucket(list.sort((a, b) => compareQuantities(a.capacity!, b.capacity!))));
      this.groups.set(outer, buckets);
    }
  }

  /**
   * Every volume free again, for another prediction over the same volumes: building the index sorts them
   * all, which an edit that changes no PV need not pay again (see prediction.ts).
   */
  reset(): void {
    for (const buckets of this.groups.values()) for (const b of buckets.values()) b.reset();
  }

  /**
   * bucketsFor's answers by the claim's access-mode list (claims of one template share it), then class and
   * volume mode: building a string key per claim cost more than the search it saves.
   */
  private readonly bucketCache = new WeakMap<readonly string[], Map<string, Map<string | undefined, [string, Bucket][]>>>();

  /** The access-mode groups that can hold a volume for the claim, as `[modes, bucket]`, in the order findByClaim searches them. */
  private bucketsFor(claim: ClaimFacts): [string, Bucket][] {
    let byClass = this.bucketCache.get(claim.accessModes);
    if (!byClass) this.bucketCache.set(claim.accessModes, (byClass = new Map()));
    let byMode = byClass.get(claim.storageClassName);
    if (!byMode) byClass.set(claim.storageClassName, (byMode = new Map()));
    let out = byMode.get(claim.volumeMode);
    if (out) return out;
    out = [];
    for (const [key, bucket] of this.groups.get(`${claim.storageClassName}\0${claim.volumeMode ?? 'Filesystem'}`) ?? []) {
      const have = key.split(',');
      if (claim.accessModes.every((m) => have.includes(m))) out.push([key, bucket]);
    }
    out.sort((a, b) => compareModeKeys(a[0], b[0]));
    byMode.set(claim.volumeMode, out);
    return out;
  }

  /** The groups (by access modes) that hold a volume the claim could bind, in search order; shared, not to be changed. */
  groupKeys(claim: ClaimFacts): readonly string[] {
    const buckets = this.bucketsFor(claim);
    return buckets.map(([k]) => k);
  }

  /** The smallest free unreserved volume that binds the claim, searching the groups in findByClaim's order. */
  smallest(claim: ClaimFacts, isTaken: (pv: VolumeFacts) => boolean): VolumeFacts | undefined {
    for (const [key] of this.bucketsFor(claim)) {
      const pv = this.smallestIn(claim, key, isTaken);
      if (pv) return pv;
    }
    return undefined;
  }

  /**
   * The smallest free volume of one access-mode group that binds the claim (storage request required),
   * as FindMatchingVolume picks among unreserved volumes.
   */
  smallestIn(claim: ClaimFacts, key: string, isTaken: (pv: VolumeFacts) => boolean): VolumeFacts | undefined {
    const bucket = this.groups.get(`${claim.storageClassName}\0${claim.volumeMode ?? 'Filesystem'}`)?.get(key);
    if (!bucket || !claim.storage) return undefined;
    const narrowed = narrow(bucket, claim);
    if (!narrowed) return undefined;
    const accept = claim.selector ? (pv: VolumeFacts) => selectorMatches(claim.selector!, pv.labels) : undefined;
    return narrowed.smallest(claim.storage, isTaken, accept);
  }

  /** Every indexed volume that fits the claim whoever takes it first, in document order. */
  candidates(claim: ClaimFacts): VolumeFacts[] {
    if (!claim.storage) return [];
    const out: VolumeFacts[] = [];
    const accept = (pv: VolumeFacts) => !volumeRejection(claim, pv);
    for (const [, bucket] of this.bucketsFor(claim)) {
      const narrowed = narrow(bucket, claim);
      if (narrowed) out.push(...narrowed.fitting(claim.storage, accept));
    }
    return out.sort((a, b) => this.position.get(a)! - this.position.get(b)!);
  }
}

/** With a selector's matchLabels, only volumes carrying its first pair need to be looked at. */
function narrow(bucket: Bucket, claim: ClaimFacts): Bucket | undefined {
  const labels = claim.selector?.matchLabels;
  if (labels) for (const k in labels) return bucket.labelled(k, labels[k]);
  return bucket;
}
