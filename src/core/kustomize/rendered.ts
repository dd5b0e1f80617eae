// Analysis of what `kubectl kustomize DIR` printed, with every finding moved back to where a user can
// fix it: the document that defines the object (matched by kind, namespace and name as the
// kustomizations' namespace and namePrefix/nameSuffix turn them out), at the same field when the
// source has it; else the kustomization line that brings the object in. The host runs kubectl and
// reads the files; this takes their texts as plain data.
import type { Document, Node } from 'yaml';
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import { Analysis, AnalysisOptions, DEFAULT_OPTIONS, Workspace } from '../analysis';
import { compareFindings, Finding, RelatedLocation } from '../findings';
import type { Range } from '../position';
import { parseFile, ParsedFile, SourceDoc } from '../source';
import { asMap, mapField, stringField } from '../yamlRead';
import { Kustomization, readKustomization } from './kustomization';
import { isKustomizationFile } from './paths';
import { transformDocument } from './transform';
import { KustomizeTree } from './tree';
import { identitiesIn } from './workspaceView';

export interface RenderedUnit {
  /** the kustomization file of the rendered folder */
  readonly kustomizationFile: string;
  /** kubectl kustomize's output */
  readonly rendered: string;
  /** the local files of the kustomization tree (kustomization files and the files they name) */
  readonly sources: readonly { readonly file: string; readonly text: string }[];
}

export interface RenderedAnalysis {
  /** the analysis of the rendered objects (their file is the kustomization file) */
  readonly analysis: Analysis;
  /** its findings, placed in the source files */
  readonly findings: readonly Finding[];
}

type Step = string | number;

const CLUSTER_KINDS = new Set(['PersistentVolume', 'StorageClass', 'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PriorityClass', 'CSIDriver']);

export function analyzeRendered(unit: RenderedUnit, options: AnalysisOptions = DEFAULT_OPTIONS): RenderedAnalysis {
  const ws = new Workspace({ ...options, readKustomizations: false });
  ws.setFile(unit.kustomizationFile, unit.rendered);
  const analysis = ws.analyze();
  const parsed = new Map(unit.sources.map((s) => [s.file, parseFile(s.file, s.text, options.limits)]));
  const root = kustomizationOf(parsed.get(unit.kustomizationFile));
  const sources = root ? sourcesByIdentity(root, parsed) : new Map<string, SourceDoc>();
  const rendered = ws.parsed(unit.kustomizationFile);
  const fallback = root ? fallbackRange(root) : zeroRange();
  const place = (file: string, range: Range): { file: string; range: Range } => {
    if (file !== unit.kustomizationFile || !rendered) return { file, range };
    const found = renderedDocAt(rendered, range.start.line);
    if (!found) return { file, range: fallback };
    const offset = found.chunk.lines.offsetAt(range.start);
    const source = sources.get(identityKey(found.yaml));
    if (!source) return { file, range: fallback };
    return { file: source.file, range: rangeAtPath(source, pathAt(found.yaml, offset)) };
  };
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const f of analysis.findings) {
    const at = place(f.file, f.range);
    const related: RelatedLocation[] = f.related.map((r) => ({ ...r, ...place(r.file, r.range) }));
    const mapped: Finding = { ...f, ...at, related };
    const key = `${mapped.code}|${mapped.file}|${JSON.stringify(mapped.range)}|${mapped.message}`;
    if (!seen.has(key)) { seen.add(key); findings.push(mapped); }
  }
  return { analysis, findings: findings.sort(compareFindings) };
}

function kustomizationOf(parsed: ParsedFile | undefined): Kustomization | undefined {
  const doc = parsed?.chunks[0]?.docs[0];
  return doc ? readKustomization(doc) : undefined;
}

