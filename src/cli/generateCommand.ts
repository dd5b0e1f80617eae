// `statefulset-storage generate FILE [paths…] --source KIND … [--out DIR]`: the "Generate PV/PVC files"
// quick fix on the command line. It prints every change first; it creates only new files (all or
// none, never overwriting one), and edits existing files only with --write-sources.
import * as path from 'node:path';
import type { CommandIo } from '../cli';
import { applyEdits } from '../core/edits';
import { generateVolumes, GenerateRefused, GenerateResult } from '../core/generate';
import type { StatefulSet } from '../core/model';
import { flagString, ParsedArgs, UsageError } from './args';
import { InputError, readText } from './files';
import { loadGenerateInputs } from './generateInputs';
import { formatGeneratePlan } from './generateReport';
import { SOURCE_FLAGS, sourceFromArgs } from './generateSource';
import { WORKSPACE_FLAGS } from './loadWorkspace';
import { FileWrite, writeAllOrNothing, WriteFailed } from './writeAllOrNothing';

export const GENERATE_FLAGS = [...SOURCE_FLAGS, 'out', 'set', 'missing-only', 'one-file', 'write-sources', 'dry-run', ...WORKSPACE_FLAGS];

function pickSet(sets: readonly StatefulSet[], setFile: string, wanted: string | undefined): StatefulSet {
  const inFile = sets.filter((s) => path.resolve(s.src.file) === path.resolve(setFile));
  const candidates = wanted ? inFile.filter((s) => s.name === wanted) : inFile;
  if (candidates.length === 1) return candidates[0];
  throw new UsageError(candidates.length === 0
    ? `no StatefulSet${wanted ? ` named ${wanted}` : ''} in ${setFile}`
    : `${setFile} defines ${candidates.length} StatefulSets (${candidates.map((s) => s.name).join(', ')}): choose one with --set`);
}

/** Every new file must land directly in the output folder, whatever the names it is built from. */
function checkContained(result: GenerateResult, outDir: string): void {
  const root = path.resolve(outDir);
  for (const c of result.creates) {
    if (path.dirname(path.resolve(c.file)) !== root) throw new InputError(`refusing to write ${c.file}: it is not directly in the output folder ${outDir}`);
  }
}

/** The edited files' new texts, each checked against the disk (the analysed text must be what is there). */
async function sourceWrites(result: GenerateResult, texts: ReadonlyMap<string, string>): Promise<FileWrite[]> {
  const writes: FileWrite[] = [];
  for (const [file, text] of texts) {
    if (await readText(file) !== text) throw new InputError(`${file} changed while generating: nothing was written; run the command again`);
    writes.push({ file, original: text, text: applyEdits(text, result.edits.filter((e) => e.file === file)) });
  }
  return writes;
}

function refuse(e: GenerateRefused, err: NodeJS.WritableStream): number {
  for (const p of e.problems) err.write(`statefulset-storage: cannot generate: ${p.message}\n`);
  // a parameter the user typed is a usage error; a manifest the API server would reject is an error finding
  return e.problems.some((p) => p.origin === 'source') ? 2 : 1;
}

export const generateCommand = {
  flags: GENERATE_FLAGS,
  async run(args: ParsedArgs, out: NodeJS.WritableStream, io: CommandIo): Promise<number> {
    const outFlag = flagString(args, 'out');
    const { ws, setFile, generateConfig } = await loadGenerateInputs(args, outFlag);
    const source = sourceFromArgs(args, generateConfig);
    const analysis = ws.analyze();
    const set = pickSet(analysis.index.statefulSets(), setFile, flagString(args, 'set'));
    const outDir = outFlag ?? path.dirname(set.src.file);
    let result: GenerateResult;
    try {
      result = generateVolumes(analysis, set, {
        source,
        ordinals: args.flags.has('missing-only') ? 'missing' : 'all',
        layout: args.flags.has('one-file') ? 'single' : 'per-ordinal',
        directory: outDir,
      }, path.join);
    } catch (e) {
      if (e instanceof GenerateRefused) return refuse(e, io.err ?? process.stderr);
      throw e;
    }
    checkContained(result, outDir);
    const texts = new Map(result.edits.map((e) => [e.file, ws.parsed(e.file)!.text]));
    const writeSources = args.flags.has('write-sources');
    out.write(formatGeneratePlan(result, { setName: set.name, namespace: set.namespace, source: source.kind, writeSources, texts }));
    if (args.flags.has('dry-run')) { out.write('Nothing written (--dry-run).\n'); return 0; }
    const writes: FileWrite[] = [...result.creates, ...writeSources ? await sourceWrites(result, texts) : []];
    if (writes.length === 0) return 0;
    try {
      await writeAllOrNothing(writes);
    } catch (e) {
      if (e instanceof WriteFailed) throw new InputError(e.message);
      throw e;
    }
    for (const w of writes) out.write(`${w.original === undefined ? 'wrote' : 'edited'} ${w.file}\n`);
    return 0;
  },
};
