// keepUnchanged: pool-wide findings equal to last analysis's stay the same objects, so the per-file
// lists and the editor's delta see no change; anything different is the new object.
import * as assert from 'node:assert/strict';
import { RawFinding, SpanSource } from '../../../src/core/findings';
import { keepUnchanged } from '../../../src/core/keptFindings';

const src = (file: string): SpanSource => ({ file, rangeOf: () => ({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }) });
const a = src('a.yaml');
const b = src('b.yaml');

function raw(at: SpanSource, start: number, message: string, extra: Partial<RawFinding> = {}): RawFinding {
  return { code: 'pv-contended', severity: 'warning', at: { src: at, start, end: start + 4 }, message, related: [], ...extra };
}

describe('keepUnchanged', () => {
  it('gives back the earlier object for each equal finding, in the new order', () => {
    const old = [raw(a, 0, 'one'), raw(a, 10, 'two'), raw(b, 0, 'three')];
    const next = [raw(b, 0, 'three'), raw(a, 10, 'two'), raw(a, 0, 'one')];
    const kept = keepUnchanged(old, next);
    assert.equal(kept[0], old[2]);
    assert.equal(kept[1], old[1]);
    assert.equal(kept[2], old[0]);
  });

  it('keeps a new object where the message, severity, span, related or data changed', () => {
    const old = [
      raw(a, 0, 'one'), raw(a, 10, 'two'), raw(a, 20, 'three'), raw(a, 30, 'four', { related: [{ at: { src: b, start: 0, end: 1 }, message: 'r' }] }),
      raw(a, 40, 'five', { data: { name: 'x' } }),
    ];
    const next = [
      raw(a, 0, 'one!'), raw(a, 10, 'two', { severity: 'error' }), { ...raw(a, 20, 'three'), at: { src: a, start: 20, end: 25 } },
      raw(a, 30, 'four', { related: [{ at: { src: b, start: 1, end: 2 }, message: 'r' }] }), raw(a, 40, 'five', { data: { name: 'y' } }),
    ];
    const fresh = [...next];
    const kept = keepUnchanged(old, next);
    for (let i = 0; i < kept.length; i++) assert.equal(kept[i], fresh[i], `finding ${i}`);
  });

  it('uses each earlier finding once, so duplicates stay two findings', () => {
    const old = [raw(a, 0, 'same')];
    const next = [raw(a, 0, 'same'), raw(a, 0, 'same')];
    const second = next[1];
    const kept = keepUnchanged(old, next);
    assert.equal(kept[0], old[0]);
    assert.equal(kept[1], second);
  });

  it('tells sources apart even at the same offset', () => {
    const old = [raw(a, 0, 'm')];
    const next = [raw(b, 0, 'm')];
    const fresh = next[0];
    assert.equal(keepUnchanged(old, next)[0], fresh);
  });
});
