// Text edits on YAML sources that keep the author's layout: values replaced in place, keys inserted
// with the indentation of their siblings (block style) or after the brace (flow style).
// Edits are plain data; the extension turns them into a WorkspaceEdit, the CLI writes files.
import { stringify, YAMLMap } from 'yaml';
import { LineIndex, Range } from './position';
import { SourceDoc } from './source';

export interface TextEdit {
  readonly file: string;
  readonly range: Range;
  readonly newText: string;
}

export interface FileCreate {
  readonly file: string;
  readonly text: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  readonly creates: readonly FileCreate[];
  /** the fix the user most likely wants for its finding */
  readonly preferred?: boolean;
}

export function replaceSpan(src: SourceDoc, start: number, end: number, newText: string): TextEdit {
  return { file: src.file, range: src.rangeOf(start, end), newText };
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/**
 * Inserts `key: value` into a map, rendering `value` (plain data) in the map's style: on its own lines
 * with the siblings' indentation in block style, inline after the brace in flow style.
 */
export function insertEntry(src: SourceDoc, map: YAMLMap, key: string, value: unknown): TextEdit {
  const text = src.chunk.text;
  if (map.flow) {
    const open = map.range?.[0] ?? 0;
    const inline = `${key}: ${stringify(value, { collectionStyle: 'flow', lineWidth: 0 }).trim()}`;
    return replaceSpan(src, open + 1, open + 1, map.items.length ? ` ${inline},` : ` ${inline} `);
  }
  const first = map.items[0]?.key as { range?: [number, number, number] } | undefined;
  const at = first?.range?.[0] ?? map.range?.[0] ?? 0;
  const lineStart = lineStartOf(text, at);
  const indent = ' '.repeat(at - lineStart);
  const body = renderEntry(key, value, indent);
  // Insert before the first key, on its own line unless that key follows `- ` in a sequence item.
  if (text.slice(lineStart, at).trim() !== '') return replaceSpan(src, at, at, `${body}\n${indent}`);
  return replaceSpan(src, lineStart, lineStart, `${indent}${body}\n`);
}

/** `key: value` in block style; nested lines carry `indent` plus two spaces. */
export function renderEntry(key: string, value: unknown, indent: string): string {
  if (value === null || typeof value !== 'object') return `${key}: ${stringify(value).trim()}`;
  const lines = stringify(value, { lineWidth: 0 }).trimEnd().split('\n');
  return `${key}:\n${lines.map((l) => `${indent}  ${l}`).join('\n')}`;
}

/** Applies edits of one file to its text (edits must not overlap). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineIndex(text);
  const withOffsets = edits.map((e) => ({ e, start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end) }));
  withOffsets.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const { e, start, end } of withOffsets) out = out.slice(0, start) + e.newText + out.slice(end);
  return out;
}
