// The transformers a kustomization applies to every object it emits, applied to a copy of a document
// the way kustomize applies them, so that the analysis sees the object `kubectl apply -k` creates:
// - namespace: `metadata.namespace` of namespaced kinds;
// - namePrefix / nameSuffix: `metadata.name`, and the references kustomize renames with it
//   (`namereference.go`: a StatefulSet's serviceName, pod volumes' claimName, a claim's volumeName,
//   storageClassName) when the referenced object is one of the kustomization's own;
// - commonLabels / labels: `metadata.labels`; with includeSelectors (commonLabels) also selectors, pod
//   templates and claim templates; with includeTemplates pod templates (`commonlabels.go`).
// Values that were in the file keep their source ranges (the copy shares them); what a transformer adds
// gets the range of the map it was added to, so a finding on it points at that map.
import { Document, isMap, isScalar, isSeq, Node, YAMLMap } from 'yaml';
import { asMap, asSeq, mapField, pairOf, seqItems, stringField } from '../yamlRead';
import type { LabelLayer, Transformers } from './kustomization';

/** One kustomization's transformers, with the objects it emits before them (`kind/name`). */
export interface Layer {
  readonly transformers: Transformers;
  /** `kind/name` of every object of the kustomization before its prefix/suffix (references to others are kept) */
  readonly names: ReadonlySet<string>;
}

/** Kinds without a namespace among those kustomization files usually hold (`kubectl api-resources --namespaced=false`). */
const CLUSTER_SCOPED = new Set([
  'PersistentVolume', 'StorageClass', 'Namespace', 'Node', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'CSIDriver',
  'CSINode', 'VolumeAttachment', 'PriorityClass', 'RuntimeClass', 'IngressClass', 'APIService', 'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration', 'PodSecurityPolicy', 'VolumeSnapshotClass', 'VolumeSnapshotContent', 'ComponentStatus',
]);
/** Workload kinds whose selector and pod template kustomize labels (`commonlabels.go`). */
const MATCH_LABEL_KINDS = new Set(['StatefulSet', 'Deployment', 'ReplicaSet', 'DaemonSet']);
const TEMPLATE_KINDS = new Set(['StatefulSet', 'Deployment', 'ReplicaSet', 'DaemonSet', 'Job', 'ReplicationController']);

/** A copy of `doc` with `layers` applied, innermost kustomization first. */
export function transformDocument(doc: Document, layers: readonly Layer[]): Document {
  const copy = doc.clone();
  const root = asMap(copy, copy.contents);
  if (!root) return copy;
  const kind = stringField(copy, root, 'kind') ?? '';
  for (const layer of layers) {
    const t = layer.transformers;
    if (t.namespace !== undefined && !CLUSTER_SCOPED.has(kind)) setScalar(copy, ensureMap(copy, root, 'metadata'), 'namespace', t.namespace);
    if (t.namePrefix !== undefined || t.nameSuffix !== undefined) rename(copy, root, kind, layer);
    for (const labels of t.labels) addLabels(copy, root, kind, labels);
  }
  return copy;
}

/** `kind/name` → the name kustomize gives it through a layer's prefix and suffix. */
export function renamed(name: string, t: Transformers): string {
  return `${t.namePrefix ?? ''}${name}${t.nameSuffix ?? ''}`;
}

