// What the document rules read of any manifest, whatever its kind: apiVersion and kind with their spans,
// the volume sources of its pod template (every workload kind), a PV's source and a StorageClass's
// provisioner. Read once per parsed document, from the yaml AST (see yamlRead.ts).
import type { Document, YAMLMap } from 'yaml';
import type { Span } from './model';
import { VOLUME_SOURCES } from './model';
import type { SourceDoc } from './source';
import { asMap, keysOf, mapField, nodeSpan, pairOf, seqField, seqItems, stringField } from './yamlRead';

export interface VolumeSourceRef {
  /** the source field: `rbd`, `persistentVolumeClaim`, … */
  readonly plugin: string;
  /** the source key */
  readonly span: Span;
  /** the pod volume's name ("" for a PV's source) */
  readonly volume: string;
}

export interface Manifest {
  readonly src: SourceDoc;
  readonly root: YAMLMap;
  /** the root's `metadata` map (readObject reads the rest of it) */
  readonly metadata?: YAMLMap;
  readonly kind: string;
  readonly apiVersion: string;
  readonly kindSpan: Span;
  readonly apiVersionSpan: Span;
  readonly name: string;
  /** the inline volumes of the pod (template) of a workload kind; a PV's own source */
  readonly volumeSources: readonly VolumeSourceRef[];
  /** a StorageClass's provisioner */
  readonly provisioner?: { readonly name: string; readonly span: Span };
}

/** Where each workload kind keeps its pod spec, as paths of keys from the root. */
const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  PodTemplate: ['template', 'spec'],
};

const SOURCES = new Set<string>(VOLUME_SOURCES);

export function readManifest(src: SourceDoc): Manifest | undefined {
  const doc = src.yaml;
  const root = asMap(doc, doc.contents);
  if (!root) return undefined;
  const kind = stringField(doc, root, 'kind');
  const apiVersion = stringField(doc, root, 'apiVersion');
  if (!kind || !apiVersion) return undefined;
  const whole = spanOf(src, root) ?? { src, start: 0, end: 0 };
  const kindSpan = spanOf(src, pairOf(doc, root, 'kind')?.value) ?? whole;
  const volumeSources: VolumeSourceRef[] = [];
  const podPath = POD_SPEC_PATHS[kind];
  if (podPath) {
    let podSpec: YAMLMap | undefined = root;
    for (const key of podPath) podSpec = mapField(doc, podSpec, key);
    for (const v of seqItems(doc, seqField(doc, podSpec, 'volumes'))) {
      const volume = asMap(doc, v);
      const source = sourceOf(src, volume, stringField(doc, volume, 'name') ?? '');
      if (source) volumeSources.push(source);
    }
  } else if (kind === 'PersistentVolume') {
    const source = sourceOf(src, mapField(doc, root, 'spec'), '');
    if (source) volumeSources.push(source);
  }
  const provisionerPair = kind === 'StorageClass' ? pairOf(doc, root, 'provisioner') : undefined;
  const provisioner = provisionerPair ? stringField(doc, root, 'provisioner') : undefined;
  const metadata = mapField(doc, root, 'metadata');
  const manifest: Manifest = {
    src, root, metadata, kind, apiVersion, kindSpan,
    apiVersionSpan: spanOf(src, pairOf(doc, root, 'apiVersion')?.value) ?? kindSpan,
    name: stringField(doc, metadata, 'name') ?? '',
    volumeSources,
    provisioner: provisioner ? { name: provisioner, span: spanOf(src, provisionerPair!.value) ?? kindSpan } : undefined,
  };
  src.manifest = manifest;
  return manifest;
}

/** The first key of a volume (or PV spec) that names a volume source the table knows. */
function sourceOf(src: SourceDoc, map: YAMLMap | undefined, volume: string): VolumeSourceRef | undefined {
  const doc: Document = src.yaml;
  const plugin = keysOf(doc, map).find((k) => SOURCES.has(k));
  if (!plugin) return undefined;
  const span = spanOf(src, pairOf(doc, map, plugin)?.key);
  return span ? { plugin, span, volume } : undefined;
}

function spanOf(src: SourceDoc, node: unknown): Span | undefined {
  const s = nodeSpan(node as never);
  return s ? { src, start: s[0], end: s[1] } : undefined;
}
