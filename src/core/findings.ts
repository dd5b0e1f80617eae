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

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

/**
 * At most `max` findings per file: beyond that, the most severe are kept (so that an error still fails
 * a CI run) and one limit-exceeded finding at the top of the file counts the rest. A generated file with
 * thousands of identical problems is unreadable as thousands of findings, in the editor as in a log.
 */
export function capPerFile(findings: readonly Finding[], max: number): Finding[] {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byFile.get(f.file);
    if (list) list.push(f); else byFile.set(f.file, [f]);
  }
  const out: Finding[] = [];
  for (const [file, list] of byFile) {
    if (list.length <= max) { out.push(...list); continue; }
    const ranked = [...list].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || compareFindings(a, b));
    const kept = ranked.slice(0, Math.max(0, max - 1));
    const hidden = ranked.slice(kept.length);
    const count = (s: Severity) => hidden.filter((f) => f.severity === s).length;
    out.push(...kept, {
      code: 'limit-exceeded', severity: 'warning', file, related: [],
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      message: `${hidden.length} more findings in this file are not listed (${count('error')} errors, ${count('warning')} warnings, ${count('info')} info): `
        + `at most ${max} findings are listed per file, the most severe first.`,
    });
  }
  return out;
}
