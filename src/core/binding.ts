// The PV binder's matching rules, as in
//   staging/src/k8s.io/component-helpers/storage/volume/pv_helpers.go (FindMatchingVolume, IsVolumeBoundToClaim,
//     CheckVolumeModeMismatches),
//   pkg/controller/volume/persistentvolume/index.go (findByClaim, allPossibleMatchingAccessModes),
//   pkg/controller/volume/persistentvolume/pv_controller.go (syncUnboundClaim, checkVolumeSatisfyClaim).
// Pure functions over plain facts, shared by the static prediction (prediction.ts) and by the
// in-memory controllers of the simulation and the test API server.
import { LabelSelector, selectorMatches } from './labels';
import { compareQuantities, Quantity } from './quantity';

export interface VolumeFacts {
  readonly name: string;
  readonly capacity?: Quantity;
  readonly accessModes: readonly string[];
  /** effective class; "" = none */
  readonly storageClassName: string;
  readonly volumeMode?: string;
  readonly claimRef?: { readonly name?: string; readonly namespace?: string; readonly uid?: string };
  readonly labels: Readonly<Record<string, string>>;
  /** status.phase; a PV read from a manifest becomes Available once created */
  readonly phase: string;
  readonly deleting: boolean;
}

export interface ClaimFacts {
  readonly name: string;
  readonly namespace: string;
  readonly uid?: string;
  /** effective class after admission; "" = none */
  readonly storageClassName: string;
  readonly accessModes: readonly string[];
  readonly storage?: Quantity;
  readonly volumeMode?: string;
  readonly selector?: LabelSelector;
  readonly volumeName?: string;
}

export function isVolumeBoundToClaim(pv: VolumeFacts, claim: ClaimFacts): boolean {
  const ref = pv.claimRef;
  if (!ref) return false;
  if (ref.name !== claim.name || (ref.namespace ?? '') !== claim.namespace) return false;
  return !ref.uid || !claim.uid || ref.uid === claim.uid;
}

/** Block and Filesystem never bind; nil means Filesystem. */
export function volumeModeMismatch(claim: ClaimFacts, pv: VolumeFacts): boolean {
  return (claim.volumeMode ?? 'Filesystem') !== (pv.volumeMode ?? 'Filesystem');
}

export function containsAllAccessModes(have: readonly string[], want: readonly string[]): boolean {
  return want.every((m) => have.includes(m));
}

function capacityTooSmall(claim: ClaimFacts, pv: VolumeFacts): boolean {
  if (!claim.storage) return false;
  if (!pv.capacity) return true;
  return compareQuantities(pv.capacity, claim.storage) < 0;
}

const show = (s: string) => (s === '' ? '""' : `"${s}"`);
const sizeText = (q?: Quantity) => q?.text ?? 'none';

/**
 * Why FindMatchingVolume (within the claim's access-mode groups) would not pick this PV for the claim,
 * checked in the binder's order; undefined when it is a candidate.
 */
export function volumeRejection(claim: ClaimFacts, pv: VolumeFacts, delayBinding = false): string | undefined {
  if (!containsAllAccessModes(pv.accessModes, claim.accessModes)) {
    return `access modes [${pv.accessModes.join(', ')}] lack ${claim.accessModes.filter((m) => !pv.accessModes.includes(m)).join(', ')}`;
  }
  if (pv.claimRef && !isVolumeBoundToClaim(pv, claim)) {
    return `reserved for claim ${pv.claimRef.namespace ? `${pv.claimRef.namespace}/` : ''}${pv.claimRef.name ?? '?'}`;
  }
  if (capacityTooSmall(claim, pv)) return `capacity ${sizeText(pv.capacity)} < ${sizeText(claim.storage)}`;
  if (volumeModeMismatch(claim, pv)) return `volumeMode ${pv.volumeMode ?? 'Filesystem'} ≠ ${claim.volumeMode ?? 'Filesystem'}`;
  if (pv.deleting) return 'being deleted';
  if (isVolumeBoundToClaim(pv, claim)) return undefined;
  if (delayBinding) return undefined; // the scheduler binds it when the pod is scheduled
  if (pv.phase !== 'Available') return `phase ${pv.phase}, not Available`;
  if (claim.selector && !selectorMatches(claim.selector, pv.labels)) return 'labels do not match the claim\'s selector';
  if (pv.storageClassName !== claim.storageClassName) {
    return `storageClassName ${show(pv.storageClassName)} ≠ ${show(claim.storageClassName)}`;
  }
  return undefined;
}

export interface MatchResult {
  readonly volume?: VolumeFacts;
  /** true when the volume was reserved for the claim (claimRef) */
  readonly prebound: boolean;
  /** every volume not chosen, with the reason */
  readonly rejected: readonly { volume: VolumeFacts; reason: string }[];
}

