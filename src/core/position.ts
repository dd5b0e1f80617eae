// Positions are 0-based line/character (UTF-16 code units), like LSP and VS Code.
// The CLI converts to 1-based at its edge.

export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/**
 * Where each line of a text starts. Lines end at LF, CRLF or a lone CR, as in editors and in kubectl's
 * YAML parser (go-yaml reads a lone CR as a line break).
 */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  if (!text.includes('\r')) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

/** The number of line breaks (LF, CRLF, lone CR) in a text. */
export function countLineBreaks(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  if (text.includes('\r')) for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 10) n++;
  return n;
}

const BOM = 0xfeff;

/** Maps string offsets of one text to positions; line starts are computed once, on first use. */
export class LineIndex {
  private starts: number[] | undefined;
  /** a byte order mark at the start of a file is not a column: editors do not show it */
  private readonly bom: number;

  constructor(
    private readonly text: string,
    /** line of the text's first character in the whole file */
    readonly firstLine = 0,
  ) {
    this.bom = firstLine === 0 && text.charCodeAt(0) === BOM ? 1 : 0;
  }

  private lineStarts(): number[] {
    return (this.starts ??= lineStartsOf(this.text));
  }

  positionAt(offset: number): Position {
    const starts = this.lineStarts();
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    const character = clamped - starts[lo];
    return { line: this.firstLine + lo, character: lo === 0 && this.bom ? Math.max(0, character - 1) : character };
  }

  offsetAt(p: Position): number {
    const starts = this.lineStarts();
    const line = p.line - this.firstLine;
    if (line < 0) return 0;
    if (line >= starts.length) return this.text.length;
    const lineEnd = line + 1 < starts.length ? starts[line + 1] - 1 : this.text.length;
    return Math.min(starts[line] + p.character + (line === 0 ? this.bom : 0), lineEnd);
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  get lineCount(): number {
    return this.lineStarts().length;
  }
}
