// Admission plugins that change what is stored. DefaultStorageClass
// (plugin/pkg/admission/storage/storageclass/setdefault/admission.go) gives a new claim the default class
// only when its class is nil — `storageClassName: ""` means "no class" and is left alone.
import { Json, KObject } from './types';

export const DEFAULT_CLASS_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];
export const BETA_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/** The default StorageClass; with several, the newest wins (GetDefaultClass since 1.26), then the name. */
export function defaultStorageClass(classes: readonly KObject[]): KObject | undefined {
  const defaults = classes.filter((c) => DEFAULT_CLASS_ANNOTATIONS.some((a) => c.metadata.annotations?.[a] === 'true'));
  defaults.sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  return defaults[0];
}

/** True when the claim's class is nil: no beta annotation and no spec.storageClassName. */
export function claimClassIsNil(claim: KObject): boolean {
  const spec: Json = claim.spec ?? {};
  return claim.metadata.annotations?.[BETA_CLASS_ANNOTATION] === undefined && (spec.storageClassName === undefined || spec.storageClassName === null);
}

export function admitDefaultStorageClass(claim: KObject, classes: readonly KObject[]): void {
  if (!claimClassIsNil(claim)) return;
  const def = defaultStorageClass(classes);
  if (def) (claim.spec ??= {}).storageClassName = def.metadata.name;
}