/** findByClaim: mode groups smallest first; in a group the pre-bound PV, else the smallest that fits. */
export function findBestMatchForClaim(
  claim: ClaimFacts,
  volumes: Iterable<VolumeFacts>,
  isTaken: (pv: VolumeFacts) => boolean = () => false,
  delayBinding = false,
): MatchResult {
  const groups = new Map<string, VolumeFacts[]>();
  const rejected: { volume: VolumeFacts; reason: string }[] = [];
  for (const pv of volumes) {
    const key = [...new Set(pv.accessModes)].sort().join(',');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(pv);
  }
  const order = [...groups.keys()].sort((a, b) => a.split(',').length - b.split(',').length || a.localeCompare(b));
  let chosen: VolumeFacts | undefined;
  let prebound = false;
  for (const key of order) {
    const group = groups.get(key) ?? [];
    let smallest: VolumeFacts | undefined;
    for (const pv of group) {
      const reason = isTaken(pv) ? 'already bound to another claim' : volumeRejection(claim, pv, delayBinding);
      if (reason) continue;
      if (isVolumeBoundToClaim(pv, claim)) { smallest = pv; prebound = true; break; }
      if (delayBinding) continue;
      if (!smallest || (pv.capacity && smallest.capacity && compareQuantities(smallest.capacity, pv.capacity) > 0)) smallest = pv;
    }
    if (smallest) { chosen = smallest; break; }
  }
  for (const [, group] of groups) {
    for (const pv of group) {
      if (pv === chosen) continue;
      const reason = isTaken(pv) ? 'already bound to another claim' : (volumeRejection(claim, pv, delayBinding)
        ?? (delayBinding && !isVolumeBoundToClaim(pv, claim) ? 'left to the scheduler (WaitForFirstConsumer)' : 'a smaller or earlier matching volume was chosen'));
      rejected.push({ volume: pv, reason });
    }
  }
  return { volume: chosen, prebound, rejected };
}

/** checkVolumeSatisfyClaim, used when the claim names its volume (spec.volumeName). */
export function checkVolumeSatisfyClaim(pv: VolumeFacts, claim: ClaimFacts): string | undefined {
  if (pv.deleting) return `the volume is marked for deletion "${pv.name}"`;
  if (capacityTooSmall(claim, pv)) return `requested PV is too small (${sizeText(pv.capacity)} < ${sizeText(claim.storage)})`;
  if (pv.storageClassName !== claim.storageClassName) {
    return `storageClassName does not match (${show(pv.storageClassName)} ≠ ${show(claim.storageClassName)})`;
  }
  if (volumeModeMismatch(claim, pv)) return 'incompatible volumeMode';
  if (!containsAllAccessModes(pv.accessModes, claim.accessModes)) return 'incompatible accessMode';
  return undefined;
}

export type BindOutcome =
  | { readonly kind: 'bind'; readonly volume: VolumeFacts; readonly how: 'prebound' | 'volumeName' | 'matched' }
  | { readonly kind: 'pending'; readonly reason: string; readonly event?: string };

/**
 * syncUnboundClaim for one claim against the current volumes. `isTaken` says whether a volume is already
 * bound to another claim in this prediction (the binder sees that as a claimRef).
 */
export function syncUnboundClaim(
  claim: ClaimFacts,
  volumes: readonly VolumeFacts[],
  isTaken: (pv: VolumeFacts) => boolean,
  delayBinding = false,
): BindOutcome & { rejected?: MatchResult['rejected'] } {
  if (claim.volumeName) {
    const pv = volumes.find((v) => v.name === claim.volumeName);
    if (!pv) return { kind: 'pending', reason: `volume ${claim.volumeName} does not exist` };
    if (!pv.claimRef && !isTaken(pv)) {
      const err = checkVolumeSatisfyClaim(pv, claim);
      if (err) return { kind: 'pending', reason: err, event: `VolumeMismatch: Cannot bind to requested volume "${pv.name}": ${err}` };
      return { kind: 'bind', volume: pv, how: 'volumeName' };
    }
    if (isVolumeBoundToClaim(pv, claim) && !isTaken(pv)) return { kind: 'bind', volume: pv, how: 'prebound' };
    return { kind: 'pending', reason: `volume "${pv.name}" already bound to a different claim`, event: `FailedBinding: volume "${pv.name}" already bound to a different claim.` };
  }
  const match = findBestMatchForClaim(claim, volumes, isTaken, delayBinding);
  if (match.volume) return { kind: 'bind', volume: match.volume, how: match.prebound ? 'prebound' : 'matched', rejected: match.rejected };
  return { kind: 'pending', reason: 'no persistent volume matches', rejected: match.rejected };
}
