// The volume source of `generate`, from its flags, else from `generate:` of the nearest
// .statefulset-storage.yaml (the same names, camelCase). The source kind has no default: an NFS PV on a
// cluster that mounts Ceph would be wrong silently, so the user names the kind, once. A --source other
// than the config's ignores the config's parameters: they belong to its kind.
import { VOLUME_SOURCE_KINDS, VolumeSource, VolumeSourceKind } from '../core/generate';
import { flagString, ParsedArgs, UsageError } from './args';
import { CONFIG_FILE_NAME } from '../core/project/config';
import { GENERATE_KEYS, GenerateConfig } from '../core/project/generateConfig';

export const SOURCE_FLAGS = ['source', 'server', 'path', 'pool', 'cluster-id', 'image', 'secret', 'secret-namespace', 'fs-type', 'nodes', 'driver', 'handle'] as const;

type Value = (name: string) => string | undefined;

function need(value: Value, name: string, why: string): string {
  const v = value(name);
  if (!v) throw new UsageError(`--${name} is required ${why} (or generate.${configKey(name)} in ${CONFIG_FILE_NAME})`);
  return v;
}

const configKey = (flag: string) => Object.keys(GENERATE_KEYS).find((k) => GENERATE_KEYS[k] === flag) ?? flag;

function sourceKind(args: ParsedArgs, defaults: GenerateConfig): VolumeSourceKind {
  const v = flagString(args, 'source') ?? defaults.source;
  if (v === undefined) throw new UsageError(`--source is required: one of ${VOLUME_SOURCE_KINDS.join(', ')} (the kind of storage the new PersistentVolumes point at), or generate.source in ${CONFIG_FILE_NAME}`);
  if (!(VOLUME_SOURCE_KINDS as readonly string[]).includes(v)) throw new UsageError(`--source must be one of ${VOLUME_SOURCE_KINDS.join(', ')} (got "${v}")`);
  return v as VolumeSourceKind;
}

/** `defaults`: the config's `generate:` section (flag name → value). */
export function sourceFromArgs(args: ParsedArgs, defaults: GenerateConfig = {}): VolumeSource {
  const kind = sourceKind(args, defaults);
  const fromConfig = defaults.source === kind ? defaults : {};
  const flagValue: Value = (name) => flagString(args, name) ?? fromConfig[name];
  return sourceOf(kind, flagValue);
}

function sourceOf(kind: VolumeSourceKind, v: Value): VolumeSource {
  switch (kind) {
    case 'nfs':
      return { kind, server: need(v, 'server', 'for --source nfs'), pathPattern: v('path') ?? '/exports/{namespace}/{claim}' };
    case 'ceph-rbd':
      return {
        kind, clusterID: need(v, 'cluster-id', 'for --source ceph-rbd'), pool: v('pool') ?? 'rbd',
        imagePattern: v('image') ?? '{claim}', secretName: v('secret') ?? 'csi-rbd-secret',
        secretNamespace: v('secret-namespace') ?? 'ceph-csi-rbd', fsType: v('fs-type') ?? 'ext4',
      };
    case 'local':
      return { kind, pathPattern: v('path') ?? '/mnt/disks/{claim}', nodes: need(v, 'nodes', 'for --source local (a local volume lives on one node)').split(',').map((n) => n.trim()).filter(Boolean) };
    case 'hostPath':
      return { kind, pathPattern: v('path') ?? '/var/lib/{set}/{claim}' };
    case 'csi':
      return { kind, driver: need(v, 'driver', 'for --source csi'), handlePattern: v('handle') ?? '{claim}', fsType: v('fs-type') };
  }
}
