// Findings about files and documents as text: what does not parse, what was not analysed.
import { RawFinding } from '../findings';
import { ParsedFile, SourceDoc } from '../source';

export function fileSkippedFinding(file: ParsedFile): RawFinding | undefined {
  return file.skipped ? skippedFileFinding(file.file, file.skipped.reason) : undefined;
}

/** At the start of the file; `reason` completes "Not analysed: …". */
export function skippedFileFinding(file: string, reason: string): RawFinding {
  const src = { file, rangeOf: () => ({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }) };
  return { code: 'file-skipped', severity: 'warning', at: { src, start: 0, end: 0 }, related: [], message: `Not analysed: ${reason}.` };
}

/** Built on every analysis, not cached: the message gives the document's position, which edits above it change. */
export function syntaxFindings(doc: SourceDoc): RawFinding[] {
  return doc.problems.slice(0, 3).map((p) => ({
    code: 'yaml-syntax', severity: 'error', at: { src: doc, start: p.start, end: p.end }, related: [],
    message: `Document ${doc.index + 1} does not parse: ${p.message}. kubectl rejects the whole file; the other documents were still analysed.`,
  }));
}
