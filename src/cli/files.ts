// Reading the files named on the command line: directories recursively (*.yaml, *.yml only), files
// named explicitly as given, except that a file whose name is not *.yaml / *.yml (or Kustomization) is
// set aside unread.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isKustomizationFile } from '../core/kustomize/paths';

export class InputError extends Error {}

const SKIP_DIRS = new Set(['node_modules', '.git', '.vscode-test', 'dist']);
export const YAML_FILE = /\.ya?ml$/i;

/** *.yaml, *.yml, and kustomize's extension-less `Kustomization` */
function isManifestName(file: string): boolean {
  return YAML_FILE.test(file) || isKustomizationFile(file.split(path.sep).join('/'));
}

export interface CollectedFiles {
  /** YAML files: those named, and *.yaml / *.yml found in the directories named */
  readonly yaml: string[];
  /** files named explicitly that are not YAML by name (reported as skipped, never parsed) */
  readonly other: string[];
}

export async function collectFiles(paths: readonly string[]): Promise<CollectedFiles> {
  const yaml: string[] = [];
  const other: string[] = [];
  for (const p of paths) {
    let stat;
    try {
      stat = await fs.stat(p);
    } catch (e) {
      throw new InputError(`cannot read ${p}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
    }
    if (stat.isDirectory()) await walk(p, yaml);
    else (isManifestName(p) ? yaml : other).push(p);
  }
  return { yaml: [...new Set(yaml)], other: [...new Set(other)] };
}

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) await walk(p, out);
    } else if (e.isFile() && YAML_FILE.test(e.name)) {
      out.push(p);
    }
  }
}

export async function readText(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${(e as Error).message}`);
  }
}

/** The name findings on stdin's manifests carry (`<stdin>:12:3: …`). */
export const STDIN_FILE = '<stdin>';

/** All of a stream (stdin) as UTF-8 text. */
export async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  } catch (e) {
    throw new InputError(`cannot read stdin: ${(e as Error).message}`);
  }
  return Buffer.concat(chunks).toString('utf8');
}
