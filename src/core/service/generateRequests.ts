// What "Generate PV/PVC files" asks the engine: defaults from the PVs already in the workspace (the
// NFS server or Ceph pool/cluster the author uses), and the generation itself for a set.
import type { Analysis } from '../analysis';
import { generateVolumes, type GenerateOptions, type GenerateResult } from '../generate';
import { mapField, stringField, stringMap } from '../yamlRead';
import type { GenerateDefaults, SetRef } from './protocol';
import { findSet } from './sets';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function generateDefaults(analysis: Analysis): GenerateDefaults {
  const out: Mutable<GenerateDefaults> = {};
  for (const pv of analysis.index.volumes()) {
    const doc = pv.src.yaml;
    const spec = mapField(doc, pv.root, 'spec');
    if (pv.source?.plugin === 'nfs') {
      out.nfsServer ||= stringField(doc, mapField(doc, spec, 'nfs'), 'server') ?? '';
      out.detected ??= 'nfs';
    } else if (pv.source?.plugin === 'csi') {
      const csi = mapField(doc, spec, 'csi');
      if (stringField(doc, csi, 'driver') === 'rbd.csi.ceph.com') {
        const attrs = stringMap(doc, mapField(doc, csi, 'volumeAttributes'));
        out.cephClusterID ||= attrs.clusterID ?? '';
        if (attrs.pool !== undefined) out.cephPool = attrs.pool;
        out.detected ??= 'ceph-rbd';
      }
    } else if (pv.source?.plugin === 'rbd') {
      const pool = stringField(doc, mapField(doc, spec, 'rbd'), 'pool');
      if (pool !== undefined) out.cephPool = pool;
      out.detected ??= 'ceph-rbd';
    }
  }
  return out;
}

/** A file URI (or path) in a folder URI (or path), as vscode.Uri.joinPath spells it. */
export function joinUri(dir: string, name: string): string {
  return `${dir.replace(/\/+$/, '')}/${name.replace(/^\/+/, '')}`;
}

export class SetGone extends Error {}

export function generateFor(analysis: Analysis, ref: SetRef, options: GenerateOptions): GenerateResult {
  const set = findSet(analysis, ref);
  if (!set) throw new SetGone(`StatefulSet ${ref.name} is not in the workspace (any more).`);
  return generateVolumes(analysis, set, options, joinUri);
}
