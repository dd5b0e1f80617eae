import * as assert from 'node:assert/strict';
import { compareQuantities, parseQuantity } from '../../../src/core/quantity';

const q = (s: string) => {
  const v = parseQuantity(s);
  assert.ok(v, `"${s}" should parse`);
  return v;
};
const cmp = (a: string, b: string) => compareQuantities(q(a), q(b));

describe('quantity', () => {
  it('1G (10^9) is less than 1Gi (2^30)', () => {
    assert.equal(cmp('1G', '1Gi'), -1);
    assert.equal(cmp('1Gi', '1G'), 1);
  });
  it('1024Mi equals 1Gi, 0.5Gi equals 512Mi, 1e3 equals 1k', () => {
    assert.equal(cmp('1024Mi', '1Gi'), 0);
    assert.equal(cmp('0.5Gi', '512Mi'), 0);
    assert.equal(cmp('1e3', '1k'), 0);
    assert.equal(cmp('1E3', '1000'), 0);
    assert.equal(cmp('1000M', '1G'), 0);
  });
  it('compares exactly where floating point would not', () => {
    // 2^60 + 1 bytes is more than 1Ei; as doubles they are equal
    assert.equal(cmp('1152921504606846977', '1Ei'), 1);
    assert.equal(cmp('1Ei', '1152921504606846977'), -1);
  });
  it('the m suffix is thousandths', () => {
    assert.equal(cmp('1500m', '1.5'), 0);
    assert.equal(cmp('999m', '1'), -1);
    assert.equal(cmp('1M', '1m'), 1); // mega vs milli
  });
  it('decimal fractions and exponents', () => {
    assert.equal(cmp('1.5Gi', '1536Mi'), 0);
    assert.equal(cmp('.5k', '500'), 0);
    assert.equal(cmp('1e-3', '1m'), 0);
  });
  it('rejects text Kubernetes rejects', () => {
    for (const bad of ['', 'abc', '1GB', '1gi', '1 Gi', 'Gi', '1Gi1', '1.2.3', '--1', '1K']) {
      assert.equal(parseQuantity(bad), undefined, `"${bad}" must not parse`);
    }
  });
});
