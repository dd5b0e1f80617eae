// `check` and `plan` over deployment units: one unit per folder (or kustomization, or `units:` entry of
// `.statefulset-storage.yaml`), explicit files or `--one-unit` as one unit, and each unit's target
// cluster from the flags and its nearest config file. Kustomizations are rendered as analyzeInputs does.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { AnalysisOptions } from '../core/analysis';
import { CONFIG_FILE_NAME, defaultClassFrom, ProfileOverrides } from '../core/project/config';
import { filterFindings } from '../core/project/findingFilters';
import { dirOf } from '../core/project/paths';
import { Project, ProjectOptions } from '../core/project/project';
import { parseMinor } from '../core/profile';
import { parseFile } from '../core/source';
import { flagString, ParsedArgs, UsageError } from './args';
import type { InputHooks } from './analyzeInputs';
import { readText, STDIN_FILE } from './files';
import { analysisOptions, analyzePaths, ANALYSIS_FLAGS, PathsAnalysis } from './loadWorkspace';
import { LIVE_FLAGS, LIVE_SWITCHES, liveOptions, readLiveState } from './liveSnapshots';

export const PROJECT_FLAGS = [...ANALYSIS_FLAGS, 'kube-version', 'default-storage-class', 'one-unit', ...LIVE_FLAGS] as const;
export const PROJECT_SWITCHES = ['one-unit', ...LIVE_SWITCHES];

export function profileFlags(args: ParsedArgs): ProfileOverrides {
  const out: { -readonly [K in keyof ProfileOverrides]: ProfileOverrides[K] } = {};
  const version = flagString(args, 'kube-version');
  if (version !== undefined) {
    const minor = parseMinor(version);
    if (!minor) throw new UsageError(`--kube-version must be a version like 1.30 (got "${version}")`);
    out.kubernetesVersion = `${minor[0]}.${minor[1]}`;
  }
  const cls = flagString(args, 'default-storage-class');
  if (cls !== undefined) {
    if (!cls) throw new UsageError('--default-storage-class must be unknown, none or the name of the class');
    out.defaultStorageClass = defaultClassFrom(cls);
  }
  const ns = flagString(args, 'namespace');
  if (ns) out.namespace = ns;
  return out;
}

async function exists(file: string): Promise<boolean> {
  try { return (await fs.stat(file)).isFile(); } catch { return false; }
}

/**
 * Config files of the folders of `files` and of every folder above them (as written: `a/b` → `a`, ``),
 * and for relative paths the nearest one above the current folder, which then applies to all of them.
 */
async function findConfigs(files: readonly string[]): Promise<{ found: string[]; outer?: string }> {
  const checked = new Map<string, boolean>();
  const found: string[] = [];
  for (const dir of new Set(files.map(dirOf))) {
    for (let d = dir; ; d = dirOf(d)) {
      if (!checked.has(d)) {
        const file = d === '' ? CONFIG_FILE_NAME : `${d}/${CONFIG_FILE_NAME}`;
        const onDisk = d === '' && path.isAbsolute(dir) ? path.join(path.parse(dir).root, CONFIG_FILE_NAME) : file;
        const yes = await exists(onDisk);
        checked.set(d, yes);
        if (yes) found.push(file);
      }
      if (d === '') break;
    }
  }
  if (checked.get('') || !files.some((f) => !path.isAbsolute(f) && !f.startsWith('..'))) return { found };
  for (let d = path.resolve('..'); ; d = path.dirname(d)) {
    const file = path.join(d, CONFIG_FILE_NAME);
    if (await exists(file)) return { found, outer: path.relative('.', file) };
    if (path.dirname(d) === d) return { found };
  }
}

/** The Project over the given files and the config files that apply to them (`overrides`: apply's one unit). */
export async function projectFor(args: ParsedArgs, files: ReadonlyMap<string, string>, overrides: Partial<ProjectOptions> = {}): Promise<Project> {
  const paths = args.positional.length ? args.positional : ['.'];
  const explicitFiles = (await Promise.all(paths.map(async (p) => p === '-' || exists(p)))).every(Boolean);
  const { found, outer } = await findConfigs([...files.keys()].filter((f) => f !== STDIN_FILE));
  const project = new Project({
    ...analysisOptions(args),
    flags: profileFlags(args),
    oneUnit: args.flags.get('one-unit') === true || explicitFiles,
    outerConfigScope: outer ? new Map([[outer, '']]) : undefined,
    ...overrides,
  });
  for (const file of [...found, ...(outer ? [outer] : [])]) project.setFile(file, await readText(file));
  return project;
}

function hooksFor(project: Project, files: ReadonlyMap<string, string>, defaultNamespace?: string): InputHooks {
  return {
    analyzeRest(rest) {
      for (const { file, text } of rest) project.setFile(file, text);
      const a = project.analyze();
      return { units: a.units.map((u) => ({ label: u.unit.label, files: u.unit.files, analysis: u.analysis, profile: u.profile })), findings: a.findings, suppressed: a.suppressed };
    },
    optionsFor(dir: string, options: AnalysisOptions): AnalysisOptions {
      const profile = project.profileFor(dir);
      return { ...options, profile, defaultNamespace: profile.namespace ?? defaultNamespace ?? options.defaultNamespace, live: project.liveFor(dir) };
    },
    filter(dir, findings, texts) {
      const textOf = (f: string) => texts.get(f) ?? files.get(f);
      return filterFindings(findings, project.rulesFor(dir), (f) => { const t = textOf(f); return t === undefined ? undefined : parseFile(f, t); });
    },
  };
}

/**
 * check/plan: the paths (and stdin for `-`) analysed unit by unit; with --live, against the state read
 * from each unit's cluster (`err` gets a warning per cluster that cannot be read).
 */
export async function analyzeProject(args: ParsedArgs, stdin: () => NodeJS.ReadableStream, signal?: AbortSignal, err: NodeJS.WritableStream = process.stderr): Promise<PathsAnalysis> {
  const live = liveOptions(args);
  return analyzePaths(args, stdin, signal, async (files) => {
    // --context: every unit goes to that context (as a flag, it wins over the config files' context)
    const overrides: Partial<ProjectOptions> = live?.context ? { flags: { ...profileFlags(args), context: live.context } } : {};
    let project = await projectFor(args, files, overrides);
    if (!live) return hooksFor(project, files);
    const read = await readLiveState(args, project, files, err, signal);
    // objects that name no namespace go where kubectl apply puts them: the context's namespace (unless --namespace)
    const namespace = flagString(args, 'namespace') === undefined ? read.contextNamespace : undefined;
    if (namespace) project = await projectFor(args, files, { ...overrides, defaultNamespace: namespace });
    project.setClusterSnapshots(read.snapshots, read.currentContext);
    return hooksFor(project, files, namespace);
  });
}
