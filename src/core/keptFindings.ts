// Findings of rules that run again on every analysis (the pool-wide rules over a whole pool) are new
// objects each time, although an edit elsewhere leaves almost all of them as they were. Each new one
// equal to one of last time is replaced by that one: toFinding then keeps its Finding, and the per-file
// lists and the editor's delta see no change (what makes an edit's cost follow what the edit changed).
import type { RawFinding, Span } from './findings';

const sameSpan = (a: Span, b: Span) => a === b || (a.src === b.src && a.start === b.start && a.end === b.end);

function sameData(a: RawFinding['data'], b: RawFinding['data']): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

function sameRaw(a: RawFinding, b: RawFinding): boolean {
  if (a.code !== b.code || a.severity !== b.severity || a.message !== b.message || !sameSpan(a.at, b.at)) return false;
  if (a.related.length !== b.related.length || !sameData(a.data, b.data)) return false;
  for (let i = 0; i < a.related.length; i++) {
    if (a.related[i].message !== b.related[i].message || !sameSpan(a.related[i].at, b.related[i].at)) return false;
  }
  return true;
}

/**
 * `next` with each finding that equals one of `previous` (same code, severity, message, spans, related
 * and data) replaced by that earlier object; each earlier finding is used at most once, so duplicates
 * stay duplicates. Linear: the rules run in the same order each time, so most findings are where they
 * were in the list; the others are matched by the source and start of their span.
 */
export function keepUnchanged(previous: readonly RawFinding[] | undefined, next: RawFinding[]): RawFinding[] {
  if (!previous || previous.length === 0) return next;
  const used = new Uint8Array(previous.length);
  let unmatched = 0;
  for (let i = 0; i < next.length; i++) {
    if (i < previous.length && sameRaw(previous[i], next[i])) { next[i] = previous[i]; used[i] = 1; } else unmatched++;
  }
  if (unmatched === 0) return next;
  const byPlace = new Map<object, Map<number, RawFinding[]>>();
  previous.forEach((f, i) => {
    if (used[i]) return;
    let bySrc = byPlace.get(f.at.src);
    if (!bySrc) byPlace.set(f.at.src, (bySrc = new Map()));
    const list = bySrc.get(f.at.start);
    if (list) list.push(f); else bySrc.set(f.at.start, [f]);
  });
  for (let i = 0; i < next.length; i++) {
    if (i < previous.length && next[i] === previous[i]) continue;
    const list = byPlace.get(next[i].at.src)?.get(next[i].at.start);
    if (!list) continue;
    const j = list.findIndex((old) => sameRaw(old, next[i]));
    if (j === -1) continue;
    next[i] = list[j];
    list.splice(j, 1);
  }
  return next;
}
