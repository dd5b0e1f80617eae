// Paths inside kustomizations: always '/'-separated, relative to the kustomization's folder. The engine
// keys files by what its host gives it (a POSIX path in the CLI, a URI string in the editor); both
// are '/'-separated, so these helpers work on either without touching the file system.

/** `scheme://authority` of a URI key, kept as is when normalising (its `//` is no empty segment). */
const URI_PREFIX = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i;

/** File names kustomize looks for in a folder, in its order (`konfig.RecognizedKustomizationFileNames`). */
export const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

export function baseName(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash === -1 ? file : file.slice(slash + 1);
}

export function dirName(file: string): string {
  const slash = file.lastIndexOf('/');
  if (slash === -1) return '.';
  return slash === 0 ? '/' : file.slice(0, slash);
}

export function isKustomizationFile(file: string): boolean {
  return (KUSTOMIZATION_NAMES as readonly string[]).includes(baseName(file));
}

/** `dir` joined with the relative (or absolute) `ref`, with `.` and `..` segments resolved. */
export function joinPath(dir: string, ref: string): string {
  const prefix = URI_PREFIX.exec(dir)?.[0] ?? '';
  const base = dir.slice(prefix.length);
  const combined = ref.startsWith('/') ? ref : `${base}/${ref}`;
  const absolute = combined.startsWith('/');
  const out: string[] = [];
  for (const segment of combined.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (segment !== '..' || !absolute) out.push(segment);
  }
  const joined = out.join('/');
  return prefix + (absolute ? `/${joined}` : joined || '.');
}

/**
 * A reference kustomize fetches from elsewhere (a git repository or a URL): it cannot be read from
 * the files at hand (`api/internal/git/repospec.go` accepts these forms).
 */
export function isRemoteRef(ref: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) || /^git@/.test(ref) || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(ref) || /[?&]ref=/.test(ref);
}
