// A NUL typed into an open file (issue 13, item 8): the incremental path judges the file as a fresh
// analysis does — binary, file-skipped — and judges it text again when the NUL is deleted.
import * as assert from 'node:assert/strict';
import { Workspace } from '../../../src/core/analysis';
import { docs, HEADLESS_SERVICE, pv } from '../helpers/analyze';

const fresh = (text: string) => {
  const ws = new Workspace();
  ws.setFile('a.yaml', text);
  return ws.analyze().findings.map((f) => `${f.code} ${f.range.start.line}:${f.range.start.character} ${f.message}`);
};

describe('incremental: binary input', () => {
  const text = docs(HEADLESS_SERVICE, pv({ name: 'Bad_Name' }));

  it('a NUL typed into the file is seen as binary (file-skipped), as a fresh analysis sees it; deleting it restores the findings', () => {
    const ws = new Workspace();
    ws.setFile('a.yaml', text);
    ws.analyze();
    const at = text.indexOf('nginx');
    ws.applyChanges('a.yaml', [{ offset: at, deleteCount: 0, text: '\u0000' }]);
    const withNul = text.slice(0, at) + '\u0000' + text.slice(at);
    const got = ws.analyze().findings.map((f) => `${f.code} ${f.range.start.line}:${f.range.start.character} ${f.message}`);
    assert.deepEqual(got, fresh(withNul));
    assert.match(got.join(), /file-skipped .*not text/);
    ws.applyChanges('a.yaml', [{ offset: at, deleteCount: 1, text: '' }]);
    assert.deepEqual(ws.analyze().findings.map((f) => `${f.code} ${f.range.start.line}:${f.range.start.character} ${f.message}`), fresh(text));
  });

  it('a NUL beyond the part of the file that decides (its first 8 KiB) changes nothing, in either path', () => {
    const long = `${'# padding\n'.repeat(1000)}${text}`;
    const ws = new Workspace();
    ws.setFile('a.yaml', long);
    ws.analyze();
    const at = long.lastIndexOf('Bad_Name');
    ws.applyChanges('a.yaml', [{ offset: at, deleteCount: 0, text: '\u0000' }]);
    assert.deepEqual(ws.analyze().findings.map((f) => `${f.code} ${f.range.start.line}:${f.range.start.character} ${f.message}`), fresh(long.slice(0, at) + '\u0000' + long.slice(at)));
  });
});
