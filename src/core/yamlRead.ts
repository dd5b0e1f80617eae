// Reading fields straight from the yaml AST. The engine never converts whole documents to JS:
// that would cost more than parsing (see the bench), and it would expand alias bombs.
// Every helper resolves aliases one level at a time, which is safe: an alias points at a node,
// it never copies it.
import * as yaml from 'yaml';
import type { Document, Node, Pair, YAMLMap, YAMLSeq } from 'yaml';

// Bound once: bundled, yaml is a CommonJS module whose named imports are read through a getter on
// every call, which was a tenth of the time spent reading objects.
const { isAlias, isMap, isScalar, isSeq } = yaml;

export type AnyNode = Node | null | undefined;

export function deref(doc: Document, node: unknown): AnyNode {
  let n = node as AnyNode;
  for (let hops = 0; n && isAlias(n) && hops < 8; hops++) n = n.resolve(doc) as AnyNode;
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
  const k = deref(doc, key);
  return isScalar(k) && k.value !== null && k.value !== undefined ? String(k.value) : undefined;
}

export function pairOf(doc: Document, map: YAMLMap | undefined, key: string): Pair | undefined {
  if (!map) return undefined;
  for (const item of map.items) if (keyText(doc, item.key) === key) return item;
  return undefined;
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
  const n = deref(doc, node);
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
