// The diff generate prints must be what `diff -u` would print for the same change.
import * as assert from 'node:assert/strict';
import { TextEdit } from '../../../src/core/edits';
import { unifiedDiff } from '../../../src/core/unifiedDiff';

const at = (line: number, character: number) => ({ line, character });
const insert = (line: number, text: string): TextEdit => ({ file: 'f', range: { start: at(line, 0), end: at(line, 0) }, newText: text });
const lines = (n: number) => Array.from({ length: n }, (_, i) => `l${i + 1}`).join('\n') + '\n';

describe('unifiedDiff', () => {
  it('an inserted line with three lines of context', () => {
    assert.equal(unifiedDiff('f', lines(10), [insert(5, 'new\n')]),
      '--- f\n+++ f\n@@ -3,6 +3,7 @@\n l3\n l4\n l5\n+new\n l6\n l7\n l8\n');
  });

  it('near the start and end of the file, the context is shorter', () => {
    assert.equal(unifiedDiff('f', lines(3), [insert(0, 'a\n')]), '--- f\n+++ f\n@@ -1,3 +1,4 @@\n+a\n l1\n l2\n l3\n');
    assert.equal(unifiedDiff('f', lines(3), [insert(3, 'z\n')]), '--- f\n+++ f\n@@ -1,3 +1,4 @@\n l1\n l2\n l3\n+z\n');
  });

  it('edits closer than two contexts share a hunk; farther ones get their own, with shifted new line numbers', () => {
    assert.equal(unifiedDiff('f', lines(20), [insert(2, 'a\n'), insert(7, 'b\n')]),
      '--- f\n+++ f\n@@ -1,10 +1,12 @@\n l1\n l2\n+a\n l3\n l4\n l5\n l6\n l7\n+b\n l8\n l9\n l10\n');
    assert.equal(unifiedDiff('f', lines(30), [insert(20, 'b\n'), insert(2, 'a\n')]),
      '--- f\n+++ f\n@@ -1,5 +1,6 @@\n l1\n l2\n+a\n l3\n l4\n l5\n@@ -18,6 +19,7 @@\n l18\n l19\n l20\n+b\n l21\n l22\n l23\n');
  });

  it('a replacement inside a line shows the old and the new line', () => {
    const edit: TextEdit = { file: 'f', range: { start: at(1, 1), end: at(1, 2) }, newText: 'X' };
    assert.equal(unifiedDiff('f', lines(3), [edit]), '--- f\n+++ f\n@@ -1,3 +1,3 @@\n l1\n-l2\n+lX\n l3\n');
  });

  it('no edits, no diff', () => {
    assert.equal(unifiedDiff('f', lines(3), []), '');
  });
});
