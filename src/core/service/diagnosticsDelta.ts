// Diagnostics cross the thread boundary as a delta: only the files whose findings changed since the
// previous answer, and in such a file only the findings that are new — a finding that was already
// there is sent as its index in the file's previous list. Typing in one set of a file with thousands
// of findings sends that set's findings and a list of numbers; the editor keeps the other findings'
// objects (and their converted diagnostics).
import type { Analysis } from '../analysis';
import type { Finding } from '../findings';
import type { FileDiagnostics } from './protocol';

interface Sent {
  /** the list last sent (kept by identity: the same list means the same findings) */
  readonly list: readonly Finding[];
  /** each finding serialized, and the index of each serialization in `list` */
  readonly keys: readonly string[];
  readonly indexOf: ReadonlyMap<string, number>;
}

function sentOf(list: readonly Finding[]): Sent {
  const keys = list.map((f) => JSON.stringify(f));
  const indexOf = new Map<string, number>();
  keys.forEach((k, i) => { if (!indexOf.has(k)) indexOf.set(k, i); });
  return { list, keys, indexOf };
}

export class DiagnosticsDelta {
  private sent = new Map<string, Sent>();

  /** Files whose findings differ from the last call (an empty list for files that have none any more). */
  next(analysis: Analysis): FileDiagnostics[] {
    const now = new Map<string, Sent>();
    const changed: FileDiagnostics[] = [];
    const files = new Set(analysis.findings.map((f) => f.file));
    for (const file of files) {
      const list = analysis.findingsFor(file);
      const old = this.sent.get(file);
      if (old?.list === list) { now.set(file, old); continue; }
      const fresh = sentOf(list);
      now.set(file, fresh);
      if (old && old.keys.length === fresh.keys.length && old.keys.every((k, i) => k === fresh.keys[i])) continue;
      changed.push({ file, items: fresh.keys.map((k, i) => old?.indexOf.get(k) ?? list[i]) });
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
