// Typed access to the `statefulsetStorage.*` settings (declared in package.json).
import * as vscode from 'vscode';
import type { VolumeSourceKind } from '../core/generate';
import type { ProfileOverrides } from '../core/project/config';
import { parseMinor } from '../core/profile';
import { GuardSetting, guardValue } from './guardSettings';

export const SECTION = 'statefulsetStorage';

export interface Settings {
  readonly exclude: readonly string[];
  readonly defaultNamespace: string;
  readonly debounceMs: number;
  readonly maxFiles: number;
  readonly maxFileSizeMB: number;
  /** the target cluster where no .statefulset-storage.yaml says otherwise */
  readonly cluster: ProfileOverrides;
  /** render kustomizations with kubectl kustomize (trusted workspaces only) */
  readonly kustomizeRender: boolean;
  /** the kubectl that renders them (a name on PATH or a path) */
  readonly kubectlPath: string;
  readonly generate: {
    readonly source: VolumeSourceKind;
    readonly layout: 'per-ordinal' | 'single';
    readonly nfsServer: string;
    readonly nfsPath: string;
    readonly cephClusterID: string;
    readonly cephPool: string;
    readonly cephImage: string;
    readonly cephSecretName: string;
    readonly cephSecretNamespace: string;
    readonly localPath: string;
    readonly localNodes: readonly string[];
    readonly hostPath: string;
    readonly csiDriver: string;
    readonly csiHandle: string;
  };
}

export function readSettings(scope?: vscode.Uri): Settings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const get = <T>(key: string, fallback: T): T => c.get<T>(key, fallback);
  return {
    exclude: get('exclude', ['**/node_modules/**', '**/.git/**', '**/charts/**/templates/**']),
    defaultNamespace: get('defaultNamespace', 'default') || 'default',
    debounceMs: Math.max(0, get('debounceMs', 300)),
    maxFiles: Math.max(1, get('maxFiles', 5000)),
    maxFileSizeMB: Math.max(1, get('maxFileSizeMB', 10)),
    cluster: clusterSettings(get('cluster.kubernetesVersion', ''), get('cluster.defaultStorageClass', '')),
    kustomizeRender: get('kustomize.render', true),
    // names a program the editor runs: a repository's settings must not choose it
    kubectlPath: readGuardSetting<string>('kubectlPath', 'kubectl'),
    generate: {
      source: get('generate.source', 'nfs'),
      layout: get('generate.layout', 'per-ordinal'),
      nfsServer: get('generate.nfs.server', ''),
      nfsPath: get('generate.nfs.path', '/exports/{namespace}/{claim}'),
      cephClusterID: get('generate.cephRbd.clusterID', ''),
      cephPool: get('generate.cephRbd.pool', 'rbd'),
      cephImage: get('generate.cephRbd.image', '{claim}'),
      cephSecretName: get('generate.cephRbd.secretName', 'csi-rbd-secret'),
      cephSecretNamespace: get('generate.cephRbd.secretNamespace', 'ceph-csi-rbd'),
      localPath: get('generate.local.path', '/mnt/disks/{claim}'),
      localNodes: get('generate.local.nodes', []),
      hostPath: get('generate.hostPath.path', '/var/lib/{set}/{claim}'),
      csiDriver: get('generate.csi.driver', ''),
      csiHandle: get('generate.csi.handle', '{claim}'),
    },
  };
}

/** Empty settings say nothing (config files and defaults apply); a version that is no version is ignored. */
function clusterSettings(version: string, defaultClass: string): ProfileOverrides {
  const minor = parseMinor(version);
  const cls = defaultClass.trim();
  return {
    ...(minor ? { kubernetesVersion: `${minor[0]}.${minor[1]}` } : {}),
    ...(cls ? { defaultStorageClass: cls === 'unknown' ? { kind: 'unknown' } : cls === 'none' ? { kind: 'none' } : { kind: 'named', name: cls } } : {}),
  } as ProfileOverrides;
}

/** A setting that guards a cluster or this machine, as the user set it: a workspace's value is ignored. */
export function readGuardSetting<T>(key: GuardSetting, fallback: T): T {
  return guardValue(vscode.workspace.getConfiguration(SECTION).inspect<T>(key), fallback);
}
