// Paths as the engine sees them: strings with `/` separators (CLI paths, or `file:///…` URIs in the
// editor). Pure string arithmetic, so discovery gives the same units in the CLI and the editor.

/** The folder of a path: `a/b/c.yaml` → `a/b`; a bare name → `` (the current folder). */
export function dirOf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i === -1 ? '' : path.slice(0, i);
}

export function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return path.slice(i + 1);
}

/** `dir` is `folder` or one of its ancestors (`` is the ancestor of every relative path). */
export function isAncestorOrSelf(dir: string, folder: string): boolean {
  return dir === folder || dir === '' || folder.startsWith(`${dir}/`) || folder.startsWith(`${dir}\\`);
}

/** `folder` relative to its ancestor `dir`, with `/` separators; `` when they are equal. */
export function relativeTo(dir: string, folder: string): string {
  if (dir === folder) return '';
  const rest = dir === '' ? folder : folder.slice(dir.length + 1);
  return rest.split('\\').join('/');
}

/** Depth of a folder, to pick the nearest of several ancestors. */
export function depthOf(dir: string): number {
  return dir === '' ? 0 : dir.split(/[/\\]/).length;
}