function rename(doc: Document, root: YAMLMap, kind: string, layer: Layer): void {
  const t = layer.transformers;
  const metadata = mapField(doc, root, 'metadata');
  const name = stringField(doc, metadata, 'name');
  // kustomize does not rename CustomResourceDefinitions nor Namespaces (their names are API identities)
  if (name !== undefined && kind !== 'CustomResourceDefinition' && kind !== 'Namespace') setScalar(doc, metadata!, 'name', renamed(name, t));
  const spec = mapField(doc, root, 'spec');
  const refer = (map: YAMLMap | undefined, key: string, target: string) => {
    const value = stringField(doc, map, key);
    if (map && value && layer.names.has(`${target}/${value}`)) setScalar(doc, map, key, renamed(value, t));
  };
  if (kind === 'StatefulSet') {
    refer(spec, 'serviceName', 'Service');
    for (const template of seqItems(doc, asSeq(doc, pairOf(doc, spec, 'volumeClaimTemplates')?.value))) {
      refer(mapField(doc, asMap(doc, template), 'spec'), 'storageClassName', 'StorageClass');
    }
  }
  if (kind === 'PersistentVolumeClaim') {
    refer(spec, 'volumeName', 'PersistentVolume');
    refer(spec, 'storageClassName', 'StorageClass');
  }
  if (kind === 'PersistentVolume') refer(spec, 'storageClassName', 'StorageClass');
  const podSpec = kind === 'Pod' ? spec : mapField(doc, mapField(doc, spec, 'template'), 'spec');
  for (const volume of seqItems(doc, asSeq(doc, pairOf(doc, podSpec, 'volumes')?.value))) {
    refer(mapField(doc, asMap(doc, volume), 'persistentVolumeClaim'), 'claimName', 'PersistentVolumeClaim');
  }
}

function addLabels(doc: Document, root: YAMLMap, kind: string, layer: LabelLayer): void {
  mergeInto(doc, ensureMap(doc, ensureMap(doc, root, 'metadata'), 'labels'), layer.pairs);
  const spec = mapField(doc, root, 'spec');
  if (!spec) return;
  if (layer.includeTemplates && TEMPLATE_KINDS.has(kind)) {
    const template = ensureMap(doc, spec, 'template');
    mergeInto(doc, ensureMap(doc, ensureMap(doc, template, 'metadata'), 'labels'), layer.pairs);
  }
  if (!layer.includeSelectors) return;
  if (MATCH_LABEL_KINDS.has(kind)) mergeInto(doc, ensureMap(doc, ensureMap(doc, spec, 'selector'), 'matchLabels'), layer.pairs);
  if (kind === 'Service' || kind === 'ReplicationController') mergeInto(doc, ensureMap(doc, spec, 'selector'), layer.pairs);
  if (kind === 'StatefulSet') {
    for (const template of seqItems(doc, asSeq(doc, pairOf(doc, spec, 'volumeClaimTemplates')?.value))) {
      const map = asMap(doc, template);
      if (map) mergeInto(doc, ensureMap(doc, ensureMap(doc, map, 'metadata'), 'labels'), layer.pairs);
    }
  }
}

function mergeInto(doc: Document, map: YAMLMap, pairs: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries(pairs)) setScalar(doc, map, key, value);
}

/** The map at `key`, created (with the parent's range) when absent or not a map (kustomize's `create: true`). */
function ensureMap(doc: Document, parent: YAMLMap, key: string): YAMLMap {
  const existing = asMap(doc, pairOf(doc, parent, key)?.value);
  if (existing) return existing;
  const created = doc.createNode({}) as YAMLMap;
  created.range = inheritedRange(parent);
  const pair = pairOf(doc, parent, key);
  if (pair) pair.value = created;
  else parent.items.push(doc.createPair(withRange(doc.createNode(key), parent), created));
  return created;
}

/** Sets a scalar value; an existing scalar keeps its node (and source range), only its value changes. */
function setScalar(doc: Document, map: YAMLMap, key: string, value: string): void {
  const pair = pairOf(doc, map, key);
  if (pair && isScalar(pair.value)) {
    pair.value.value = value;
    return;
  }
  const node = withRange(doc.createNode(value), map);
  if (pair) pair.value = node;
  else map.items.push(doc.createPair(withRange(doc.createNode(key), map), node));
}

function inheritedRange(parent: Node): [number, number, number] | undefined {
  const r = parent.range;
  return r ? [r[0], r[1], r[2]] : undefined;
}

function withRange<T extends Node>(node: T, parent: Node): T {
  if (isScalar(node) || isMap(node) || isSeq(node)) node.range = inheritedRange(parent);
  return node;
}
