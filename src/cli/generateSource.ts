// The volume source of `generate`, from its flags. --source has no default: an NFS PV on a cluster that
// mounts Ceph would be wrong silently, so the user names the kind.
import { VOLUME_SOURCE_KINDS, VolumeSource, VolumeSourceKind } from '../core/generate';
import { flagString, ParsedArgs, UsageError } from './args';

export const SOURCE_FLAGS = ['source', 'server', 'path', 'pool', 'cluster-id', 'image', 'secret', 'secret-namespace', 'fs-type', 'nodes', 'driver', 'handle'] as const;

function need(args: ParsedArgs, name: string, why: string): string {
  const v = flagString(args, name);
  if (!v) throw new UsageError(`--${name} is required ${why}`);
  return v;
}

function sourceKind(args: ParsedArgs): VolumeSourceKind {
  const v = flagString(args, 'source');
  if (v === undefined) throw new UsageError(`--source is required: one of ${VOLUME_SOURCE_KINDS.join(', ')} (the kind of storage the new PersistentVolumes point at)`);
  if (!(VOLUME_SOURCE_KINDS as readonly string[]).includes(v)) throw new UsageError(`--source must be one of ${VOLUME_SOURCE_KINDS.join(', ')} (got "${v}")`);
  return v as VolumeSourceKind;
}

export function sourceFromArgs(args: ParsedArgs): VolumeSource {
  const kind = sourceKind(args);
  switch (kind) {
    case 'nfs':
      return { kind, server: need(args, 'server', 'for --source nfs'), pathPattern: flagString(args, 'path') ?? '/exports/{namespace}/{claim}' };
    case 'ceph-rbd':
      return {
        kind, clusterID: need(args, 'cluster-id', 'for --source ceph-rbd'), pool: flagString(args, 'pool') ?? 'rbd',
        imagePattern: flagString(args, 'image') ?? '{claim}', secretName: flagString(args, 'secret') ?? 'csi-rbd-secret',
        secretNamespace: flagString(args, 'secret-namespace') ?? 'ceph-csi-rbd', fsType: flagString(args, 'fs-type') ?? 'ext4',
      };
    case 'local':
      return { kind, pathPattern: flagString(args, 'path') ?? '/mnt/disks/{claim}', nodes: need(args, 'nodes', 'for --source local (a local volume lives on one node)').split(',').map((n) => n.trim()).filter(Boolean) };
    case 'hostPath':
      return { kind, pathPattern: flagString(args, 'path') ?? '/var/lib/{set}/{claim}' };
    case 'csi':
      return { kind, driver: need(args, 'driver', 'for --source csi'), handlePattern: flagString(args, 'handle') ?? '{claim}', fsType: flagString(args, 'fs-type') };
  }
}
