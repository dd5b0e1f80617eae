// Helm and other templating: a document whose YAML holds `{{ … }}` is not Kubernetes YAML until it is
// rendered, and is not analysed. But `{{` is also ordinary text in a comment, in a block scalar (a
// script, a config file) and in annotation values (Vault's agent templates, Prometheus descriptions):
// such documents are plain manifests and are analysed.
import * as yaml from 'yaml';
import type { Document } from 'yaml';

const { isMap, isPair, isScalar, isSeq } = yaml;

/** [start, end) offsets of scalars whose `{{` is text: block scalars anywhere, any annotation value. */
function textRanges(docs: readonly Document[]): [number, number][] {
  const out: [number, number][] = [];
  const stack: { node: unknown; annotations: boolean }[] = docs.map((d) => ({ node: d.contents, annotations: false }));
  while (stack.length > 0) {
    const { node, annotations } = stack.pop()!;
    if (isScalar(node)) {
      const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
      if ((block || annotations) && node.range) out.push([node.range[0], node.range[1]]);
    } else if (isMap(node)) {
      // the values of an `annotations` map are annotation values
      for (const item of node.items) {
        const key = isScalar(item.key) ? item.key.value : undefined;
        stack.push({ node: item.value, annotations: annotations || (key === 'annotations' && isMap(item.value)) });
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push({ node: isPair(item) ? item.value : item, annotations: false });
    }
  }
  return out;
}

/** Whether `at` is inside a comment: a `#` after a blank (or at the line's start) earlier on its line, outside quotes. */
function inComment(text: string, at: number): boolean {
  const lineStart = Math.max(text.lastIndexOf('\n', at - 1), text.lastIndexOf('\r', at - 1)) + 1;
  let quote = '';
  for (let i = lineStart; i < at; i++) {
    const c = text[i];
    if (quote) { if (c === quote) quote = ''; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === lineStart || text[i - 1] === ' ' || text[i - 1] === '\t')) return true;
  }
  return false;
}

/**
 * The offset of the first `{{` of a chunk that is template syntax in its YAML (not in a comment, a block
 * scalar or an annotation value), or undefined. `docs` are the chunk's documents as yaml parsed them;
 * template lines (`{{- if … }}`) often break the parse, and what did not parse is not excluded.
 */
export function templateSyntaxAt(text: string, docs: readonly Document[]): number | undefined {
  let at = text.indexOf('{{');
  if (at === -1) return undefined;
  const ranges = textRanges(docs);
  for (; at !== -1; at = text.indexOf('{{', at + 2)) {
    const where = at;
    if (ranges.some(([start, end]) => where >= start && where < end)) continue;
    if (!inComment(text, at)) return at;
  }
  return undefined;
}