/** Every source document of the root's tree, keyed by the identity its object has after the transformers. */
function sourcesByIdentity(root: Kustomization, parsed: ReadonlyMap<string, ParsedFile>): Map<string, SourceDoc> {
  const kustomizations: Kustomization[] = [];
  for (const [file, p] of parsed) {
    const k = isKustomizationFile(file) ? kustomizationOf(p) : undefined;
    if (k) kustomizations.push(file === root.file ? root : k);
  }
  const tree = new KustomizeTree(kustomizations, new Set(parsed.keys()), (f) => identitiesIn(parsed.get(f)));
  const out = new Map<string, SourceDoc>();
  for (const [file, role] of tree.filesOf(root)) {
    for (const chunk of parsed.get(file)?.chunks ?? []) {
      for (const doc of chunk.docs) {
        const key = identityKey(transformDocument(doc.yaml, role.layers));
        if (!out.has(key)) out.set(key, doc);
      }
    }
  }
  return out;
}

function identityKey(doc: Document): string {
  const root = asMap(doc, doc.contents);
  const kind = stringField(doc, root, 'kind') ?? '';
  const metadata = mapField(doc, root, 'metadata');
  const namespace = CLUSTER_KINDS.has(kind) ? '' : (stringField(doc, metadata, 'namespace') ?? '');
  return `${kind}/${namespace}/${stringField(doc, metadata, 'name') ?? ''}`;
}

/** Where an object no source file defines points: the root's first remote resource, else its first line. */
function fallbackRange(root: Kustomization): Range {
  const remote = root.resources.find((e) => /:\/\/|^git@|^github\.com\/|[?&]ref=/.test(e.ref));
  const span = remote?.span ?? root.headSpan;
  return span.src.rangeOf(span.start, span.end);
}

function zeroRange(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

function renderedDocAt(file: ParsedFile, line: number): SourceDoc | undefined {
  let found: SourceDoc | undefined;
  for (const chunk of file.chunks) {
    if (chunk.lines.firstLine > line) break;
    if (chunk.docs.length) found = chunk.docs[chunk.docs.length - 1];
  }
  return found;
}

/** The path of keys and list positions (or item names) from the document root to the node at an offset. */
function pathAt(doc: Document, offset: number): Step[] {
  const path: Step[] = [];
  let node = doc.contents as Node | null;
  for (let depth = 0; node && depth < 64; depth++) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && (contains(p.key as Node, offset) || contains(p.value as Node, offset)));
      if (!pair) break;
      path.push(isScalar(pair.key) ? String(pair.key.value) : '');
      if (contains(pair.key as Node, offset)) break;
      node = pair.value as Node;
    } else if (isSeq(node)) {
      const i = node.items.findIndex((item) => contains(item as Node, offset));
      if (i === -1) break;
      path.push(itemName(doc, node.items[i] as Node) ?? i);
      node = node.items[i] as Node;
    } else break;
  }
  return path;
}

function contains(node: Node | null | undefined, offset: number): boolean {
  const r = node?.range;
  return !!r && r[0] <= offset && offset < Math.max(r[1], r[0] + 1);
}

/** A list item's `name` (containers, volumes, claim templates): strategic merge matches items by it, not by position. */
function itemName(doc: Document, item: Node): string | undefined {
  const map = asMap(doc, item);
  const name = stringField(doc, map, 'name') ?? stringField(doc, mapField(doc, map, 'metadata'), 'name');
  return name === undefined ? undefined : `name=${name}`;
}

/** The range of the deepest node of the source document along the path (the document when none matches). */
function rangeAtPath(src: SourceDoc, path: readonly Step[]): Range {
  const doc = src.yaml;
  let node = doc.contents as Node | null;
  let best = node?.range;
  for (const step of path) {
    if (!node) break;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === step);
      if (!pair) break;
      const value = pair.value as Node | null;
      best = value?.range ?? (pair.key as Node).range ?? best;
      node = value;
    } else if (isSeq(node)) {
      const item = typeof step === 'number' ? node.items[step] : node.items.find((i) => itemName(doc, i as Node) === step);
      if (!item) break;
      node = item as Node;
      best = node.range ?? best;
    } else break;
  }
  const r = best ?? [0, 0];
  return src.rangeOf(r[0], r[1]);
}
