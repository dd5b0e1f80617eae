// The diagnostics delta (core/service/diagnosticsDelta.ts): what crosses to the editor after an
// analysis. A finding that stayed — the same object, or an equal one the analysis made again — is sent
// as its index in the previous list; a new or changed one whole; a file whose findings are the same is
// not sent at all, and one that has none any more is sent empty. Applied as the editor applies it, the
// delta always gives the new list.
import { strict as assert } from 'node:assert';
import type { Analysis } from '../../../src/core/analysis';
import { compareFindings, type Finding } from '../../../src/core/findings';
import { applyFileDelta, DiagnosticsDelta, fileDelta } from '../../../src/core/service/diagnosticsDelta';

const finding = (line: number, message = `problem on line ${line}`, more: Partial<Finding> = {}): Finding => ({
  code: 'pv-contended', severity: 'warning', file: 'a.yaml', message, related: [],
  range: { start: { line, character: 2 }, end: { line, character: 8 } }, ...more,
});
/** an equal finding that is another object (as an analysis that ran a rule again makes it) */
const copy = (f: Finding): Finding => JSON.parse(JSON.stringify(f)) as Finding;
type Item = NonNullable<ReturnType<typeof fileDelta>>[number];
/** an item of a delta against `previous`, as a string: an index, a patch (kept head + new text + kept tail) or a new finding's line */
const shownAgainst = (previous: readonly Finding[]) => (x: Item): string | number => {
  if (typeof x === 'number') return x;
  if (!('base' in x)) return `new ${x.range.start.line}`;
  const m = previous[x.base].message;
  return `patch of ${x.base}: ${JSON.stringify(m.slice(0, x.keep[0]))} + ${JSON.stringify(x.text)} + ${JSON.stringify(m.slice(m.length - x.keep[1]))}`;
};

function analysisOf(byFile: Record<string, readonly Finding[]>): Analysis {
  const files = Object.keys(byFile).sort();
  return {
    findings: files.flatMap((f) => byFile[f]),
    findingsFor: (file: string) => byFile[file] ?? [],
    statefulSetCount: 0,
  } as unknown as Analysis;
}

describe('diagnostics delta', () => {
  it('sends kept and re-made equal findings as indices, changed and new ones whole', () => {
    const before = [finding(1), finding(5), finding(9), finding(12), finding(20)];
    const after = [
      before[0], // kept: the same object
      copy(before[1]), // made again, equal
      finding(9, 'problem on line 9, now worse'), // changed message
      finding(10), // new
      // line 12 is gone
      finding(20, undefined, { related: [{ file: 'b.yaml', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'here' }] }), // changed related
    ];
    const items = fileDelta(before, after)!;
    assert.deepEqual(items.map(shownAgainst(before)), [0, 1, 'patch of 2: "problem on line 9" + ", now worse" + ""', 'new 10', 'new 20']);
    assert.deepEqual(applyFileDelta(before, items), after);
  });

  it('sends a finding whose message alone changed as the characters that changed, whichever way it sorts now', () => {
    const message = (n: number) => `3 claims can bind any of 3000 PVs, which ${n} other claims can also bind: pin each PV.`;
    const related = [{ file: 'a.yaml', range: { start: { line: 40, character: 0 }, end: { line: 40, character: 9 } }, message: 'PV pv-1' }];
    const before = [finding(1, message(2998), { related }), finding(5, message(2998), { related }), finding(9)];
    for (const n of [2997, 2999]) {
      const after = [finding(1, message(n), { related }), finding(5, message(n), { related }), copy(before[2])];
      const items = fileDelta(before, after)!;
      assert.deepEqual(items.map(shownAgainst(before)), [`patch of 0: "3 claims can bind any of 3000 PVs, which 299" + "${n % 10}" + " other claims can also bind: pin each PV."`, `patch of 1: "3 claims can bind any of 3000 PVs, which 299" + "${n % 10}" + " other claims can also bind: pin each PV."`, 2]);
      assert.deepEqual(applyFileDelta(before, items), after);
    }
    // anything else changed too: the finding whole
    const other = finding(1, message(2997), { related: [] });
    assert.deepEqual(fileDelta(before, [other, before[1], before[2]])!.map(shownAgainst(before)), ['new 1', 1, 2]);
    // messages of any lengths, a change at either end
    for (const [a, b] of [['abc', 'abcd'], ['abcd', 'abc'], ['xbc', 'bc'], ['', 'a'], ['a', ''], ['same', 'same!']]) {
      const items = fileDelta([finding(1, a)], [finding(1, b)])!;
      assert.equal(typeof items[0] === 'object' && 'base' in items[0], true, `${a} → ${b}`);
      assert.deepEqual(applyFileDelta([finding(1, a)], items), [finding(1, b)], `${a} → ${b}`);
    }
  });

  it('sees no change in a list of equal findings made again, and does see a moved one', () => {
    const before = [finding(1), finding(5, 'x', { data: { set: 'web' } })];
    assert.equal(fileDelta(before, before.map(copy)), undefined);
    assert.deepEqual(fileDelta(before, [before[0], finding(6, 'x', { data: { set: 'web' } })])?.map((x) => typeof x), ['number', 'object']);
    assert.deepEqual(fileDelta(before, [before[0], finding(5, 'x', { data: { set: 'db' } })])?.map((x) => typeof x), ['number', 'object'], 'other data');
    assert.deepEqual(fileDelta(before, [before[0], finding(5, 'x', { data: { set: 'web' }, severity: 'error' })])?.map((x) => typeof x), ['number', 'object'], 'other severity');
  });

  it('is right for lists in any order (findings it cannot place are sent whole)', () => {
    const before = [finding(9), finding(1), finding(5), finding(5, 'another at 5')];
    const after = [finding(5, 'another at 5'), before[1], copy(before[0]), finding(3), before[2]];
    const items = fileDelta(before, after)!;
    assert.deepEqual(applyFileDelta(before, items), after);
    // sorted lists: every equal finding is found
    const sorted = [...before].sort(compareFindings);
    const next = [...after].sort(compareFindings);
    assert.deepEqual(fileDelta(sorted, next)!.filter((x) => typeof x !== 'number').map((x) => (x as Finding).range.start.line), [3]);
  });

  it('over analyses: skips files whose list is the same, sends changed files, clears files without findings', () => {
    const delta = new DiagnosticsDelta();
    const a = [finding(1), finding(2)];
    const b = [finding(3, undefined, { file: 'b.yaml' })];
    const first = delta.next(analysisOf({ 'a.yaml': a, 'b.yaml': b }));
    assert.deepEqual(first.map((d) => [d.file, d.items.length]), [['a.yaml', 2], ['b.yaml', 1]]);
    assert.deepEqual(delta.next(analysisOf({ 'a.yaml': a, 'b.yaml': b })), [], 'the same lists');
    assert.deepEqual(delta.next(analysisOf({ 'a.yaml': a.map(copy), 'b.yaml': b })), [], 'equal findings made again');
    const third = delta.next(analysisOf({ 'a.yaml': [a[0], finding(2, 'changed')] }));
    assert.deepEqual(third.map((d) => [d.file, d.items.map((x) => typeof x)]), [['a.yaml', ['number', 'object']], ['b.yaml', []]]);
    delta.reset();
    assert.deepEqual(delta.next(analysisOf({ 'a.yaml': a })).map((d) => [d.file, d.items.length]), [['a.yaml', 2]], 'after a reset every file is sent whole');
  });
});
