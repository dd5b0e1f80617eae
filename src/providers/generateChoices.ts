// The volume source "Generate PV/PVC files" proposes: the settings, filled in by what the workspace's PVs
// already use, and — winning over both, as for the CLI — `generate:` of the set's nearest
// .statefulset-storage.yaml. Pure (no vscode import), so that a unit test checks it.
import type { VolumeSourceKind } from '../core/generate';
import type { GenerateDefaults } from '../core/service/protocol';
import type { Settings } from './settings';

export type GenerateChoices = Settings['generate'] & {
  /** the kind the PVs of the workspace use */
  readonly detected?: VolumeSourceKind;
  /** the kind the config file names */
  readonly configured?: VolumeSourceKind;
};

export function generateChoices(g: Settings['generate'], found: GenerateDefaults): GenerateChoices {
  const config = found.config ?? {};
  const kind = config.source as VolumeSourceKind | undefined;
  // a parameter of the config belongs to the config's kind: its `path` is not an NFS path for a local disk
  const own = (k: VolumeSourceKind, flag: string) => (kind === k ? config[flag] : undefined);
  const nodes = own('local', 'nodes');
  return {
    ...g,
    nfsServer: own('nfs', 'server') ?? (g.nfsServer || found.nfsServer || ''),
    nfsPath: own('nfs', 'path') ?? g.nfsPath,
    cephClusterID: own('ceph-rbd', 'cluster-id') ?? (g.cephClusterID || found.cephClusterID || ''),
    cephPool: own('ceph-rbd', 'pool') ?? found.cephPool ?? g.cephPool,
    cephImage: own('ceph-rbd', 'image') ?? g.cephImage,
    cephSecretName: own('ceph-rbd', 'secret') ?? g.cephSecretName,
    cephSecretNamespace: own('ceph-rbd', 'secret-namespace') ?? g.cephSecretNamespace,
    localPath: own('local', 'path') ?? g.localPath,
    localNodes: nodes ? nodes.split(',').map((n) => n.trim()).filter(Boolean) : g.localNodes,
    hostPath: own('hostPath', 'path') ?? g.hostPath,
    csiDriver: own('csi', 'driver') ?? g.csiDriver,
    csiHandle: own('csi', 'handle') ?? g.csiHandle,
    ...(kind ? { configured: kind } : found.detected ? { detected: found.detected } : {}),
  };
}
