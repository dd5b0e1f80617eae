// A big analysis answer is cut into parts of a few hundred findings (core/service/answerParts.ts) and
// joined again by the editor: the join gives back exactly the list that was cut, whatever the cuts.
import { strict as assert } from 'node:assert';
import { joinChanged, MAX_PART_ITEMS, splitChanged } from '../../../src/core/service/answerParts';
import type { FileDiagnostics } from '../../../src/core/service/protocol';
import type { Finding } from '../../../src/core/findings';

const finding = (file: string, line: number): Finding => ({
  code: 'reclaim-policy-recycle', severity: 'warning', file, message: `line ${line}`, related: [],
  range: { start: { line, character: 0 }, end: { line, character: 1 } },
});
/** a file's delta: new findings, and indices of findings sent before */
const delta = (file: string, n: number): FileDiagnostics => ({ file, items: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? i : finding(file, i))) });

describe('answer parts: a big analysis answer cut and joined', () => {
  it('cuts into parts of at most the limit and joins back to the same list, in order', () => {
    const changed = [delta('a', 7), { file: 'gone', items: [] }, delta('b', 1), delta('c', 23), { file: 'gone2', items: [] }, delta('d', 5)];
    for (const max of [1, 2, 3, 5, 7, 8, 100]) {
      const parts = splitChanged(changed, max);
      for (const p of parts) assert.ok(p.reduce((n, d) => n + Math.max(1, d.items.length), 0) <= max, `a part over ${max}`);
      assert.deepEqual(joinChanged(parts), changed, `max ${max}`);
    }
  });

  it('sends one file of thousands of findings in parts of the default size', () => {
    const changed = [delta('big', 2 * MAX_PART_ITEMS + 17)];
    const parts = splitChanged(changed);
    assert.deepEqual(parts.map((p) => p[0].items.length), [MAX_PART_ITEMS, MAX_PART_ITEMS, 17]);
    assert.deepEqual(joinChanged(parts), changed);
  });

  it('keeps a small answer, and an empty one, in one part', () => {
    assert.deepEqual(splitChanged([delta('a', 3)]), [[delta('a', 3)]]);
    assert.deepEqual(splitChanged([]), [[]]);
    assert.deepEqual(joinChanged([[]]), []);
  });
});
