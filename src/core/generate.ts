// "Generate PV/PVC files": for the ordinals of a StatefulSet, a PersistentVolume and a claim per claim
// template, pinned to each other both ways (PV.spec.claimRef ↔ PVC.spec.volumeName) so no binder
// decision is left, with storageClassName "" so no default StorageClass captures the claim.
// Plain data out: the files to create and the edits of existing files, each edit with its reason; the
// CLI and the editor decide whether and how the user sees and accepts them.
import { stringify } from 'yaml';
import { Analysis } from './analysis';
import { Fix, FileCreate } from './edits';
import { GenerateProblem, GenerateRefused, objectNameProblem, setProblems } from './generateChecks';
import { classEdits, SourceEdit } from './generateSourceEdits';
import { ClaimSpec, ClaimTemplate, StatefulSet } from './model';
import { claimName, ordinalRange, ordinals } from './names';
import type { ClaimPrediction } from './prediction';
import { filledValueProblem, sourceParameterProblems } from './volumeSourceChecks';

export { GenerateRefused } from './generateChecks';
export type { GenerateProblem } from './generateChecks';
export type { SourceEdit } from './generateSourceEdits';

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
  /**
   * 'missing': only claims that are neither pre-created nor reserved by a PV;
   * 'all': also a PV reserved for each pre-created claim that no PV serves yet
   */
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
  /** the new file that holds the PV (and the claim) */
  readonly file: string;
  /** false when the claim is pre-created and only its PV is generated */
  readonly claimCreated: boolean;
}

/** A claim of the set that gets nothing, because it exists or a PV already serves it. */
export interface LeftAlone {
  readonly claim: string;
  readonly reason: string;
}

