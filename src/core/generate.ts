// "Generate PV/PVC files": for the ordinals of a StatefulSet, a PersistentVolume and a claim per claim
// template, pinned to each other both ways (PV.spec.claimRef ↔ PVC.spec.volumeName) so no binder
// decision is left, with storageClassName "" so no default StorageClass captures the claim.
import { stringify } from 'yaml';
import { Analysis } from './analysis';
import { Fix, FileCreate, insertEntry, TextEdit } from './edits';
import { ClaimTemplate, StatefulSet } from './model';
import { claimName, ordinalRange, ordinals } from './names';
import { MAX_LISTED_ORDINALS } from './prediction';
import { asMap, mapField, seqField } from './yamlRead';

export type VolumeSourceKind = 'nfs' | 'ceph-rbd' | 'local' | 'hostPath' | 'csi';
export const VOLUME_SOURCE_KINDS: readonly VolumeSourceKind[] = ['nfs', 'ceph-rbd', 'local', 'hostPath', 'csi'];

/** Patterns may use {set}, {namespace}, {template}, {ordinal}, {claim}. */
export type VolumeSource =
  | { kind: 'nfs'; server: string; pathPattern: string }
  | { kind: 'ceph-rbd'; clusterID: string; pool: string; imagePattern: string; secretName: string; secretNamespace: string; fsType: string }
  | { kind: 'local'; pathPattern: string; nodes: readonly string[] }
  | { kind: 'hostPath'; pathPattern: string }
  | { kind: 'csi'; driver: string; handlePattern: string; fsType?: string };

export interface GenerateOptions {
  readonly source: VolumeSource;
  /** 'missing': only ordinals whose claim is neither pre-created nor reserved by a PV */
  readonly ordinals: 'all' | 'missing';
  /** one file per ordinal, or one multi-document file */
  readonly layout: 'per-ordinal' | 'single';
  /** directory (same path style as the set's file) for the new files */
  readonly directory: string;
  readonly reclaimPolicy?: 'Retain' | 'Delete';
}

export interface GeneratedVolume {
  readonly ordinal: number;
  readonly template: string;
  readonly claim: string;
  readonly volume: string;
}

export interface GenerateResult extends Fix {
  readonly volumes: readonly GeneratedVolume[];
}

export const LABEL_SET = 'statefulset-storage/set';
export const LABEL_ORDINAL = 'statefulset-storage/ordinal';
export const LABEL_TEMPLATE = 'statefulset-storage/template';

export function fillPattern(pattern: string, v: { set: string; namespace: string; template: string; ordinal: number; claim: string }): string {
  return pattern.replace(/\{(set|namespace|template|ordinal|claim)\}/g, (_, k: keyof typeof v) => String(v[k]));
}

export function volumeNameFor(claim: string): string {
  return `${claim}-pv`;
}

function sourceSpec(source: VolumeSource, vars: Parameters<typeof fillPattern>[1], ordinalIndex: number): Record<string, unknown> {
  switch (source.kind) {
    case 'nfs':
      return { nfs: { server: source.server, path: fillPattern(source.pathPattern, vars) } };
    case 'ceph-rbd':
      return {
        csi: {
          driver: 'rbd.csi.ceph.com',
          fsType: source.fsType,
          volumeHandle: fillPattern(source.imagePattern, vars),
          volumeAttributes: { clusterID: source.clusterID, pool: source.pool, staticVolume: 'true', imageFeatures: 'layering' },
          nodeStageSecretRef: { name: source.secretName, namespace: source.secretNamespace },
        },
      };
    case 'local': {
      const node = source.nodes.length ? source.nodes[ordinalIndex % source.nodes.length] : 'NODE-NAME';
      return {
        local: { path: fillPattern(source.pathPattern, vars) },
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } },
      };
    }
    case 'hostPath':
      return { hostPath: { path: fillPattern(source.pathPattern, vars), type: 'DirectoryOrCreate' } };
    case 'csi':
      return { csi: { driver: source.driver, volumeHandle: fillPattern(source.handlePattern, vars), ...(source.fsType ? { fsType: source.fsType } : {}) } };
  }
}

