// The parameters of each volume source kind, in one table: the CLI flag (and, in camelCase, the
// `generate:` key of .statefulset-storage.yaml) that sets it, the VolumeSource field it fills, its default,
// whether `generate` needs it, and the editor setting that proposes it. The CLI (flags ◄ config ◄
// defaults) and the editor (config ◄ settings ◄ what the workspace's PVs use) both read it, so a new
// parameter is added here once.
import type { VolumeSource, VolumeSourceKind } from '../generate';
import type { GenerateConfig } from './generateConfig';

export interface SourceParameter {
  /** the CLI flag; `generate:` spells it in camelCase (GENERATE_KEYS) */
  readonly flag: string;
  /** the VolumeSource field it fills */
  readonly field: string;
  readonly fallback?: string;
  /** generation needs a value; `why` says why when it is not obvious */
  readonly required?: { readonly why?: string };
  /** a comma-separated list (`nodes`) */
  readonly list?: boolean;
  /** the key of the editor's generate settings that proposes it (statefulsetStorage.generate.*) */
  readonly setting?: string;
}

export const SOURCE_PARAMETERS: Readonly<Record<VolumeSourceKind, readonly SourceParameter[]>> = {
  nfs: [
    { flag: 'server', field: 'server', required: {}, setting: 'nfsServer' },
    { flag: 'path', field: 'pathPattern', fallback: '/exports/{namespace}/{claim}', setting: 'nfsPath' },
  ],
  'ceph-rbd': [
    { flag: 'cluster-id', field: 'clusterID', required: {}, setting: 'cephClusterID' },
    { flag: 'pool', field: 'pool', fallback: 'rbd', setting: 'cephPool' },
    { flag: 'image', field: 'imagePattern', fallback: '{claim}', setting: 'cephImage' },
    { flag: 'secret', field: 'secretName', fallback: 'csi-rbd-secret', setting: 'cephSecretName' },
    { flag: 'secret-namespace', field: 'secretNamespace', fallback: 'ceph-csi-rbd', setting: 'cephSecretNamespace' },
    { flag: 'fs-type', field: 'fsType', fallback: 'ext4' },
  ],
  local: [
    { flag: 'path', field: 'pathPattern', fallback: '/mnt/disks/{claim}', setting: 'localPath' },
    { flag: 'nodes', field: 'nodes', required: { why: 'a local volume lives on one node' }, list: true, setting: 'localNodes' },
  ],
  hostPath: [
    { flag: 'path', field: 'pathPattern', fallback: '/var/lib/{set}/{claim}', setting: 'hostPath' },
  ],
  csi: [
    { flag: 'driver', field: 'driver', required: {}, setting: 'csiDriver' },
    { flag: 'handle', field: 'handlePattern', fallback: '{claim}', setting: 'csiHandle' },
    { flag: 'fs-type', field: 'fsType' },
  ],
};

export const splitList = (value: string): string[] => value.split(',').map((n) => n.trim()).filter(Boolean);

/**
 * The source of `kind` from `value` (a parameter's value, or undefined for its default). A required
 * parameter without a value gets what `missing` answers (the CLI throws; the editor asks with '').
 */
export function volumeSourceOf(kind: VolumeSourceKind, value: (p: SourceParameter) => string | undefined, missing: (p: SourceParameter) => string): VolumeSource {
  const source: Record<string, unknown> = { kind };
  for (const p of SOURCE_PARAMETERS[kind]) {
    let v = value(p) ?? p.fallback;
    if (p.required && !v) v = missing(p);
    if (v !== undefined) source[p.field] = p.list ? splitList(v) : v;
  }
  return source as unknown as VolumeSource;
}

/**
 * The editor settings that `generate:` of a config for `kind` sets (setting key → value; a parameter
 * without a setting, such as fs-type, under its flag); its other kinds' parameters are not its.
 */
export function settingsFromConfig(kind: VolumeSourceKind, config: GenerateConfig): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const p of SOURCE_PARAMETERS[kind]) {
    const v = config[p.flag];
    if (v) out[p.setting ?? p.flag] = p.list ? splitList(v) : v;
  }
  return out;
}
