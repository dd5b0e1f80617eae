// Reading fields straight from the yaml AST. The engine never converts whole documents to JS:
// that would cost more than parsing (see the bench), and it would expand alias bombs.
// Every helper resolves aliases one level at a time, which is safe: an alias points at a node,
// it never copies it (aliases.ts finds each alias's node once per document).
import * as yaml from 'yaml';
import type { Document, Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import { resolveAlias } from './aliases';

// Bound once: bundled, yaml is a CommonJS module whose named imports are read through a getter on
// every call, which was a tenth of the time spent reading objects.
const { isAlias, isMap, isScalar, isSeq } = yaml;

export type AnyNode = Node | null | undefined;

export function deref(doc: Document, node: unknown): AnyNode {
  let n = node as AnyNode;
  if (!n || !isAlias(n)) return n; // most nodes: no alias to follow
  for (let hops = 0; n && isAlias(n) && hops < 8; hops++) n = resolveAlias(doc, n);
  return n && isAlias(n) ? undefined : n;
}

export function asMap(doc: Document, node: unknown): YAMLMap | undefined {
  const n = deref(doc, node);
  return isMap(n) ? n : undefined;
}

export function asSeq(doc: Document, node: unknown): YAMLSeq | undefined {
  const n = deref(doc, node);
  return isSeq(n) ? n : undefined;
}

function keyText(doc: Document, key: unknown): string | undefined {
  const k = isScalar(key) ? key : deref(doc, key);
  return isScalar(k) && k.value !== null && k.value !== undefined ? String(k.value) : undefined;
}

const MERGE_KEY = '<<';
/** how deep `<<` merges are followed (a merge of a merge…); aliases make cycles impossible, this bounds the work */
const MAX_MERGE_DEPTH = 8;

/**
 * The pair kubectl reads for `key`. kubectl decodes with go-yaml v2 (sigs.k8s.io/yaml), which applies a
 * mapping's pairs in order, each overwriting what came before: of duplicate keys the last one wins, and
 * a merge key `<<` sets the keys of the map(s) it names (of a list of maps, the earlier wins) over what
 * came before it. So the pair is found scanning from the end.
 */
export function pairOf(doc: Document, map: YAMLMap | undefined, key: string, depth = 0): Pair | undefined {
  if (!map) return undefined;
  const items = map.items;
  for (let i = items.length - 1; i >= 0; i--) {
    const k = keyText(doc, items[i].key);
    if (k === key) return items[i];
    if (k === MERGE_KEY && depth < MAX_MERGE_DEPTH) {
      const merged = mergedPair(doc, items[i].value, key, depth + 1);
      if (merged) return merged;
    }
  }
  return undefined;
}

function mergedPair(doc: Document, value: unknown, key: string, depth: number): Pair | undefined {
  const n = deref(doc, value);
  if (isMap(n)) return pairOf(doc, n, key, depth);
  if (isSeq(n)) {
    for (const item of n.items) {
      const found = pairOf(doc, asMap(doc, item), key, depth);
      if (found) return found;
    }
  }
  return undefined;
}

/** The maps a `<<` value names, in precedence order (first wins). */
function mergedMaps(doc: Document, value: unknown): YAMLMap[] {
  const n = deref(doc, value);
  if (isMap(n)) return [n];
  if (!isSeq(n)) return [];
  const out: YAMLMap[] = [];
  for (const item of n.items) { const m = asMap(doc, item); if (m) out.push(m); }
  return out;
}

/**
 * Calls `visit(key, pair)` for every key of the map as kubectl sees it: merge keys expanded, and each
 * key once, with the pair that wins (see pairOf). Visits in first-appearance order.
 */
export function forEachEntry(doc: Document, map: YAMLMap | undefined, visit: (key: string, pair: Pair) => void, depth = 0): void {
  if (!map) return;
  // Most maps (labels, annotations) have a few keys, each once, and no merge key: visited as they are,
  // without building a Map per map (a Map per labels map was a visible share of a cold analysis).
  if (map.items.length <= SMALL_MAP && !hasMergeKey(doc, map) && !hasDuplicateKey(doc, map)) {
    for (const item of map.items) {
      const k = keyText(doc, item.key);
      if (k !== undefined) visit(k, item);
    }
    return;
  }
  const winner = new Map<string, Pair>();
  collectEntries(doc, map, winner, depth);
  for (const [k, pair] of winner) visit(k, pair);
}

function collectEntries(doc: Document, map: YAMLMap, into: Map<string, Pair>, depth: number): void {
  for (const item of map.items) {
    const k = keyText(doc, item.key);
    if (k === undefined) continue;
    if (k === MERGE_KEY && depth < MAX_MERGE_DEPTH) {
      // the earlier map of a list wins: apply them last to first
      const maps = mergedMaps(doc, item.value);
      for (let i = maps.length - 1; i >= 0; i--) collectEntries(doc, maps[i], into, depth + 1);
      continue;
    }
    into.set(k, item);
  }
}

/** maps up to this size are checked for duplicate keys pair by pair (quadratic, but on a few keys cheaper than a Map) */
const SMALL_MAP = 8;

/** true when two pairs of a (small) map have the same key text */
function hasDuplicateKey(doc: Document, map: YAMLMap): boolean {
  const items = map.items;
  for (let i = 1; i < items.length; i++) {
    const k = keyText(doc, items[i].key);
    if (k === undefined) continue;
    for (let j = 0; j < i; j++) if (keyText(doc, items[j].key) === k) return true;
  }
  return false;
}

/** true when the map has a merge key (the fast paths below then take the general one) */
function hasMergeKey(doc: Document, map: YAMLMap): boolean {
  for (const item of map.items) if (keyText(doc, item.key) === MERGE_KEY) return true;
  return false;
}

export function field(doc: Document, map: YAMLMap | undefined, key: string): AnyNode {
  return deref(doc, pairOf(doc, map, key)?.value);
}

export function mapField(doc: Document, map: YAMLMap | undefined, key: string): YAMLMap | undefined {
  return asMap(doc, pairOf(doc, map, key)?.value);
}

export function seqField(doc: Document, map: YAMLMap | undefined, key: string): YAMLSeq | undefined {
  return asSeq(doc, pairOf(doc, map, key)?.value);
}

/** Scalar value as text (numbers and booleans too), or undefined when absent, null or not a scalar. */
export function scalarText(doc: Document, node: unknown): string | undefined {
  const n = isScalar(node) ? node : deref(doc, node);
  if (!isScalar(n) || n.value === null || n.value === undefined) return undefined;
  return String(n.value);
}

export function stringField(doc: Document, map: YAMLMap | undefined, key: string): string | undefined {
  return scalarText(doc, pairOf(doc, map, key)?.value);
}

export function numberField(doc: Document, map: YAMLMap | undefined, key: string): number | undefined {
  const n = field(doc, map, key);
  if (!isScalar(n)) return undefined;
  return typeof n.value === 'number' ? n.value : undefined;
}

export function seqItems(doc: Document, seq: YAMLSeq | undefined): AnyNode[] {
  return seq ? seq.items.map((i) => deref(doc, i)) : [];
}

export function stringList(doc: Document, seq: YAMLSeq | undefined): string[] {
  const out: string[] = [];
  for (const item of seqItems(doc, seq)) {
    const t = scalarText(doc, item);
    if (t !== undefined) out.push(t);
  }
  return out;
}

/** A map of scalars (labels, annotations, selectors) as a plain record. */
export function stringMap(doc: Document, map: YAMLMap | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!map) return out;
  if (hasMergeKey(doc, map)) {
    forEachEntry(doc, map, (k, pair) => { out[k] = scalarText(doc, pair.value) ?? ''; });
    return out;
  }
  // later duplicates overwrite earlier ones, as in kubectl
  for (const item of map.items) {
    const k = keyText(doc, item.key);
    const v = scalarText(doc, item.value);
    if (k !== undefined) out[k] = v ?? '';
  }
  return out;
}

/** Keys present in a map, in order. */
export function keysOf(doc: Document, map: YAMLMap | undefined): string[] {
  const out: string[] = [];
  if (map && hasMergeKey(doc, map)) {
    forEachEntry(doc, map, (k) => { out.push(k); });
    return out;
  }
  for (const item of map?.items ?? []) {
    const k = keyText(doc, item.key);
    if (k !== undefined) out.push(k);
  }
  return out;
}

/** [start, end) offsets of a node's value, without trailing comments/whitespace. */
export function nodeSpan(node: AnyNode | Pair['key']): [number, number] | undefined {
  const range = (node as Node | undefined)?.range;
  return range ? [range[0], range[1]] : undefined;
}

/**
 * A quantity's text as kubectl sends it: a plain number keeps its source text (`1e+999` is a string to
 * go-yaml, which cannot make it a float, and a valid quantity to the API server; to yaml it is Infinity).
 */
export function quantityText(doc: Document, node: unknown): string | undefined {
  const n = deref(doc, node);
  if (isScalar(n) && typeof n.value === 'number' && typeof n.source === 'string') return n.source;
  return scalarText(doc, n);
}
