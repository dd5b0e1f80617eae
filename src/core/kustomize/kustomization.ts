// A kustomization file as the engine needs it: which files it brings in as resources, which it names
// as patches (partial objects, never analysed as objects), and the transformers that change the
// objects' identity and labels. Field names follow kustomize's `types.Kustomization`
// (sigs.k8s.io/kustomize/api/types/kustomization.go).
import type { Document, YAMLMap } from 'yaml';
import type { Span } from '../model';
import type { SourceDoc } from '../source';
import { asMap, mapField, pairOf, scalarText, seqField, seqItems, stringField, stringMap } from '../yamlRead';
import { dirName } from './paths';

/** One path of a list of the kustomization, with where it is written. */
export interface KustomizationEntry {
  readonly ref: string;
  readonly span: Span;
}

/** One `labels:` item (or `commonLabels:`, which is `includeSelectors: true`). */
export interface LabelLayer {
  readonly pairs: Readonly<Record<string, string>>;
  /** also into selectors, pod templates and claim templates (commonLabels) */
  readonly includeSelectors: boolean;
  /** also into pod templates (not selectors) */
  readonly includeTemplates: boolean;
}

/** What a kustomization does to every object it emits, in kustomize's order of application. */
export interface Transformers {
  readonly namespace?: string;
  readonly namePrefix?: string;
  readonly nameSuffix?: string;
  readonly labels: readonly LabelLayer[];
}

export interface Kustomization {
  readonly file: string;
  readonly dir: string;
  readonly src: SourceDoc;
  /** `resources`, and the deprecated `bases`: files or folders */
  readonly resources: readonly KustomizationEntry[];
  /** `components`: folders whose kustomization is a Component */
  readonly components: readonly KustomizationEntry[];
  /** files that are not whole objects: patches, replacements, transformer and generator configs */
  readonly partials: readonly KustomizationEntry[];
  /** fields a plain reading cannot apply (patches, generators, helm charts…), for the not-rendered note */
  readonly unapplied: readonly string[];
  readonly transformers: Transformers;
  /** the first key of the file: where findings about the whole kustomization point */
  readonly headSpan: Span;
}

/** Fields whose entries are paths of files that are not complete objects. */
const PARTIAL_LISTS = ['patchesStrategicMerge', 'transformers', 'generators', 'validators', 'configurations', 'crds'] as const;
/** Fields whose entries are maps with an optional `path:` naming a file that is not a complete object. */
const PARTIAL_PATH_LISTS = ['patches', 'patchesJson6902', 'replacements'] as const;
/** Fields that change objects in ways a plain reading does not apply. */
const NOT_APPLIED = [
  'patches', 'patchesStrategicMerge', 'patchesJson6902', 'replacements', 'vars', 'images', 'replicas', 'configMapGenerator',
  'secretGenerator', 'helmCharts', 'transformers', 'generators', 'commonAnnotations', 'components',
] as const;

/** Reads the kustomization a document holds; undefined when it is not a map. */
export function readKustomization(src: SourceDoc): Kustomization | undefined {
  const doc = src.yaml;
  const root = asMap(doc, doc.contents);
  if (!root) return undefined;
  const spanOf = (node: unknown): Span => {
    const r = (node as { range?: [number, number] } | undefined)?.range;
    return { src, start: r?.[0] ?? 0, end: r?.[1] ?? 0 };
  };
  const pathsOf = (key: string): KustomizationEntry[] => seqItems(doc, seqField(doc, root, key)).flatMap((item) => {
    const ref = scalarText(doc, item);
    // an inline patch (a YAML text in the list) names no file
    return ref !== undefined && !ref.includes('\n') ? [{ ref, span: spanOf(item) }] : [];
  });
  const pathFieldsOf = (key: string): KustomizationEntry[] => seqItems(doc, seqField(doc, root, key)).flatMap((item) => {
    const map = asMap(doc, item);
    const path = pairOf(doc, map, 'path');
    const ref = scalarText(doc, path?.value);
    return ref !== undefined ? [{ ref, span: spanOf(path?.value) }] : [];
  });
  const first = root.items[0];
  return {
    file: src.file,
    dir: dirName(src.file),
    src,
    resources: [...pathsOf('resources'), ...pathsOf('bases')],
    components: pathsOf('components'),
    partials: [...PARTIAL_LISTS.flatMap(pathsOf), ...PARTIAL_PATH_LISTS.flatMap(pathFieldsOf)],
    unapplied: NOT_APPLIED.filter((key) => pairOf(doc, root, key) !== undefined),
    transformers: transformersOf(doc, root),
    headSpan: spanOf(first?.key ?? root),
  };
}

function transformersOf(doc: Document, root: YAMLMap): Transformers {
  const labels: LabelLayer[] = [];
  const common = mapField(doc, root, 'commonLabels');
  if (common) labels.push({ pairs: stringMap(doc, common), includeSelectors: true, includeTemplates: true });
  for (const item of seqItems(doc, seqField(doc, root, 'labels'))) {
    const map = asMap(doc, item);
    if (!map) continue;
    const includeSelectors = stringField(doc, map, 'includeSelectors') === 'true';
    labels.push({
      pairs: stringMap(doc, mapField(doc, map, 'pairs')),
      includeSelectors,
      includeTemplates: includeSelectors || stringField(doc, map, 'includeTemplates') === 'true',
    });
  }
  return {
    namespace: stringField(doc, root, 'namespace') || undefined,
    namePrefix: stringField(doc, root, 'namePrefix') || undefined,
    nameSuffix: stringField(doc, root, 'nameSuffix') || undefined,
    labels,
  };
}

export function hasTransformers(t: Transformers): boolean {
  return t.namespace !== undefined || t.namePrefix !== undefined || t.nameSuffix !== undefined || t.labels.length > 0;
}
