// Plain stored objects as the facts src/core/binding.ts reasons about.
import { ClaimFacts, VolumeFacts } from '../binding';
import { parseQuantity } from '../quantity';
import { BETA_CLASS_ANNOTATION } from './admission';
import { toSelector } from './validation';
import { Json, KObject } from './types';

const strings = (v: Json): string[] => (Array.isArray(v) ? v.map(String) : []);

/** GetPersistentVolumeClass: beta annotation, else spec.storageClassName, else "". */
export function volumeClass(pv: KObject): string {
  return pv.metadata.annotations?.[BETA_CLASS_ANNOTATION] ?? pv.spec?.storageClassName ?? '';
}

/** GetPersistentVolumeClaimClass: beta annotation, else spec.storageClassName, else "". */
export function claimClass(pvc: KObject): string {
  return pvc.metadata.annotations?.[BETA_CLASS_ANNOTATION] ?? pvc.spec?.storageClassName ?? '';
}

export function volumeFacts(pv: KObject): VolumeFacts {
  const spec: Json = pv.spec ?? {};
  const ref = spec.claimRef;
  const capacity = spec.capacity?.storage;
  return {
    name: pv.metadata.name ?? '',
    capacity: capacity === undefined ? undefined : parseQuantity(String(capacity)),
    accessModes: strings(spec.accessModes),
    storageClassName: volumeClass(pv),
    volumeMode: spec.volumeMode,
    claimRef: ref ? { name: ref.name, namespace: ref.namespace, uid: ref.uid } : undefined,
    labels: pv.metadata.labels ?? {},
    phase: pv.status?.phase ?? 'Pending',
    deleting: Boolean(pv.metadata.deletionTimestamp),
  };
}

export function claimFacts(pvc: KObject): ClaimFacts {
  const spec: Json = pvc.spec ?? {};
  const storage = spec.resources?.requests?.storage;
  return {
    name: pvc.metadata.name ?? '',
    namespace: pvc.metadata.namespace ?? '',
    uid: pvc.metadata.uid,
    storageClassName: claimClass(pvc),
    accessModes: strings(spec.accessModes),
    storage: storage === undefined ? undefined : parseQuantity(String(storage)),
    volumeMode: spec.volumeMode,
    selector: spec.selector ? toSelector(spec.selector) : undefined,
    volumeName: spec.volumeName || undefined,
  };
}