export interface GenerateResult extends Fix {
  readonly volumes: readonly GeneratedVolume[];
  readonly leftAlone: readonly LeftAlone[];
  /** `edits`, each with the object it changes and why */
  readonly sourceEdits: readonly SourceEdit[];
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

interface ClaimPlan {
  readonly template: ClaimTemplate;
  readonly ordinal: number;
  readonly claim: string;
  readonly volume: string;
  /** the claim's spec: the pre-created claim's when it exists, else the template's */
  readonly spec: ClaimSpec;
  /** false: the claim is pre-created and only its PV is generated */
  readonly createClaim: boolean;
}

function manifests(set: StatefulSet, p: ClaimPlan, ordinalIndex: number, opts: GenerateOptions): object[] {
  const { claim, volume, template: t, ordinal, spec } = p;
  const vars = { set: set.name, namespace: set.namespace, template: t.name, ordinal, claim };
  const labels = { [LABEL_SET]: set.name, [LABEL_TEMPLATE]: t.name, [LABEL_ORDINAL]: String(ordinal) };
  const accessModes = spec.accessModes?.length ? [...spec.accessModes] : ['ReadWriteOnce'];
  const storage = spec.storageText ?? '1Gi';
  const volumeMode = spec.volumeMode ? { volumeMode: spec.volumeMode } : {};
  const pv = {
    apiVersion: 'v1', kind: 'PersistentVolume',
    metadata: { name: volume, labels },
    spec: {
      capacity: { storage },
      accessModes,
      ...volumeMode,
      // a pre-created claim with a class keeps it: the PV is reserved for it by claimRef either way
      storageClassName: p.createClaim ? '' : spec.storageClassName ?? '',
      persistentVolumeReclaimPolicy: opts.reclaimPolicy ?? 'Retain',
      claimRef: { name: claim, namespace: set.namespace },
      ...sourceSpec(opts.source, vars, ordinalIndex),
    },
  };
  if (!p.createClaim) return [pv];
  // The controller would label its claim with the template labels and the selector's matchLabels.
  const claimLabels = { ...t.labels, ...(set.selector?.matchLabels ?? {}), ...labels };
  const pvc = {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim',
    metadata: { name: claim, namespace: set.namespace, labels: claimLabels },
    spec: { storageClassName: '', accessModes, ...volumeMode, resources: { requests: { storage } }, volumeName: volume },
  };
  return [pv, pvc];
}

const toYaml = (docs: object[]) => docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');

const where = (o: { src: { file: string; rangeOf(s: number, e: number): { start: { line: number } } }; span: { start: number } }) =>
  `${o.src.file}:${o.src.rangeOf(o.span.start, o.span.start).start.line + 1}`;

/**
 * What happens to one claim of the set: generated (PV and claim, or only a PV reserved for a pre-created
 * claim), or left alone because it already exists or a PV already serves it. Never a duplicate.
 */
function planClaim(analysis: Analysis, set: StatefulSet, t: ClaimTemplate, ordinal: number, pred: ClaimPrediction | undefined, opts: GenerateOptions): ClaimPlan | LeftAlone {
  const claim = claimName(t.name, set.name, ordinal);
  const reserved = analysis.prediction.reservedFor.get(`${set.namespace}/${claim}`)?.[0];
  if (reserved) return { claim, reason: `reserved by PersistentVolume ${reserved.name} (${where(reserved)})` };
  const pvc = pred?.pvc;
  if (pvc) {
    if (pvc.spec.volumeName) return { claim, reason: `pre-created (${where(pvc)}) with volumeName ${pvc.spec.volumeName}` };
    if (opts.ordinals === 'missing') return { claim, reason: `pre-created (${where(pvc)})` };
    if (pred?.volume) return { claim, reason: `pre-created (${where(pvc)}), binds PersistentVolume ${pred.volume.name}` };
  }
  return { template: t, ordinal, claim, volume: volumeNameFor(claim), spec: pvc?.spec ?? t.spec, createClaim: !pvc };
}

/** Refuses generated names the API server would reject, PV names other PVs use, and bad paths. */
function checkPlans(analysis: Analysis, set: StatefulSet, plans: readonly ClaimPlan[], opts: GenerateOptions): void {
  const problems: GenerateProblem[] = [];
  const pvByName = new Map(analysis.index.volumes().map((v) => [v.name, v]));
  let filled: GenerateProblem | undefined;
  for (const p of plans) {
    const other = pvByName.get(p.volume);
    if (other) problems.push({ origin: 'manifest', message: `PersistentVolume ${p.volume} already exists (${where(other)}) and is not reserved for claim ${p.claim}: rename or remove it, or reserve it with claimRef` });
    for (const name of [objectNameProblem('PersistentVolume', p.volume), p.createClaim ? objectNameProblem('PersistentVolumeClaim', p.claim) : undefined]) if (name) problems.push(name);
    filled ??= filledValueProblem(opts.source, sourceValue(opts.source, { set: set.name, namespace: set.namespace, template: p.template.name, ordinal: p.ordinal, claim: p.claim }), p.claim);
  }
  if (filled) problems.push(filled);
  if (problems.length) throw new GenerateRefused(problems);
}

function sourceValue(source: VolumeSource, vars: Parameters<typeof fillPattern>[1]): string {
  switch (source.kind) {
    case 'nfs': case 'local': case 'hostPath': return fillPattern(source.pathPattern, vars);
    case 'ceph-rbd': return fillPattern(source.imagePattern, vars);
    case 'csi': return fillPattern(source.handlePattern, vars);
  }
}

/**
 * The files and source edits that give the set's claims pre-provisioned, pre-bound volumes.
 * Throws GenerateRefused (every problem, one sentence each) before producing anything invalid.
 */
export function generateVolumes(analysis: Analysis, set: StatefulSet, opts: GenerateOptions, join: (dir: string, name: string) => string): GenerateResult {
  const early = [...setProblems(set), ...sourceParameterProblems(opts.source)];
  if (early.length) throw new GenerateRefused(early);
  const range = ordinalRange(set);
  const preds = new Map((analysis.prediction.bySet.get(set) ?? []).map((c) => [`${c.template?.name}/${c.ordinal}`, c]));
  const plans: ClaimPlan[] = [];
  const leftAlone: LeftAlone[] = [];
  for (const ordinal of ordinals(range)) {
    for (const t of set.claimTemplates) {
      const p = planClaim(analysis, set, t, ordinal, preds.get(`${t.name}/${ordinal}`), opts);
      if ('reason' in p) leftAlone.push(p); else plans.push(p);
    }
  }
  checkPlans(analysis, set, plans, opts);
  const { creates, volumes } = layOut(set, plans, opts, join);
  const sourceEdits = classEdits(analysis, set);
  const count = new Set(plans.map((p) => p.ordinal)).size;
  return {
    title: `Generate PV/PVC files for ${set.name} (${count} ordinal${count === 1 ? '' : 's'}, ${opts.source.kind})`,
    creates,
    edits: sourceEdits.map((e) => e.edit),
    volumes,
    leftAlone,
    sourceEdits,
  };
}

/** One file per ordinal (`<set>-<ordinal>-storage.yaml`) or one file for all (`<set>-storage.yaml`). */
function layOut(set: StatefulSet, plans: readonly ClaimPlan[], opts: GenerateOptions, join: (dir: string, name: string) => string): { creates: FileCreate[]; volumes: GeneratedVolume[] } {
  const single = join(opts.directory, `${set.name}-storage.yaml`);
  const docsByFile = new Map<string, object[]>();
  const volumes: GeneratedVolume[] = [];
  for (const p of plans) {
    const file = opts.layout === 'single' ? single : join(opts.directory, `${set.name}-${p.ordinal}-storage.yaml`);
    const docs = docsByFile.get(file) ?? [];
    if (!docsByFile.has(file)) docsByFile.set(file, docs);
    for (const d of manifests(set, p, p.ordinal - set.ordinalsStart, opts)) docs.push(d);
    volumes.push({ ordinal: p.ordinal, template: p.template.name, claim: p.claim, volume: p.volume, file, claimCreated: p.createClaim });
  }
  return { creates: [...docsByFile].map(([file, docs]) => ({ file, text: toYaml(docs) })), volumes };
}
