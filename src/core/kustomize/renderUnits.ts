// What a host renders: each top kustomization among all the files (one that no other kustomization
// includes, wherever the files' deployment units put them), with every file its output depends on —
// kustomization files, resources, patches — whose findings the rendering replaces.
import type { ParsedFile } from '../source';
import { Kustomization, readKustomization } from './kustomization';
import { isKustomizationFile, joinPath } from './paths';
import { KustomizeTree } from './tree';
import { identitiesIn } from './workspaceView';

export interface KustomizeRenderUnit {
  /** the kustomization file */
  readonly root: string;
  /** its folder: what `kubectl kustomize` is given */
  readonly dir: string;
  readonly files: readonly string[];
}

export function kustomizeRenderUnits(files: Iterable<string>, parsedOf: (file: string) => ParsedFile | undefined): KustomizeRenderUnit[] {
  const all = new Set(files);
  const kustomizations: Kustomization[] = [];
  for (const file of all) {
    if (!isKustomizationFile(file)) continue;
    const doc = parsedOf(file)?.chunks[0]?.docs[0];
    const k = doc && readKustomization(doc);
    if (k) kustomizations.push(k);
  }
  if (kustomizations.length === 0) return [];
  const tree = new KustomizeTree(kustomizations, all, (f) => identitiesIn(parsedOf(f)));
  return tree.roots.map((root) => {
    const unitFiles = new Set<string>(tree.filesOf(root).keys());
    for (const k of tree.reachable(root)) {
      unitFiles.add(k.file);
      for (const e of k.partials) unitFiles.add(joinPath(k.dir, e.ref));
    }
    return { root: root.file, dir: root.dir, files: [...unitFiles].filter((f) => all.has(f)) };
  });
}
