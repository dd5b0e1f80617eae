// Diagnostics cross the thread boundary as a delta: only the files whose findings changed since the
// previous answer, and in such a file only the findings that are new — a finding that was already
// there is sent as its index in the file's previous list. Typing in one set of a file with thousands
// of findings sends that set's findings and a list of numbers; the editor keeps the other findings'
// objects (and their converted diagnostics).
// The cost follows what changed: a file whose list is the same array as last time (the analysis keeps
// unchanged files' lists) is skipped at once, and a changed list is compared with the previous one in
// one walk — both are sorted (compareFindings), findings kept from one analysis to the next are the
// same objects, and the others are compared field by field only against the previous finding at their
// place in the order.
import type { Analysis } from '../analysis';
import { compareFindings, Finding, sameFinding } from '../findings';
import type { FileDiagnostics } from './protocol';

/**
 * `list` as a delta against `previous`: each finding of `list` that equals the next unmatched one of
 * `previous` in the sort order is that one's index; undefined when the two lists are the same findings.
 * Correct for lists in any order (a finding without its equal at its place is sent whole); small for
 * sorted ones.
 */
export function fileDelta(previous: readonly Finding[], list: readonly Finding[]): FileDiagnostics['items'] | undefined {
  const items: FileDiagnostics['items'][number][] = [];
  let same = previous.length === list.length;
  let j = 0;
  for (let i = 0; i < list.length; i++) {
    const f = list[i];
    // previous findings that sort before this one are gone
    while (j < previous.length && previous[j] !== f && compareFindings(previous[j], f) < 0) j++;
    if (j < previous.length && sameFinding(previous[j], f)) {
      items.push(j);
      if (j !== i) same = false;
      j++;
    } else {
      items.push(f);
      same = false;
    }
  }
  return same ? undefined : items;
}

export class DiagnosticsDelta {
  /** per file, the list last sent (the editor holds equal findings in this order) */
  private sent = new Map<string, readonly Finding[]>();

  /** Files whose findings differ from the last call (an empty list for files that have none any more). */
  next(analysis: Analysis): FileDiagnostics[] {
    const now = new Map<string, readonly Finding[]>();
    const changed: FileDiagnostics[] = [];
    let last: string | undefined;
    for (const f of analysis.findings) {
      // findings are sorted by file: one look per file, not per finding
      if (f.file === last || now.has(f.file)) continue;
      last = f.file;
      const list = analysis.findingsFor(f.file);
      now.set(f.file, list);
      const old = this.sent.get(f.file);
      if (old === list) continue;
      const items = old ? fileDelta(old, list) : list.slice();
      if (items) changed.push({ file: f.file, items });
    }
    for (const file of this.sent.keys()) if (!now.has(file)) changed.push({ file, items: [] });
    this.sent = now;
    return changed;
  }

  /** Forget what was sent: the next call sends every file (a new editor-side collection). */
  reset(): void {
    this.sent = new Map();
  }
}

/** The file's findings now: `items` with each index replaced by that finding of the previous list. */
export function applyFileDelta(previous: readonly Finding[] | undefined, items: FileDiagnostics['items']): Finding[] {
  return items.map((x) => (typeof x === 'number' ? previous![x] : x));
}