function manifests(set: StatefulSet, t: ClaimTemplate, ordinal: number, ordinalIndex: number, opts: GenerateOptions): { claim: string; volume: string; docs: object[] } {
  const claim = claimName(t.name, set.name, ordinal);
  const volume = volumeNameFor(claim);
  const vars = { set: set.name, namespace: set.namespace, template: t.name, ordinal, claim };
  const labels = { [LABEL_SET]: set.name, [LABEL_TEMPLATE]: t.name, [LABEL_ORDINAL]: String(ordinal) };
  const accessModes = t.spec.accessModes?.length ? [...t.spec.accessModes] : ['ReadWriteOnce'];
  const storage = t.spec.storageText ?? '1Gi';
  const volumeMode = t.spec.volumeMode ? { volumeMode: t.spec.volumeMode } : {};
  // The controller would label its claim with the template labels and the selector's matchLabels.
  const claimLabels = { ...t.labels, ...(set.selector?.matchLabels ?? {}), ...labels };
  const pv = {
    apiVersion: 'v1', kind: 'PersistentVolume',
    metadata: { name: volume, labels },
    spec: {
      capacity: { storage },
      accessModes,
      ...volumeMode,
      storageClassName: '',
      persistentVolumeReclaimPolicy: opts.reclaimPolicy ?? 'Retain',
      claimRef: { name: claim, namespace: set.namespace },
      ...sourceSpec(opts.source, vars, ordinalIndex),
    },
  };
  const pvc = {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim',
    metadata: { name: claim, namespace: set.namespace, labels: claimLabels },
    spec: { storageClassName: '', accessModes, ...volumeMode, resources: { requests: { storage } }, volumeName: volume },
  };
  return { claim, volume, docs: [pv, pvc] };
}

const toYaml = (docs: object[]) => docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');

/** Ordinals whose claim (for any template) is neither pre-created nor reserved by a PV. */
function missingOrdinals(analysis: Analysis, set: StatefulSet): Set<number> {
  const out = new Set<number>();
  for (const c of analysis.prediction.bySet.get(set) ?? []) {
    if (!c.pvc && !c.pinned && c.ordinal !== undefined) out.add(c.ordinal);
  }
  return out;
}

export function generateVolumes(analysis: Analysis, set: StatefulSet, opts: GenerateOptions, join: (dir: string, name: string) => string): GenerateResult {
  const range = ordinalRange(set);
  if (range.count > MAX_LISTED_ORDINALS) throw new Error(`${set.name} has ${range.count} replicas: generating more than ${MAX_LISTED_ORDINALS} volumes at once is refused`);
  const templates = set.claimTemplates.filter((t) => t.name);
  if (templates.length === 0) throw new Error(`StatefulSet ${set.name} has no volumeClaimTemplates: nothing to generate`);
  const missing = opts.ordinals === 'missing' ? missingOrdinals(analysis, set) : undefined;
  const chosen = [...ordinals(range)].filter((o) => !missing || missing.has(o));
  const volumes: GeneratedVolume[] = [];
  const creates: FileCreate[] = [];
  const all: object[] = [];
  for (const ordinal of chosen) {
    const perOrdinal: object[] = [];
    for (const t of templates) {
      const m = manifests(set, t, ordinal, ordinal - range.start, opts);
      volumes.push({ ordinal, template: t.name, claim: m.claim, volume: m.volume });
      perOrdinal.push(...m.docs);
    }
    if (opts.layout === 'per-ordinal') creates.push({ file: join(opts.directory, `${set.name}-${ordinal}-storage.yaml`), text: toYaml(perOrdinal) });
    all.push(...perOrdinal);
  }
  if (opts.layout === 'single' && all.length) creates.push({ file: join(opts.directory, `${set.name}-storage.yaml`), text: toYaml(all) });
  return {
    title: `Generate PV/PVC files for ${set.name} (${chosen.length} ordinal${chosen.length === 1 ? '' : 's'}, ${opts.source.kind})`,
    creates,
    edits: classEdits(analysis, set),
    volumes,
  };
}

/**
 * Generated claims have storageClassName "": the template and the set's pre-created claims that leave it
 * unset get it too, or they would differ from the generated ones and a default class could capture them.
 */
export function classEdits(analysis: Analysis, set: StatefulSet): TextEdit[] {
  const edits: TextEdit[] = [];
  const doc = set.src.yaml;
  const templates = seqField(doc, mapField(doc, set.root, 'spec'), 'volumeClaimTemplates');
  set.claimTemplates.forEach((t, i) => {
    if (t.spec.storageClassName !== undefined) return;
    const spec = mapField(doc, asMap(doc, templates?.items[i]), 'spec');
    if (spec) edits.push(insertEntry(set.src, spec, 'storageClassName', ''));
  });
  for (const c of analysis.prediction.bySet.get(set) ?? []) {
    if (!c.pvc || c.pvc.spec.storageClassName !== undefined) continue;
    const spec = mapField(c.pvc.src.yaml, c.pvc.root, 'spec');
    if (spec) edits.push(insertEntry(c.pvc.src, spec, 'storageClassName', ''));
  }
  return edits;
}
