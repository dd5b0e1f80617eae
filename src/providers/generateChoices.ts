// The volume source "Generate PV/PVC files" proposes: the settings, filled in by what the workspace's PVs
// already use, and — winning over both, as for the CLI — `generate:` of the set's nearest
// .statefulset-storage.yaml; and the source built from them (both from the table of
// core/project/generateParameters.ts, as the CLI). Pure (no vscode import), so that a unit test checks it.
import type { VolumeSource, VolumeSourceKind } from '../core/generate';
import type { GenerateDefaults } from '../core/service/protocol';
import { settingsFromConfig, SourceParameter, volumeSourceOf } from '../core/project/generateParameters';
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
  return {
    ...g,
    nfsServer: g.nfsServer || found.nfsServer || '',
    cephClusterID: g.cephClusterID || found.cephClusterID || '',
    cephPool: found.cephPool ?? g.cephPool,
    // a parameter of the config belongs to the config's kind: its `path` is not an NFS path for a local disk
    ...(kind ? settingsFromConfig(kind, config) : {}),
    ...(kind ? { configured: kind } : found.detected ? { detected: found.detected } : {}),
  };
}

/** The source a generation uses without asking, when every parameter it needs has a value (else '': the editor asks). */
export function sourceFromSettings(kind: VolumeSourceKind, g: Settings['generate']): VolumeSource {
  const value = (p: SourceParameter) => {
    // a parameter without an editor setting comes from the config only (settingsFromConfig keys it by flag)
    const v = (g as unknown as Readonly<Record<string, string | readonly string[]>>)[p.setting ?? p.flag];
    return Array.isArray(v) ? v.join(',') : v as string | undefined;
  };
  return volumeSourceOf(kind, value, () => '');
}
