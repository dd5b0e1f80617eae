import * as assert from 'node:assert/strict';
import { atLeast, compareMinor, DEFAULT_PROFILE, parseMinor } from '../../../src/core/profile';

describe('cluster profile', () => {
  it('reads minor versions as kubectl and the API server print them', () => {
    assert.deepStrictEqual(parseMinor('1.30'), [1, 30]);
    assert.deepStrictEqual(parseMinor('v1.31.2'), [1, 31]);
    assert.deepStrictEqual(parseMinor('1.29+'), [1, 29]);
    assert.strictEqual(parseMinor('latest'), undefined);
    assert.strictEqual(parseMinor('1'), undefined);
  });

  it('compares by minor, numerically (1.9 is older than 1.10)', () => {
    assert.ok(compareMinor('1.9', '1.10') < 0);
    assert.strictEqual(compareMinor('v1.31.4', '1.31'), 0);
    assert.ok(atLeast('1.31', '1.31'));
    assert.ok(!atLeast('1.30', '1.31'));
  });

  it('defaults to the newest known version and an unknown default StorageClass', () => {
    assert.strictEqual(DEFAULT_PROFILE.defaultStorageClass.kind, 'unknown');
    assert.ok(parseMinor(DEFAULT_PROFILE.kubernetesVersion));
  });
});
