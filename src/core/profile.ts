// The target cluster of a deployment unit: the facts a manifest alone does not carry but every verdict
// depends on. One immutable value per unit; rules and the prediction read it instead of constants.
// Sources are merged elsewhere (CLI flags ◄ config file ◄ settings ◄ live snapshot ◄ these defaults);
// this module is only the shape, the defaults and version arithmetic. No I/O here.

/** The cluster's default StorageClass, as far as we know it. */
export type DefaultStorageClass =
  /** not known (the default): a verdict that depends on it states both outcomes and is never an error */
  | { readonly kind: 'unknown' }
  /** the cluster has no default StorageClass: class-less claims bind only class-less PVs */
  | { readonly kind: 'none' }
  /** admission gives class-less claims this class (DefaultStorageClass admission plugin) */
  | {
    readonly kind: 'named';
    readonly name: string;
    readonly provisioner?: string;
    readonly volumeBindingMode?: 'Immediate' | 'WaitForFirstConsumer';
    readonly allowVolumeExpansion?: boolean;
  };

export interface ClusterProfile {
  /** "MAJOR.MINOR", e.g. "1.30" */
  readonly kubernetesVersion: string;
  readonly defaultStorageClass: DefaultStorageClass;
  /** namespace of objects that name none (kubectl's context namespace) */
  readonly namespace?: string;
  /** kube context the unit is applied to */
  readonly context?: string;
}

/** The newest Kubernetes minor whose removals and defaults this tool knows. */
export const NEWEST_KNOWN_VERSION = '1.36'; // the removals table (removals.ts) knows 1.36: portworxVolume's in-tree driver

export const DEFAULT_PROFILE: ClusterProfile = {
  kubernetesVersion: NEWEST_KNOWN_VERSION,
  defaultStorageClass: { kind: 'unknown' },
};

/** "1.30" / "v1.30.2" / "1.30+" → [1, 30]; undefined when it is not a version. */
export function parseMinor(version: string): readonly [number, number] | undefined {
  const m = /^v?(\d{1,3})\.(\d{1,3})(?:[.+-]|$)/.exec(version.trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** a < b → negative, a == b → 0, a > b → positive (minor granularity). Unparsable sorts as newest. */
export function compareMinor(a: string, b: string): number {
  const x = parseMinor(a) ?? [Infinity, 0];
  const y = parseMinor(b) ?? [Infinity, 0];
  return x[0] - y[0] || x[1] - y[1];
}

/** true when `version` is `since` or newer */
export function atLeast(version: string, since: string): boolean {
  return compareMinor(version, since) >= 0;
}
