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

/** Maps string offsets of one text to positions; line starts are computed once, on first use. */
export class LineIndex {
  private starts: number[] | undefined;

  constructor(
    private readonly text: string,
    /** line of the text's first character in the whole file */
    readonly firstLine = 0,
  ) {}

  private lineStarts(): number[] {
    if (!this.starts) {
      const starts = [0];
      const text = this.text;
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.starts = starts;
    }
    return this.starts;
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
    return { line: this.firstLine + lo, character: clamped - starts[lo] };
  }

  offsetAt(p: Position): number {
    const starts = this.lineStarts();
    const line = p.line - this.firstLine;
    if (line < 0) return 0;
    if (line >= starts.length) return this.text.length;
    const lineEnd = line + 1 < starts.length ? starts[line + 1] - 1 : this.text.length;
    return Math.min(starts[line] + p.character, lineEnd);
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  get lineCount(): number {
    return this.lineStarts().length;
  }
}
