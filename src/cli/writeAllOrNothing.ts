// Writes a set of files all or not at all: every file first goes to a temp file in its own folder,
// then the temps are renamed into place. Any failure removes the temps and undoes the renames done
// so far (new files deleted, edited files given back their old text), so a rerun starts clean.
import { promises as nodeFs } from 'node:fs';
import * as path from 'node:path';

export interface FileWrite {
  readonly file: string;
  readonly text: string;
  /** the text the file has now, for an edit of an existing file; undefined for a new file */
  readonly original?: string;
}

/** The file operations used, replaceable by a test that makes one of them fail. */
export interface WriteOps {
  writeFile(file: string, text: string, flag: 'wx' | 'w'): Promise<void>;
  readFile(file: string): Promise<string>;
  rename(from: string, to: string): Promise<void>;
  unlink(file: string): Promise<void>;
  exists(file: string): Promise<boolean>;
  mkdir(dir: string): Promise<string | undefined>;
  rmdir(dir: string): Promise<void>;
}

export const NODE_OPS: WriteOps = {
  writeFile: (file, text, flag) => nodeFs.writeFile(file, text, { flag }),
  readFile: (file) => nodeFs.readFile(file, 'utf8'),
  rename: (from, to) => nodeFs.rename(from, to),
  unlink: (file) => nodeFs.unlink(file),
  exists: (file) => nodeFs.lstat(file).then(() => true, () => false),
  mkdir: (dir) => nodeFs.mkdir(dir, { recursive: true }),
  rmdir: (dir) => nodeFs.rm(dir, { recursive: true, force: true }),
};

export class WriteFailed extends Error {}

const tempName = (file: string, n: number) => path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${n}.tmp`);

export async function writeAllOrNothing(writes: readonly FileWrite[], ops: WriteOps = NODE_OPS): Promise<void> {
  const existing: string[] = [];
  for (const w of writes) if (w.original === undefined && await ops.exists(w.file)) existing.push(w.file);
  if (existing.length) throw new WriteFailed(`${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}: not overwriting (choose another --out, or move ${existing.length === 1 ? 'it' : 'them'} away)`);
  const createdDirs: string[] = [];
  const temps = new Map<FileWrite, string>();
  const done: FileWrite[] = [];
  try {
    for (const dir of new Set(writes.map((w) => path.dirname(w.file)))) {
      const first = await ops.mkdir(dir);
      if (first) createdDirs.push(first);
    }
    for (const [i, w] of writes.entries()) {
      const temp = tempName(w.file, i);
      await ops.writeFile(temp, w.text, 'wx');
      temps.set(w, temp);
    }
    for (const w of writes) {
      if (w.original !== undefined && await ops.readFile(w.file) !== w.original) throw new WriteFailed(`${w.file} changed while generating: nothing was written; run the command again`);
      await ops.rename(temps.get(w)!, w.file);
      temps.delete(w);
      done.push(w);
    }
  } catch (e) {
    await undo(done, [...temps.values()], createdDirs, ops);
    if (e instanceof WriteFailed) throw e;
    throw new WriteFailed(`${(e as Error).message}: nothing was written`);
  }
}

/** Best effort: each step runs even when an earlier one fails. */
async function undo(done: readonly FileWrite[], temps: readonly string[], createdDirs: readonly string[], ops: WriteOps): Promise<void> {
  for (const w of [...done].reverse()) {
    try {
      if (w.original === undefined) await ops.unlink(w.file);
      else await ops.writeFile(w.file, w.original, 'w');
    } catch { /* reported by the caller's message; nothing more can be done here */ }
  }
  for (const t of temps) await ops.unlink(t).catch(() => undefined);
  for (const d of createdDirs) await ops.rmdir(d).catch(() => undefined);
}
