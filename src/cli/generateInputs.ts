// What `generate FILE [paths…]` reads: FILE's folder — the YAML files directly in it, as
// `kubectl apply -f DIR` applies them together — plus the extra paths and the output folder, so the
// claims and PVs that already exist there are seen and never generated a second time. The analysis
// uses the target cluster of FILE's folder (flags, then the nearest .statefulset-storage.yaml): its
// namespace is the generated claims' namespace, as check and plan predict them; its `generate:` section
// is the volume source where no flag names one.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Workspace } from '../core/analysis';
import { ParsedArgs, UsageError } from './args';
import { collectFiles, InputError, readText, YAML_FILE } from './files';
import { CONFIG_FILE_NAME } from '../core/project/config';
import { dirOf } from '../core/project/paths';
import { projectFor } from './loadProject';
import type { GenerateConfig } from '../core/project/generateConfig';
import { analysisOptions } from './loadWorkspace';

export interface GenerateInputs {
  readonly ws: Workspace;
  /** FILE as the workspace names it */
  readonly setFile: string;
  /** every file read, as named in the workspace */
  readonly files: readonly string[];
  /** `generate:` of FILE's nearest .statefulset-storage.yaml: the volume source where no flag names one */
  readonly generateConfig: GenerateConfig;
}

/** YAML files directly in `dir` (not below it); none when it does not exist. */
async function yamlFilesIn(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (e) {
    if (['ENOENT', 'ENOTDIR'].includes((e as NodeJS.ErrnoException).code ?? '')) return [];
    throw new InputError(`cannot read ${dir}: ${(e as Error).message}`);
  }
  return entries.filter((e) => e.isFile() && YAML_FILE.test(e.name) && e.name !== CONFIG_FILE_NAME).map((e) => path.join(dir, e.name)).sort();
}

/** The files of extra paths: as check reads them, and any file named explicitly (as before). */
async function namedFiles(paths: readonly string[]): Promise<string[]> {
  const { yaml, other } = await collectFiles(paths);
  return [...yaml, ...other];
}

export async function loadGenerateInputs(args: ParsedArgs, outDir: string | undefined): Promise<GenerateInputs> {
  const [first, ...extra] = args.positional;
  if (!first) throw new UsageError('generate needs the StatefulSet file (and optionally more files or folders with its PVs and claims)');
  let stat;
  try { stat = await fs.stat(first); } catch { throw new InputError(`cannot read ${first}: no such file or directory`); }
  if (!stat.isFile()) throw new UsageError(`generate needs the StatefulSet's file, not a folder: ${first}`);
  const setFile = path.join(path.dirname(first), path.basename(first));
  const candidates = [setFile, ...await yamlFilesIn(path.dirname(setFile)), ...await namedFiles(extra), ...(outDir ? await yamlFilesIn(outDir) : [])];
  const seen = new Set<string>();
  const files: string[] = [];
  for (const f of candidates) {
    const key = path.resolve(f);
    if (!seen.has(key)) { seen.add(key); files.push(f); }
  }
  const project = await projectFor(args, new Map(files.map((f) => [f, ''])));
  const profile = project.profileFor(dirOf(setFile));
  const base = analysisOptions(args);
  const ws = new Workspace({ ...base, profile, defaultNamespace: profile.namespace ?? base.defaultNamespace });
  for (const f of files) ws.setFile(f, await readText(f));
  return { ws, setFile, files, generateConfig: project.generateConfigFor(dirOf(setFile)) };
}
