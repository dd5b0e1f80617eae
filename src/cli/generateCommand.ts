// `statefulset-storage generate FILE --source KIND … --out DIR`: the "Generate PV/PVC files" quick fix
// on the command line. New files are never overwritten; the StatefulSet file gets storageClassName "".
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { applyEdits } from '../core/edits';
import { generateVolumes, VOLUME_SOURCE_KINDS, VolumeSource } from '../core/generate';
import { flagChoice, flagString, ParsedArgs, UsageError } from './args';
import { InputError } from './files';
import { loadWorkspace, WORKSPACE_FLAGS } from './loadWorkspace';

export const GENERATE_FLAGS = [
  'source', 'out', 'set', 'missing-only', 'one-file', 'server', 'path', 'pool', 'cluster-id', 'image', 'secret', 'secret-namespace',
  'fs-type', 'nodes', 'driver', 'handle', ...WORKSPACE_FLAGS,
];

function need(args: ParsedArgs, name: string, why: string): string {
  const v = flagString(args, name);
  if (!v) throw new UsageError(`--${name} is required ${why}`);
  return v;
}

export function sourceFromArgs(args: ParsedArgs): VolumeSource {
  const kind = flagChoice(args, 'source', VOLUME_SOURCE_KINDS, 'nfs');
  switch (kind) {
    case 'nfs':
      return { kind, server: need(args, 'server', 'for --source nfs'), pathPattern: flagString(args, 'path') ?? '/exports/{namespace}/{claim}' };
    case 'ceph-rbd':
      return {
        kind, clusterID: need(args, 'cluster-id', 'for --source ceph-rbd'), pool: flagString(args, 'pool') ?? 'rbd',
        imagePattern: flagString(args, 'image') ?? '{claim}', secretName: flagString(args, 'secret') ?? 'csi-rbd-secret',
        secretNamespace: flagString(args, 'secret-namespace') ?? 'ceph-csi-rbd', fsType: flagString(args, 'fs-type') ?? 'ext4',
      };
    case 'local':
      return { kind, pathPattern: flagString(args, 'path') ?? '/mnt/disks/{claim}', nodes: (flagString(args, 'nodes') ?? '').split(',').filter(Boolean) };
    case 'hostPath':
      return { kind, pathPattern: flagString(args, 'path') ?? '/var/lib/{set}/{claim}' };
    case 'csi':
      return { kind, driver: need(args, 'driver', 'for --source csi'), handlePattern: flagString(args, 'handle') ?? '{claim}', fsType: flagString(args, 'fs-type') };
  }
}

export const generateCommand = {
  flags: GENERATE_FLAGS,
  async run(args: ParsedArgs, out: NodeJS.WritableStream): Promise<number> {
    if (args.positional.length === 0) throw new UsageError('generate needs the StatefulSet file (and optionally the files with its PVs and claims)');
    const source = sourceFromArgs(args);
    const ws = await loadWorkspace(args);
    const analysis = ws.analyze();
    const wanted = flagString(args, 'set');
    const sets = analysis.index.statefulSets().filter((s) => s.src.file === path.normalize(args.positional[0]) || s.src.file === args.positional[0]);
    const candidates = wanted ? sets.filter((s) => s.name === wanted) : sets;
    if (candidates.length !== 1) {
      throw new UsageError(candidates.length === 0
        ? `no StatefulSet${wanted ? ` named ${wanted}` : ''} in ${args.positional[0]}`
        : `${args.positional[0]} defines ${candidates.length} StatefulSets (${candidates.map((s) => s.name).join(', ')}): choose one with --set`);
    }
    const set = candidates[0];
    const result = generateVolumes(analysis, set, {
      source,
      ordinals: args.flags.has('missing-only') ? 'missing' : 'all',
      layout: args.flags.has('one-file') ? 'single' : 'per-ordinal',
      directory: flagString(args, 'out') ?? path.dirname(set.src.file),
    }, path.join);
    if (result.creates.length === 0) { out.write(`Nothing to generate: every claim of ${set.name} is pre-created or reserved by a PV.\n`); return 0; }
    for (const c of result.creates) {
      try { await fs.access(c.file); throw new InputError(`${c.file} already exists: not overwriting it (choose another --out)`); } catch (e) { if (e instanceof InputError) throw e; }
    }
    const byFile = new Map<string, typeof result.edits[number][]>();
    for (const e of result.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
    for (const c of result.creates) {
      await fs.mkdir(path.dirname(c.file), { recursive: true });
      await fs.writeFile(c.file, c.text, { flag: 'wx' });
      out.write(`wrote ${c.file}\n`);
    }
    for (const [file, edits] of byFile) {
      await fs.writeFile(file, applyEdits(ws.parsed(file)!.text, edits));
      out.write(`updated ${file} (storageClassName: "")\n`);
    }
    for (const v of result.volumes) out.write(`  ${v.claim} ⇄ ${v.volume}\n`);
    return 0;
  },
};
