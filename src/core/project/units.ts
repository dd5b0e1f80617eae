// Deployment units: which files go to one cluster together. A pure function of paths and config texts,
// so the CLI and the editor find the same units. Rules, the binding prediction, lenses, plan and tree
// look inside one unit: two apps in sibling folders are not judged as if applied together.
//   1. a `units:` entry of the nearest `.statefulset-storage.yaml` (only that one) that names the folder
//      (paths/globs, optionally recursive) — several folders then form one unit;
//   2. else the nearest folder at or above it that holds a kustomization file (with its subfolders);
//   3. else the folder itself, as `kubectl apply -f DIR` and Argo CD's directory apps take it.
import { CONFIG_FILE_NAME, ProjectConfig, UnitSpec } from './config';
import { baseName, depthOf, dirOf, isAncestorOrSelf, relativeTo } from './paths';

export interface Unit {
  /** stable key: the folder, or `<config file>#<entry>` for a `units:` entry */
  readonly id: string;
  /** for people: the folder, or the folders of a `units:` entry */
  readonly label: string;
  /** the folder from which the nearest config file is looked up */
  readonly root: string;
  /** in the order they were given */
  readonly files: readonly string[];
}

/** A config file and the folder below which it applies (normally its own). */
export interface ConfigEntry {
  readonly scope: string;
  readonly config: ProjectConfig;
}

const KUSTOMIZATION = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

export function isConfigFile(file: string): boolean {
  return baseName(file) === CONFIG_FILE_NAME;
}

export function isKustomizationFile(file: string): boolean {
  return KUSTOMIZATION.has(baseName(file));
}

/** The config that applies to a folder: the one of the nearest folder at or above it. */
export function nearestConfig(folder: string, configs: readonly ConfigEntry[]): ConfigEntry | undefined {
  let best: ConfigEntry | undefined;
  for (const c of configs) {
    if (isAncestorOrSelf(c.scope, folder) && (!best || depthOf(c.scope) > depthOf(best.scope))) best = c;
  }
  return best;
}

/** `**` any folders, `*` and `?` within one folder name; the whole relative path must match. */
function folderPattern(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') { re += '.*'; i++; if (glob[i + 1] === '/') i++; } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^$()|[\]{}\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function specMatches(spec: UnitSpec, relative: string, patterns: Map<string, RegExp>): boolean {
  const candidates = [relative];
  if (spec.recursive) for (let d = dirOf(relative); ; d = dirOf(d)) { candidates.push(d); if (d === '') break; }
  return spec.paths.some((p) => {
    let re = patterns.get(p);
    if (!re) patterns.set(p, (re = folderPattern(p)));
    return candidates.some((c) => re.test(c));
  });
}

const join = (dir: string, rel: string) => (dir === '' ? rel || '.' : rel ? `${dir}/${rel}` : dir);

/** Every manifest file (config files are not manifests) in exactly one unit. */
export function discoverUnits(files: readonly string[], configs: readonly ConfigEntry[], oneUnit = false): Unit[] {
  const manifests = files.filter((f) => !isConfigFile(f));
  if (oneUnit) {
    const root = manifests.map(dirOf).reduce<string | undefined>((a, b) => (a === undefined ? b : commonDir(a, b)), undefined) ?? '';
    return manifests.length ? [{ id: '', label: root || '.', root, files: manifests }] : [];
  }
  const kustomized = [...new Set(manifests.filter(isKustomizationFile).map(dirOf))];
  const byFolder = new Map<string, { id: string; label: string; root: string }>();
  const patterns = new Map<string, RegExp>();
  const unitOfFolder = (folder: string) => {
    const c = nearestConfig(folder, configs);
    const relative = c ? relativeTo(c.scope, folder) : '';
    const i = c ? c.config.units.findIndex((spec) => specMatches(spec, relative, patterns)) : -1;
    if (c && i !== -1) return { id: `${c.config.file}#${i}`, label: c.config.units[i].paths.map((p) => join(c.scope, p)).join(' + '), root: c.scope };
    let k: string | undefined;
    for (const d of kustomized) if (isAncestorOrSelf(d, folder) && (k === undefined || depthOf(d) > depthOf(k))) k = d;
    const dir = k ?? folder;
    return { id: dir, label: dir || '.', root: dir };
  };
  const units = new Map<string, { id: string; label: string; root: string; files: string[] }>();
  for (const file of manifests) {
    const folder = dirOf(file);
    let u = byFolder.get(folder);
    if (!u) byFolder.set(folder, (u = unitOfFolder(folder)));
    const unit = units.get(u.id);
    if (unit) unit.files.push(file); else units.set(u.id, { ...u, files: [file] });
  }
  return [...units.values()].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

function commonDir(a: string, b: string): string {
  while (!isAncestorOrSelf(a, b)) a = dirOf(a);
  return a;
}
