// Inline suppression: `# statefulset-storage: ignore CODE[, CODE…] -- reason` on the line above an
// object (its first line) or a field suppresses those codes in that object or field. Read from the
// text alone, so it works the same for every rule and in the CLI and the editor.
export interface Suppression {
  readonly codes: readonly string[];
  readonly reason: string;
  /** 0-based line of the comment */
  readonly line: number;
  /** 0-based lines it covers, inclusive */
  readonly from: number;
  readonly to: number;
}

export const DIRECTIVE = 'statefulset-storage:';
const COMMENT = /^\s*#\s*statefulset-storage:\s*ignore\s+([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*(?:--\s*(.*?))?\s*$/;
const indentOf = (line: string) => line.length - line.trimStart().length;
const isBlankOrComment = (line: string) => /^\s*(#.*)?$/.test(line);
const isSeparator = (line: string) => /^(---|\.\.\.)(\s|$)/.test(line);

const cache = new Map<string, readonly Suppression[]>();

/** The suppressions of a text (the last few texts are cached: analyses ask again for unchanged files). */
export function suppressionsIn(text: string): readonly Suppression[] {
  if (!text.includes(DIRECTIVE)) return [];
  const hit = cache.get(text);
  if (hit) return hit;
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const out: Suppression[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = COMMENT.exec(lines[i]);
    if (!m) continue;
    let target = i + 1;
    while (target < lines.length && isBlankOrComment(lines[target])) target++;
    if (target >= lines.length || isSeparator(lines[target])) continue;
    out.push({ codes: m[1].split(',').map((c) => c.trim()), reason: m[2] ?? '', line: i, from: target, to: scopeEnd(lines, target) });
  }
  if (cache.size > 200) cache.clear();
  cache.set(text, out);
  return out;
}

/** The last line of the object (when `target` is its first line) or of the field starting at `target`. */
function scopeEnd(lines: readonly string[], target: number): number {
  let first = true;
  for (let j = target - 1; j >= 0 && !isSeparator(lines[j]); j--) if (!isBlankOrComment(lines[j])) { first = false; break; }
  let last = target;
  if (first) {
    for (let j = target + 1; j < lines.length && !isSeparator(lines[j]); j++) if (!isBlankOrComment(lines[j])) last = j;
    return last;
  }
  const indent = indentOf(lines[target]);
  // `key:` followed by a list at the same indentation (kubectl's style) still owns that list
  const ownsSameIndentList = /:\s*(#.*)?$/.test(lines[target]);
  for (let j = target + 1; j < lines.length; j++) {
    const line = lines[j];
    if (isBlankOrComment(line)) continue;
    const d = indentOf(line);
    if (d > indent || (ownsSameIndentList && d === indent && line.trimStart().startsWith('- '))) last = j;
    else break;
  }
  return last;
}

/** The suppression covering a finding of `code` that starts on `line`, if any. */
export function suppressionFor(suppressions: readonly Suppression[], code: string, line: number): Suppression | undefined {
  return suppressions.find((s) => s.from <= line && line <= s.to && s.codes.includes(code));
}

/** The comment that suppresses `code` at a line indented like `lineText`. */
export function ignoreComment(code: string, lineText: string, reason = 'why this is fine here'): string {
  const indent = lineText.slice(0, indentOf(lineText));
  return `${indent}# ${DIRECTIVE} ignore ${code} -- ${reason}\n`;
}
