// How the kustomizations of a set of files fit together: which files each brings in (directly, or
// through bases and components), which files are patches, and the transformers every resource file
// goes through on its way out of the top kustomization (a root: one no other kustomization includes).
import type { Kustomization } from './kustomization';
import { renamed, Layer } from './transform';
import { isRemoteRef, joinPath, KUSTOMIZATION_NAMES } from './paths';

export type Resolved =
  | { readonly type: 'file'; readonly file: string }
  | { readonly type: 'kustomization'; readonly kustomization: Kustomization }
  | { readonly type: 'remote' }
  | { readonly type: 'missing'; readonly path: string };

/** `kind` and `metadata.name` of each object a resource file defines, as written. */
export type IdentitiesOf = (file: string) => readonly { kind: string; name: string }[];

export interface FileRole {
  /** innermost kustomization first */
  readonly layers: readonly Layer[];
  /** the root whose output this file is part of */
  readonly root: Kustomization;
}

export class KustomizeTree {
  private readonly byDir = new Map<string, Kustomization>();
  private readonly included = new Set<Kustomization>();
  private readonly names = new Map<Kustomization, Set<string>>();
  /** files named as patches (or other partial inputs) by a kustomization */
  readonly partials = new Set<string>();
  readonly roots: Kustomization[];

  constructor(kustomizations: Iterable<Kustomization>, private readonly files: ReadonlySet<string>, private readonly identities: IdentitiesOf) {
    for (const k of kustomizations) if (!this.byDir.has(k.dir)) this.byDir.set(k.dir, k);
    for (const k of this.byDir.values()) {
      for (const e of [...k.resources, ...k.components]) {
        const r = this.resolve(k, e.ref);
        if (r.type === 'kustomization' && r.kustomization !== k) this.included.add(r.kustomization);
      }
      for (const e of k.partials) this.partials.add(joinPath(k.dir, e.ref));
    }
    this.roots = [...this.byDir.values()].filter((k) => !this.included.has(k));
  }

  get kustomizations(): Iterable<Kustomization> {
    return this.byDir.values();
  }

  resolve(k: Kustomization, ref: string): Resolved {
    if (isRemoteRef(ref)) return { type: 'remote' };
    const path = joinPath(k.dir, ref);
    if (this.files.has(path)) return { type: 'file', file: path };
    const dir = this.byDir.get(path);
    if (dir) return { type: 'kustomization', kustomization: dir };
    return { type: 'missing', path };
  }

  /** Every resource file a root emits, with its layers; the first way a file is reached wins. */
  filesOf(root: Kustomization): Map<string, FileRole> {
    const out = new Map<string, FileRole>();
    const visit = (k: Kustomization, above: readonly Layer[], seen: Set<Kustomization>) => {
      if (seen.has(k)) return;
      seen.add(k);
      const layers = [this.layerOf(k, new Set()), ...above];
      for (const e of [...k.resources, ...k.components]) {
        const r = this.resolve(k, e.ref);
        if (r.type === 'file' && !out.has(r.file)) out.set(r.file, { layers, root });
        else if (r.type === 'kustomization') visit(r.kustomization, layers, seen);
      }
    };
    visit(root, [], new Set());
    return out;
  }

  /** The kustomizations a root builds on (itself included). */
  reachable(root: Kustomization): Kustomization[] {
    const out: Kustomization[] = [];
    const visit = (k: Kustomization) => {
      if (out.includes(k)) return;
      out.push(k);
      for (const e of [...k.resources, ...k.components]) {
        const r = this.resolve(k, e.ref);
        if (r.type === 'kustomization') visit(r.kustomization);
      }
    };
    visit(root);
    return out;
  }

  /**
   * The layers of every resource file over all roots. A file several roots emit (a base shared by
   * overlays) keeps the layers they have in common: those of the kustomizations below the sharing.
   */
  allFiles(): Map<string, FileRole> {
    const out = new Map<string, FileRole>();
    for (const root of this.roots) {
      for (const [file, role] of this.filesOf(root)) {
        const known = out.get(file);
        out.set(file, known ? { ...known, layers: commonPrefix(known.layers, role.layers) } : role);
      }
    }
    return out;
  }

  private layerOf(k: Kustomization, visiting: Set<Kustomization>): Layer {
    return { transformers: k.transformers, names: this.namesBefore(k, visiting) };
  }

  /** `kind/name` of the objects a kustomization emits before its own prefix and suffix. */
  private namesBefore(k: Kustomization, visiting: Set<Kustomization>): Set<string> {
    const known = this.names.get(k);
    if (known) return known;
    const names = new Set<string>();
    if (visiting.has(k)) return names;
    visiting.add(k);
    for (const e of [...k.resources, ...k.components]) {
      const r = this.resolve(k, e.ref);
      if (r.type === 'file') for (const id of this.identities(r.file)) names.add(`${id.kind}/${id.name}`);
      if (r.type === 'kustomization') {
        const inner = r.kustomization;
        for (const key of this.namesBefore(inner, visiting)) {
          const slash = key.indexOf('/');
          names.add(`${key.slice(0, slash)}/${renamed(key.slice(slash + 1), inner.transformers)}`);
        }
      }
    }
    this.names.set(k, names);
    return names;
  }
}

function commonPrefix(a: readonly Layer[], b: readonly Layer[]): Layer[] {
  const out: Layer[] = [];
  for (let i = 0; i < a.length && i < b.length && a[i].transformers === b[i].transformers; i++) out.push(a[i]);
  return out;
}

/** The kustomization file of a folder among known files, in kustomize's order of names. */
export function kustomizationFileIn(dir: string, files: ReadonlySet<string>): string | undefined {
  return KUSTOMIZATION_NAMES.map((n) => joinPath(dir, n)).find((f) => files.has(f));
}
