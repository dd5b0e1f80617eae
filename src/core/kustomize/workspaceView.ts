// What a Workspace needs from the kustomizations among its files when they are not rendered: which
// files are patches (no object of theirs is analysed), and which resource files are seen through
// which transformers. Rebuilt when a kustomization file changes or files come and go.
import type { RawFinding } from '../findings';
import type { ParsedFile, SourceDoc } from '../source';
import { asMap, mapField, stringField } from '../yamlRead';
import { Kustomization, readKustomization } from './kustomization';
import { isKustomizationFile } from './paths';
import { transformDocument } from './transform';
import { FileRole, KustomizeTree } from './tree';
import { notRenderedFinding, renderFailedFinding } from './findings';

export type Role = 'partial' | FileRole;

export class KustomizeView {
  private readonly read = new WeakMap<SourceDoc, Kustomization | null>();
  private tree: KustomizeTree | undefined;
  private roles = new Map<string, Role>();
  private signatures = new Map<string, string>();

  /** Rebuilds the view; returns the files whose role or transformers changed (their objects must be read again). */
  refresh(files: ReadonlyMap<string, ParsedFile>): string[] {
    const kustomizations: Kustomization[] = [];
    for (const [file, parsed] of files) {
      if (!isKustomizationFile(file)) continue;
      const doc = parsed.chunks[0]?.docs[0];
      const k = doc && this.kustomizationOf(doc);
      if (k) kustomizations.push(k);
    }
    const tree = kustomizations.length ? new KustomizeTree(kustomizations, new Set(files.keys()), (f) => identitiesIn(files.get(f))) : undefined;
    const roles = new Map<string, Role>();
    if (tree) {
      for (const file of tree.partials) roles.set(file, 'partial');
      for (const [file, role] of tree.allFiles()) roles.set(file, role);
    }
    const signatures = new Map<string, string>();
    for (const [file, role] of roles) signatures.set(file, signatureOf(role));
    const changed = new Set<string>();
    for (const [file, s] of signatures) if (this.signatures.get(file) !== s) changed.add(file);
    for (const file of this.signatures.keys()) if (!signatures.has(file)) changed.add(file);
    this.tree = tree;
    this.roles = roles;
    this.signatures = signatures;
    return [...changed];
  }

  get active(): boolean {
    return this.tree !== undefined;
  }

  roleOf(file: string): Role | undefined {
    return this.roles.get(file);
  }

  /**
   * The document as the analysis should read it: itself, or a view of it with its kustomizations'
   * transformers applied (same file, chunk and live document index; only the YAML differs).
   */
  docFor(doc: SourceDoc): SourceDoc {
    const role = this.roles.get(doc.file);
    if (!role || role === 'partial' || role.layers.length === 0) return doc;
    return Object.create(doc, { yaml: { value: transformDocument(doc.yaml, role.layers) } }) as SourceDoc;
  }

  /** On each top kustomization: why it was not rendered, or kubectl's error when rendering failed. */
  rootFindings(reason: string, renderError?: string): RawFinding[] {
    if (!this.tree) return [];
    return this.tree.roots.map((root) => (renderError === undefined ? notRenderedFinding(root, reason) : renderFailedFinding(root, renderError)));
  }

  private kustomizationOf(doc: SourceDoc): Kustomization | undefined {
    let k = this.read.get(doc);
    if (k === undefined) {
      k = readKustomization(doc) ?? null;
      this.read.set(doc, k);
    }
    return k ?? undefined;
  }
}

function signatureOf(role: Role): string {
  if (role === 'partial') return 'partial';
  return JSON.stringify(role.layers.map((l) => [l.transformers.namespace, l.transformers.namePrefix, l.transformers.nameSuffix, l.transformers.labels, [...l.names].sort()]));
}

export function identitiesIn(parsed: ParsedFile | undefined): { kind: string; name: string }[] {
  const out: { kind: string; name: string }[] = [];
  for (const chunk of parsed?.chunks ?? []) {
    for (const doc of chunk.docs) {
      const root = asMap(doc.yaml, doc.yaml.contents);
      const kind = stringField(doc.yaml, root, 'kind');
      const name = stringField(doc.yaml, mapField(doc.yaml, root, 'metadata'), 'name');
      if (kind && name) out.push({ kind, name });
    }
  }
  return out;
}
