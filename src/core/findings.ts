// Findings: what a rule reports. Internally they point at spans (chunk offsets), so cached findings
// stay right when edits elsewhere in the file move their document; positions are computed on output.
import { Range } from './position';

/** Anything a finding can point into: a document (SourceDoc), or a whole file that was not parsed. */
export interface SpanSource {
  readonly file: string;
  rangeOf(start: number, end: number): Range;
  /**
   * A document's chunk (SourceDoc): its `lines` object is replaced, never changed, when the document
   * moves in its file, so ranges computed with the same `lines` are still right. A source without a
   * chunk answers the same ranges for as long as it lives.
   */
  readonly chunk?: { readonly lines: object };
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

/** What a span's range is computed from: the same object gives the same range. */
const positionsOf = (src: SpanSource): object => src.chunk?.lines ?? src;

/**
 * toFinding's result per raw finding, with what its ranges were computed from. Raw findings are kept
 * across analyses (with their object, component or document), so an analysis converts only the ones
 * that are new or moved, and an unchanged finding stays the same Finding object: what keeps the later
 * steps (per-file lists, rule settings, the editor's delta) proportional to what changed.
 */
const converted = new WeakMap<RawFinding, { finding: Finding; at: object; related: readonly object[] }>();

function stillPlaced(hit: { at: object; related: readonly object[] }, f: RawFinding): boolean {
  if (hit.at !== positionsOf(f.at.src)) return false;
  for (let i = 0; i < f.related.length; i++) if (hit.related[i] !== positionsOf(f.related[i].at.src)) return false;
  return true;
}

/** The finding with its positions; the same object as last time while its documents did not move. */
export function toFinding(f: RawFinding): Finding {
  const hit = converted.get(f);
  if (hit && stillPlaced(hit, f)) return hit.finding;
  const finding = convert(f);
  converted.set(f, { finding, at: positionsOf(f.at.src), related: f.related.map((r) => positionsOf(r.at.src)) });
  return finding;
}

/**
 * Each span's range while its document does not move. Rules point at the spans of the model's objects
 * (a PV's name), kept with the objects: a rule that runs again names the same spans.
 */
const spanRanges = new WeakMap<Span, { positions: object; range: Range }>();

function rangeOfSpan(span: Span): Range {
  const positions = positionsOf(span.src);
  const hit = spanRanges.get(span);
  if (hit && hit.positions === positions) return hit.range;
  const range = span.src.rangeOf(span.start, span.end);
  spanRanges.set(span, { positions, range });
  return range;
}

function convert(f: RawFinding): Finding {
  return {
    code: f.code,
    severity: f.severity,
    file: f.at.src.file,
    range: rangeOfSpan(f.at),
    message: f.message,
    related: f.related.map((r) => ({ file: r.at.src.file, range: rangeOfSpan(r.at), message: r.message })),
    ...(f.data ? { data: f.data } : {}),
  };
}

/**
 * Every field of a Finding, for sameFinding: a field added to Finding without being added here is a
 * type error (the delta to the editor would otherwise take two different findings for one).
 */
const COMPARED: { readonly [K in keyof Finding]-?: true } = { code: true, severity: true, file: true, range: true, message: true, related: true, data: true };
void COMPARED;

export const sameRange = (a: Range, b: Range) => a.start.line === b.start.line && a.start.character === b.start.character
  && a.end.line === b.end.line && a.end.character === b.end.character;

function sameData(a: Finding['data'], b: Finding['data']): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) if (a[k] !== b[k] || !Object.prototype.hasOwnProperty.call(b, k)) return false;
  return true;
}

/** Whether two findings say the same thing at the same place (every field equal). */
export function sameFinding(a: Finding, b: Finding): boolean {
  return a === b || (a.message === b.message && sameButMessage(a, b));
}

/** Whether two findings are equal in every field but perhaps the message. */
export function sameButMessage(a: Finding, b: Finding): boolean {
  if (a.code !== b.code || a.severity !== b.severity || a.file !== b.file || !sameRange(a.range, b.range)) return false;
  if (a.related.length !== b.related.length) return false;
  for (let i = 0; i < a.related.length; i++) {
    const x = a.related[i];
    const y = b.related[i];
    if (x.file !== y.file || x.message !== y.message || !sameRange(x.range, y.range)) return false;
  }
  return sameData(a.data, b.data);
}

/** Files in the order findings are sorted in (equal strings first: localeCompare is slow, and most findings compared share a file). */
export const compareFiles = (a: string, b: string): number => (a === b ? 0 : a.localeCompare(b));

/** Findings grouped by file, in the order their files first come. */
export function groupByFile<F extends { readonly file: string }>(findings: Iterable<F>): Map<string, F[]> {
  const groups = new Map<string, F[]>();
  for (const f of findings) {
    const group = groups.get(f.file);
    if (group) group.push(f); else groups.set(f.file, [f]);
  }
  return groups;
}

export function compareFindings(a: Finding, b: Finding): number {
  return compareFiles(a.file, b.file) || a.range.start.line - b.range.start.line
    || a.range.start.character - b.range.start.character || (a.code === b.code ? 0 : a.code.localeCompare(b.code))
    // last: incremental and full analyses collect findings in different orders, and must sort them alike
    || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

/**
 * One file's findings, sorted (compareFindings), with at most `max` of them: beyond that, the most
 * severe are kept (so that an error still fails a CI run) and one limit-exceeded finding at the top of
 * the file counts the rest. A generated file with thousands of identical problems is unreadable as
 * thousands of findings, in the editor as in a log. One sort: the kept ones are picked by severity
 * from the sorted list, in its order.
 */
export function sortedAndCapped(findings: readonly Finding[], max: number): Finding[] {
  if (findings.length <= max) return [...findings].sort(compareFindings);
  // findings at one place with one message: the more severe first, as ranking by severity then sorting left them
  const sorted = [...findings].sort((a, b) => compareFindings(a, b) || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  const room = Math.max(0, max - 1);
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of sorted) counts[f.severity]++;
  // the most severe first: all of a severity while they fit, then the first of the next in file order
  const shown = { error: 0, warning: 0, info: 0 };
  let left = room;
  for (const s of SEVERITIES) { shown[s] = Math.min(counts[s], left); left -= shown[s]; }
  const quota = { ...shown };
  const kept: Finding[] = [];
  for (const f of sorted) if (quota[f.severity]-- > 0) kept.push(f);
  const hidden = (s: Severity) => counts[s] - shown[s];
  const limit: Finding = {
    code: 'limit-exceeded', severity: 'warning', file: sorted[0].file, related: [],
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    message: `${sorted.length - kept.length} more findings in this file are not listed (${hidden('error')} errors, ${hidden('warning')} warnings, ${hidden('info')} info): `
      + `at most ${max} findings are listed per file, the most severe first.`,
  };
  // after the kept ones it equals (as a stable sort of kept + limit places it)
  let at = 0;
  while (at < kept.length && compareFindings(kept[at], limit) <= 0) at++;
  kept.splice(at, 0, limit);
  return kept;
}
