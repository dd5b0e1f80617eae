// YAML aliases, resolved once per document. yaml's Alias.resolve walks the whole document on every
// call, so reading a document with many aliases took time quadratic in its size; and a document whose
// aliases expand to billions of nodes ("billion laughs") must be recognised without expanding it.
import * as yaml from 'yaml';
import type { Alias, Document, Node } from 'yaml';

const { isAlias, isMap, isPair, isScalar, isSeq } = yaml;

const SATURATED = 1e15;

const targetsByDoc = new WeakMap<Document, WeakMap<Alias, Node | undefined>>();

/** The children of a node in document order (keys and values of maps and pairs). */
function children(node: unknown, out: unknown[]): void {
  if (isMap(node) || isSeq(node)) {
    for (const item of node.items) {
      if (isPair(item)) { out.push(item.key, item.value); } else out.push(item);
    }
  } else if (isPair(node)) {
    out.push(node.key, node.value);
  }
}

/**
 * Each alias's node: the last node before it (in document order) with its anchor, as yaml's
 * Alias.resolve defines it, found in one walk. An anchored collection that contains an alias to
 * itself is such a node: the cycle is left to the expansion count to reject.
 */
function targetsOf(doc: Document): WeakMap<Alias, Node | undefined> {
  let targets = targetsByDoc.get(doc);
  if (targets) return targets;
  targets = new WeakMap();
  const anchors = new Map<string, Node>();
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    if (isAlias(node)) { targets.set(node, anchors.get(node.source)); continue; }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor && !isPair(node)) anchors.set(anchor, node as Node);
    const list: unknown[] = [];
    children(node, list);
    for (let i = list.length - 1; i >= 0; i--) stack.push(list[i]);
  }
  targetsByDoc.set(doc, targets);
  return targets;
}

export function resolveAlias(doc: Document, alias: Alias): Node | undefined {
  return targetsOf(doc).get(alias);
}

/** Whether a document has an alias (a cheap text test first: no `*`, no alias). */
export function hasAliases(doc: Document, text: string): boolean {
  if (!text.includes('*')) return false;
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) return true;
    children(node, stack);
  }
  return false;
}

export interface Expansion {
  /** nodes a decoder visits with every alias expanded (go-yaml's decodeCount) */
  readonly nodes: number;
  /** of these, the nodes visited inside an alias's expansion (go-yaml's aliasCount) */
  readonly fromAliases: number;
  /** an alias inside the node it refers to: infinite */
  readonly cyclic: boolean;
}

/**
 * The size of a document with its aliases expanded, computed without expanding them: each node's
 * expanded size is computed once (post-order, iteratively) and aliases add their target's.
 */
export function expansionOf(doc: Document): Expansion {
  const targets = targetsOf(doc);
  const size = new Map<unknown, number>();
  const aliased = new Map<unknown, number>();
  const onPath = new Set<unknown>();
  let cyclic = false;
  const stack: { node: unknown; done: boolean }[] = [{ node: doc.contents, done: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    const node = isAlias(top.node) ? targets.get(top.node) : top.node;
    if (!node || typeof node !== 'object' || size.has(node)) continue;
    const list: unknown[] = [];
    children(node, list);
    if (!top.done) {
      if (onPath.has(node)) { cyclic = true; continue; }
      onPath.add(node);
      stack.push({ node, done: true });
      for (const child of list) stack.push({ node: child, done: false });
      continue;
    }
    onPath.delete(node);
    let nodes = isPair(node) ? 0 : 1;
    let fromAliases = 0;
    for (const child of list) {
      if (isAlias(child)) {
        const target = targets.get(child);
        const n = target ? (size.get(target) ?? 0) : 0;
        nodes += 1 + n;
        fromAliases += n;
      } else if (child && typeof child === 'object') {
        nodes += size.get(child) ?? (isScalar(child) ? 1 : 0);
        fromAliases += aliased.get(child) ?? 0;
      }
    }
    // saturated: chained aliases double per level, and Infinity / Infinity would compare as NaN
    size.set(node, Math.min(nodes, SATURATED));
    aliased.set(node, Math.min(fromAliases, SATURATED));
    if (cyclic) break;
  }
  const root = isAlias(doc.contents) ? undefined : doc.contents;
  return { nodes: size.get(root) ?? 0, fromAliases: aliased.get(root) ?? 0, cyclic };
}

/**
 * go-yaml v2's rule (decode.go, allowedAliasRatio), which kubectl applies: a document is rejected with
 * "document contains excessive aliasing" when more than 100 nodes come from aliases, more than 1,000 are
 * decoded, and the share from aliases exceeds 99% (up to 400,000 nodes) falling to 10% (4,000,000).
 */
export function excessiveAliasing(e: Expansion): boolean {
  if (e.cyclic) return true;
  if (e.fromAliases <= 100 || e.nodes <= 1000) return false;
  const low = 400000;
  const high = 4000000;
  const allowed = e.nodes <= low ? 0.99 : e.nodes >= high ? 0.10 : 0.99 - 0.89 * ((e.nodes - low) / (high - low));
  return e.fromAliases / e.nodes > allowed;
}
