// Diagnostics cross the thread boundary as a delta: only the files whose findings changed since the
// previous answer, and in such a file only the findings that are new — a finding that was already
// there is sent as its index in the file's previous list, one whose message alone changed as that
// index and the changed characters. Typing in one set of a file with thousands of findings sends that
// set's findings and a list of numbers; the editor keeps the other findings' objects (and their
// converted diagnostics).
// The cost follows what changed: a file whose list is the same array as last time (the analysis keeps
// unchanged files' lists) is skipped at once, and a changed list is compared with the previous one in
// one walk — both are sorted (compareFindings), findings kept from one analysis to the next are the
// same objects, and the others are compared field by field only against the previous finding at their
// place in the order (the one at the same range with the same code, when there is one).
import type { Analysis } from '../analysis';
import { compareFindings, Finding, sameButMessage, sameFinding, sameRange } from '../findings';
import type { FileDiagnostics, MessagePatch } from './protocol';

type Item = FileDiagnostics['items'][number];

const samePlace = (a: Finding, b: Finding) => a.code === b.code && sameRange(a.range, b.range);

/** `after` as `before` with its message patched, when the message is all that differs. */
function messagePatch(before: Finding, base: number, after: Finding): MessagePatch | undefined {
  if (!sameButMessage(before, after)) return undefined;
  const a = before.message;
  const b = after.message;
  const head = longest(Math.min(a.length, b.length), (n) => a.slice(0, n) === b.slice(0, n));
  const tail = longest(Math.min(a.length, b.length) - head, (n) => a.slice(a.length - n) === b.slice(b.length - n));
  return { base, keep: [head, tail], text: b.slice(head, b.length - tail) };
}

/**
 * The largest n ≤ max for which `holds(n)` (which holds for every n below one it holds for): a binary
 * search of native string comparisons, some ten per message instead of a read per character (messages
 * are built by concatenation, and reading such a string by character walks its pieces on every read).
 */
function longest(max: number, holds: (n: number) => boolean): number {
  let lo = 0;
  let hi = max;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (holds(mid)) lo = mid; else hi = mid - 1;
  }
  return lo;
}

/**
 * `list` as a delta against `previous`: each finding of `list` that equals the next unmatched one of
 * `previous` in the sort order is that one's index (or a patch of it, when only the message differs);
 * undefined when the two lists are the same findings. Correct for lists in any order (a finding
 * without its equal at its place is sent whole); small for sorted ones.
 */
export function fileDelta(previous: readonly Finding[], list: readonly Finding[]): Item[] | undefined {
  const items: Item[] = [];
  let same = previous.length === list.length;
  let j = 0;
  for (let i = 0; i < list.length; i++) {
    const f = list[i];
    // previous findings that sort before this one are gone, unless at its very place (a changed message sorts anew)
    while (j < previous.length && previous[j] !== f && compareFindings(previous[j], f) < 0 && !samePlace(previous[j], f)) j++;
    const old = j < previous.length ? previous[j] : undefined;
    if (old && sameFinding(old, f)) {
      items.push(j);
      if (j !== i) same = false;
      j++;
      continue;
    }
    same = false;
    const patch = old && samePlace(old, f) ? messagePatch(old, j, f) : undefined;
    items.push(patch ?? f);
    if (patch) j++;
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

/** The file's findings now: `items` with each index replaced by that finding of the previous list, and each patch applied. */
export function applyFileDelta(previous: readonly Finding[] | undefined, items: FileDiagnostics['items']): Finding[] {
  return items.map((x) => {
    if (typeof x === 'number') return previous![x];
    if (!('base' in x)) return x;
    const before = previous![x.base];
    const m = before.message;
    return { ...before, message: m.slice(0, x.keep[0]) + x.text + m.slice(m.length - x.keep[1]) };
  });
}
