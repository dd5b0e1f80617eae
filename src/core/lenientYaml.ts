// A second, lenient reading of a document that `yaml` (strict YAML 1.2) rejects. kubectl reads manifests
// with go-yaml v2 (via sigs.k8s.io/yaml), which accepts some YAML that strict parsers reject — most often a
// multi-line quoted scalar whose closing line sits at its key's indentation. What kubectl accepts must be
// analysed, so such a chunk is read again with js-yaml, which accepts the same forms (checked against
// kubectl 1.32: `kubectl annotate --local -o json -f FILE k=v` parses locally). js-yaml has no positions:
// the nodes get best-effort ranges by finding each key, in document order, in the text.
import { loadAll } from 'js-yaml';
import * as yaml from 'yaml';
import type { Document, Node } from 'yaml';

const { isMap, isScalar, isSeq, isPair } = yaml;

/** The chunk's documents as kubectl would read them, or undefined when the lenient reader rejects it too. */
export function readLeniently(text: string, maxAliasCount: number): Document[] | undefined {
  let values: unknown[];
  try {
    // json: later duplicate keys overwrite earlier ones instead of failing, as in kubectl
    values = [];
    loadAll(text, (v) => { values.push(v); }, { json: true });
  } catch {
    return undefined;
  }
  return values.map((value) => {
    const doc = new yaml.Document(value, { aliasDuplicateObjects: true, maxAliasCount } as never);
    locateRanges(doc, text);
    return doc;
  });
}

/**
 * Gives every node a range by finding, in document order, each key in the text after the previous one;
 * a value that cannot be found gets its key's range. Good enough to point a finding at the right line.
 */
function locateRanges(doc: Document, text: string): void {
  let cursor = 0;
  const here = (): [number, number, number] => [cursor, cursor, cursor];
  // a value is looked for near its key only: a short value ("1") found far below would skip keys
  const find = (needle: string, window = Infinity): [number, number, number] | undefined => {
    if (!needle) return undefined;
    const at = text.indexOf(needle, cursor);
    if (at < 0 || at - cursor > window) return undefined;
    cursor = at + needle.length;
    return [at, cursor, cursor];
  };
  const visit = (node: unknown, depth: number): void => {
    if (!node || depth > 200) return;
    const n = node as Node & { range?: [number, number, number] };
    const start = cursor;
    if (isMap(n)) {
      for (const pair of n.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as Node & { range?: [number, number, number] };
        if (isScalar(key)) key.range = find(String(key.value)) ?? here();
        const keyRange = key?.range;
        visit(pair.value, depth + 1);
        const value = pair.value as (Node & { range?: [number, number, number] }) | null;
        if (value && !value.range && keyRange) value.range = keyRange;
      }
    } else if (isSeq(n)) {
      for (const item of n.items) visit(item, depth + 1);
    } else if (isScalar(n)) {
      const first = String(n.value ?? '').split('\n')[0].trim().slice(0, 60);
      n.range = (first ? find(first, 200) : undefined) ?? here();
      return;
    } else {
      return;
    }
    n.range = [start, cursor, cursor];
  };
  visit(doc.contents, 0);
}
