// Positions and line endings (issue 13, item 7): a byte order mark is no column, and a lone CR ends a
// line as it does for go-yaml (kubectl) and editors; in CRLF and mixed files positions are right too.
import * as assert from 'node:assert/strict';
import { Workspace } from '../../../src/core/analysis';
import { LineIndex } from '../../../src/core/position';
import { applyChange, parseFile } from '../../../src/core/source';
import { analyze, docs, findingsWithCode, HEADLESS_SERVICE, onlyFinding, pv, rangeOf } from '../helpers/analyze';

const badPv = pv({ name: 'Bad_Name' });
/** the invalid-name range of `badPv` when it is the whole file, with LF line ends */
const expected = () => rangeOf(onlyFinding(analyze({ 'lf.yaml': badPv }), 'invalid-name'));

describe('line endings and BOM', () => {
  it('a UTF-8 BOM is not a column: positions on line 1 are those without it', () => {
    const plain = analyze({ 'a.yaml': `kind: PersistentVolume\napiVersion: v1\nmetadata: {name: Bad_Name}\n` });
    const bom = analyze({ 'a.yaml': `\uFEFFkind: PersistentVolume\napiVersion: v1\nmetadata: {name: Bad_Name}\n` });
    assert.deepEqual(rangeOf(onlyFinding(bom, 'invalid-name')), rangeOf(onlyFinding(plain, 'invalid-name')));
    const first = analyze({ 'b.yaml': `\uFEFFmetadata: {name: Bad_Name}\nkind: PersistentVolume\napiVersion: v1\n` });
    assert.deepEqual(rangeOf(onlyFinding(first, 'invalid-name')), [0, 17, 0, 25], 'columns on line 1 count from after the BOM');
    assert.deepEqual(new LineIndex('\uFEFFab\ncd').offsetAt({ line: 0, character: 1 }), 2, 'and back');
  });

  it('CR-only line endings parse as kubectl reads them, with the positions of the LF file', () => {
    const a = analyze({ 'cr.yaml': badPv.replace(/\n/g, '\r') });
    assert.deepEqual(findingsWithCode(a, 'yaml-syntax'), []);
    assert.deepEqual(rangeOf(onlyFinding(a, 'invalid-name')), expected());
    assert.deepEqual(a.index.volumes().map((v) => v.capacityText), ['1Gi']);
  });

  it('CRLF and mixed line endings: the same findings at the same lines and columns', () => {
    for (const [name, text] of [['crlf', badPv.replace(/\n/g, '\r\n')], ['mixed', badPv.split('\n').map((l, i) => l + ['\n', '\r\n', '\r'][i % 3]).join('').slice(0, -1)]]) {
      const a = analyze({ [`${name}.yaml`]: text });
      assert.deepEqual(findingsWithCode(a, 'yaml-syntax'), [], name);
      assert.deepEqual(rangeOf(onlyFinding(a, 'invalid-name')), expected(), name);
    }
  });

  it('documents after CR-only lines keep their lines, in a fresh and an incremental parse', () => {
    const text = docs(HEADLESS_SERVICE, badPv).replace(/\n/g, '\r');
    const a = analyze({ 'cr.yaml': text });
    const f = onlyFinding(a, 'invalid-name');
    assert.equal(f.range.start.line, HEADLESS_SERVICE.split('\n').length + 3);
    // an edit that splits a CR LF pair moves later documents by a line
    const crlf = docs(HEADLESS_SERVICE, badPv).replace(/\n/g, '\r\n');
    const at = crlf.indexOf('\r\n');
    const edited = crlf.slice(0, at + 1) + 'x: 1\r' + crlf.slice(at + 1);
    assert.deepEqual(applyChange(parseFile('f.yaml', crlf), { offset: at + 1, deleteCount: 0, text: 'x: 1\r' }).chunks.map((c) => c.lines.firstLine),
      parseFile('f.yaml', edited).chunks.map((c) => c.lines.firstLine));
    const ws = new Workspace();
    ws.setFile('f.yaml', crlf);
    ws.analyze();
    ws.applyChanges('f.yaml', [{ offset: at + 1, deleteCount: 0, text: 'x: 1\r' }]);
    assert.deepEqual(ws.analyze().findings, analyze({ 'f.yaml': edited }).findings);
  });
});
