// Findings: what a rule reports. Internally they point at spans (chunk offsets), so cached findings
// stay right when edits elsewhere in the file move their document; positions are computed on output.
import { Range } from './position';

/** Anything a finding can point into: a document (SourceDoc), or a whole file that was not parsed. */
export interface SpanSource {
  readonly file: string;
  rangeOf(start: number, end: number): Range;
}

export interface Span {
  readonly src: SpanSource;
  readonly start: number;
  readonly end: number;
}

export type Severity = 'error' | 'warning' | 'info';

export interface RawFinding {
  readonly code: string;
  readonly severity: Severity;
  readonly at: Span;
  readonly message: string;
  readonly related: readonly { at: Span; message: string }[];
  /** data a quick fix needs (e.g. the suggested name); never required to understand the finding */
  readonly data?: Readonly<Record<string, string>>;
}

export interface RelatedLocation {
  readonly file: string;
  readonly range: Range;
  readonly message: string;
}

export interface Finding {
  readonly code: string;
  readonly severity: Severity;
  readonly file: string;
  readonly range: Range;
  readonly message: string;
  readonly related: readonly RelatedLocation[];
  readonly data?: Readonly<Record<string, string>>;
}

export function toFinding(f: RawFinding): Finding {
  return {
    code: f.code,
    severity: f.severity,
    file: f.at.src.file,
    range: f.at.src.rangeOf(f.at.start, f.at.end),
    message: f.message,
    related: f.related.map((r) => ({ file: r.at.src.file, range: r.at.src.rangeOf(r.at.start, r.at.end), message: r.message })),
    ...(f.data ? { data: f.data } : {}),
  };
}

export function compareFindings(a: Finding, b: Finding): number {
  // equal strings first: localeCompare is slow, and most findings compared share a file
  return (a.file === b.file ? 0 : a.file.localeCompare(b.file)) || a.range.start.line - b.range.start.line
    || a.range.start.character - b.range.start.character || (a.code === b.code ? 0 : a.code.localeCompare(b.code))
    // last: incremental and full analyses collect findings in different orders, and must sort them alike
    || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}
