// `generate:` in .statefulset-storage.yaml: the volume source that `generate` uses for the units below the
// file (the cluster's storage is a fact of the cluster, like its version), so a team writes it once
// instead of repeating --source and its parameters. Keys are the CLI's flags in camelCase; values are
// kept as the flags' strings and read by the same code as the flags (src/cli/generateSource.ts).
import * as yaml from 'yaml';
import type { Node, Pair } from 'yaml';
import { VOLUME_SOURCE_KINDS } from '../generate';

const { isMap, isScalar, isSeq } = yaml;

/** config key → the flag it stands for */
export const GENERATE_KEYS: Readonly<Record<string, string>> = {
  source: 'source', server: 'server', path: 'path', pool: 'pool', clusterID: 'cluster-id', image: 'image', secret: 'secret',
  secretNamespace: 'secret-namespace', fsType: 'fs-type', nodes: 'nodes', driver: 'driver', handle: 'handle',
};

/** flag name → value, as the flags would give it */
export type GenerateConfig = Readonly<Record<string, string>>;

interface ProblemSink {
  problem(node: Node | Pair['key'] | null | undefined, message: string): void;
  source(node: unknown): string | undefined;
}

/** The `generate:` mapping; a bad entry is reported and skipped, the rest applies. */
export function readGenerate(r: ProblemSink, pair: Pair): GenerateConfig {
  const map = pair.value;
  const out: Record<string, string> = {};
  if (!isMap(map)) { r.problem((map as Node | null) ?? pair.key as Node, `generate must be a mapping with the keys ${Object.keys(GENERATE_KEYS).join(', ')}`); return out; }
  for (const item of map.items) {
    const key = isScalar(item.key) ? String(item.key.value) : '';
    const flag = GENERATE_KEYS[key];
    if (!flag) { r.problem(item.key as Node, `unknown key "${key}" in generate: ${Object.keys(GENERATE_KEYS).join(', ')}`); continue; }
    const value = key === 'nodes' && isSeq(item.value) ? item.value.items.map((n) => r.source(n) ?? '').filter(Boolean).join(',') : r.source(item.value);
    const at = (item.value as Node | null) ?? item.key as Node;
    if (!value) r.problem(at, `generate.${key} must be a non-empty string${key === 'nodes' ? ' or a list of node names' : ''}`);
    else if (key === 'source' && !(VOLUME_SOURCE_KINDS as readonly string[]).includes(value)) r.problem(at, `generate.source must be one of ${VOLUME_SOURCE_KINDS.join(', ')} (got "${value}")`);
    else out[flag] = value;
  }
  return out;
}
