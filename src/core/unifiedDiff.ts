// A unified diff (as `diff -u` and `git diff` print it) of the edits of one file, to show a user
// exactly what a command would change before it changes anything. The hunks come from the edits
// themselves, not from comparing texts, so a 100,000-line file costs one pass.
import { applyEdits, TextEdit } from './edits';
import { LineIndex } from './position';

interface Change {
  /** first changed line of the old text (0-based) and how many lines */
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
}

export function unifiedDiff(label: string, oldText: string, edits: readonly TextEdit[], context = 3): string {
  if (edits.length === 0) return '';
  const newText = applyEdits(oldText, edits);
  const oldLines = splitLines(oldText);
  const newLines = splitLines(newText);
  const changes = lineChanges(oldText, newText, edits).map((c) => trimmed(c, oldLines, newLines)).filter((c) => c.oldCount || c.newCount);
  const out = [`--- ${label}`, `+++ ${label}`];
  for (const hunk of groupHunks(changes, context)) out.push(...hunkLines(hunk, oldLines, newLines, context));
  return out.join('\n') + '\n';
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Each edit as whole lines of the old and the new text; edits on one line merge. */
function lineChanges(oldText: string, newText: string, edits: readonly TextEdit[]): Change[] {
  const oldIndex = new LineIndex(oldText);
  const newIndex = new LineIndex(newText);
  const spans = edits.map((e) => ({ start: oldIndex.offsetAt(e.range.start), end: oldIndex.offsetAt(e.range.end), text: e.newText }))
    .sort((a, b) => a.start - b.start);
  const changes: Change[] = [];
  let delta = 0;
  for (const s of spans) {
    const oldStart = oldIndex.positionAt(s.start).line;
    const oldEnd = oldIndex.positionAt(s.end).line;
    const newStart = newIndex.positionAt(s.start + delta).line;
    const newEnd = newIndex.positionAt(s.start + delta + s.text.length).line;
    delta += s.text.length - (s.end - s.start);
    const last = changes[changes.length - 1];
    if (last && last.oldStart + last.oldCount > oldStart) {
      last.oldCount = oldEnd - last.oldStart + 1;
      last.newCount = newEnd - last.newStart + 1;
    } else {
      changes.push({ oldStart, oldCount: oldEnd - oldStart + 1, newStart, newCount: newEnd - newStart + 1 });
    }
  }
  return changes;
}

/** Drops the lines a change leaves as they were at its start and end (an inserted line touches its neighbour). */
function trimmed(c: Change, oldLines: readonly string[], newLines: readonly string[]): Change {
  const t = { ...c };
  while (t.oldCount && t.newCount && oldLines[t.oldStart] === newLines[t.newStart]) { t.oldStart++; t.newStart++; t.oldCount--; t.newCount--; }
  while (t.oldCount && t.newCount && oldLines[t.oldStart + t.oldCount - 1] === newLines[t.newStart + t.newCount - 1]) { t.oldCount--; t.newCount--; }
  return t;
}

/** Changes closer than two contexts share a hunk. */
function groupHunks(changes: readonly Change[], context: number): Change[][] {
  const hunks: Change[][] = [];
  for (const c of changes) {
    const hunk = hunks[hunks.length - 1];
    const prev = hunk?.[hunk.length - 1];
    if (prev && c.oldStart - (prev.oldStart + prev.oldCount) <= 2 * context) hunk.push(c);
    else hunks.push([c]);
  }
  return hunks;
}

function hunkLines(hunk: readonly Change[], oldLines: readonly string[], newLines: readonly string[], context: number): string[] {
  const first = hunk[0];
  const last = hunk[hunk.length - 1];
  const before = Math.min(context, first.oldStart);
  const after = Math.min(context, oldLines.length - (last.oldStart + last.oldCount));
  const oldFrom = first.oldStart - before;
  const newFrom = first.newStart - before;
  const oldLen = last.oldStart + last.oldCount + after - oldFrom;
  const newLen = last.newStart + last.newCount + after - newFrom;
  const body: string[] = [];
  let at = oldFrom;
  for (const c of hunk) {
    for (; at < c.oldStart; at++) body.push(` ${oldLines[at]}`);
    for (let i = 0; i < c.oldCount; i++) body.push(`-${oldLines[c.oldStart + i]}`);
    for (let i = 0; i < c.newCount; i++) body.push(`+${newLines[c.newStart + i]}`);
    at = c.oldStart + c.oldCount;
  }
  for (; at < oldFrom + oldLen; at++) body.push(` ${oldLines[at]}`);
  return [`@@ -${rangeText(oldFrom, oldLen)} +${rangeText(newFrom, newLen)} @@`, ...body];
}

/** `start,count` 1-based; an empty range names the line before it, as diff does. */
function rangeText(from: number, count: number): string {
  if (count === 0) return `${from},0`;
  return count === 1 ? `${from + 1}` : `${from + 1},${count}`;
}
