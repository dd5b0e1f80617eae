// Findings about files and documents as text: what does not parse, what was not analysed.
import { RawFinding } from '../findings';
import { guarded, InternalFailure, internalErrorFinding } from '../guard';
import { readManifest } from '../manifest';
import type { ClusterProfile } from '../profile';
import { ParsedFile, SourceDoc } from '../source';
import { DOCUMENT_RULES } from './index';
import { reporterFor } from './rule';

export function fileSkippedFinding(file: ParsedFile): RawFinding | undefined {
  if (!file.skipped) return undefined;
  if (file.skipped.failure) {
    const src = { file: file.file, rangeOf: () => ({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }) };
    return internalErrorFinding({ src, start: 0, end: 0 }, file.skipped.failure, 'this file');
  }
  return skippedFileFinding(file.file, file.skipped.reason);
}

/** At the start of the file; `reason` completes "Not analysed: …". */
export function skippedFileFinding(file: string, reason: string): RawFinding {
  const src = { file, rangeOf: () => ({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }) };
  return { code: 'file-skipped', severity: 'warning', at: { src, start: 0, end: 0 }, related: [], message: `Not analysed: ${reason}.` };
}

/**
 * What is wrong with a document as text: syntax errors, what only kubectl accepts, a limit it exceeds,
 * an internal error. Built on every analysis, not cached: the messages give the document's position,
 * which edits above it change.
 */
export function syntaxFindings(doc: SourceDoc, readFailure?: InternalFailure): RawFinding[] {
  const out: RawFinding[] = doc.problems.slice(0, 3).map((p) => ({
    code: 'yaml-syntax', severity: 'error', at: { src: doc, start: p.start, end: p.end }, related: [],
    message: `Document ${doc.index + 1} does not parse: ${p.message}. kubectl rejects the whole file; the other documents were still analysed.`,
  }));
  for (const n of doc.notes.slice(0, 3)) out.push({ code: 'yaml-portability', severity: 'warning', at: { src: doc, start: n.start, end: n.end }, related: [], message: portabilityMessage(doc, n.message) });
  const notice = doc.notice;
  const what = `document ${doc.index + 1}`;
  if (notice?.failure) out.push(internalErrorFinding({ src: doc, start: notice.start, end: notice.end }, notice.failure, what));
  else if (notice) out.push({ code: notice.code, severity: notice.severity ?? 'warning', at: { src: doc, start: notice.start, end: notice.end }, related: [], message: `Document ${doc.index + 1} ${notice.message}` });
  if (readFailure) {
    const start = doc.yaml.contents?.range?.[0] ?? 0;
    out.push(internalErrorFinding({ src: doc, start, end: Math.min(start + 1, doc.chunk.text.length) }, readFailure, what));
  }
  return out;
}

function portabilityMessage(doc: SourceDoc, note: string): string {
  if (note === 'duplicate key') {
    return 'This key appears twice in one mapping: kubectl keeps the last value and drops the other silently, while kustomize '
      + 'and other strict YAML tools reject the document ("mapping key already defined"). Keep one.';
  }
  return `Document ${doc.index + 1} is not valid YAML 1.2 (${note.replace(/^strict YAML: /, '')}): strict YAML 1.2 parsers (many editors, linters and libraries) `
    + 'reject it; kubectl accepts it and it was analysed as kubectl reads it (positions in it are approximate). Quote or indent it as YAML 1.2 requires.';
}

/** The document rules' findings on one parsed document (any kind), each rule guarded. */
export function manifestFindings(doc: SourceDoc, profile: ClusterProfile): RawFinding[] {
  if (doc.notice || (doc.problems.length > 0 && !doc.yaml.contents)) return [];
  const out: RawFinding[] = [];
  const at = () => {
    const start = doc.yaml.contents?.range?.[0] ?? 0;
    return { src: doc, start, end: Math.min(start + 1, doc.chunk.text.length) };
  };
  const read = guarded('reading', () => readManifest(doc));
  if (read.failure) return [internalErrorFinding(at(), read.failure, 'this document')];
  const m = read.value;
  if (!m) return [];
  for (const rule of DOCUMENT_RULES) {
    const ran = guarded(`checking ${rule.code} on`, () => rule.check(m, reporterFor(rule, out), profile));
    if (ran.failure) out.push(internalErrorFinding(at(), ran.failure, 'this document'));
  }
  return out;
}
