// Findings about files and documents as text: what does not parse, what was not analysed.
import { RawFinding } from '../findings';
import { ParsedFile } from '../source';

export function syntaxFindings(file: ParsedFile): RawFinding[] {
  const out: RawFinding[] = [];
  if (file.skipped) {
    const src = { file: file.file, rangeOf: () => ({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }) };
    out.push({ code: 'file-skipped', severity: 'warning', at: { src, start: 0, end: 0 }, related: [], message: `Not analysed: ${file.skipped.reason}.` });
  }
  for (const chunk of file.chunks) {
    for (const doc of chunk.docs) {
      if (doc.problems.length === 0) continue;
      for (const p of doc.problems.slice(0, 3)) {
        out.push({
          code: 'yaml-syntax', severity: 'error', at: { src: doc, start: p.start, end: p.end }, related: [],
          message: `Document ${doc.index + 1} does not parse: ${p.message}. kubectl rejects the whole file; the other documents were still analysed.`,
        });
      }
    }
  }
  return out;
}
