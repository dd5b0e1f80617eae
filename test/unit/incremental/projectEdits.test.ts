// A Project after edits equals a fresh Project given the edited texts — findings, their severities
// under the config's rules, and what inline comments suppress — while the work follows the edit: a
// file nobody edited keeps its very list of findings, and a finding whose document did not move stays
// the same object (what lets rule settings, suppressions and the delta to the editor skip them).
// Suppression comments are typed and removed anywhere in a many-document file — first, middle and last
// document, two edits between analyses — as the engine sees the file only through change ranges.
import { strict as assert } from 'node:assert';
import { Project } from '../../../src/core/project/project';
import { DEFAULT_LIMITS, TextChange } from '../../../src/core/source';
import type { ProjectAnalysis } from '../../../src/core/project/project';

/** `n` PVs with reclaimPolicy Recycle: a reclaim-policy-recycle finding each */
const recyclePVs = (n: number) => Array.from({ length: n }, (_, i) => `---\napiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pv-${i}\nspec:\n  capacity:\n    storage: 1Gi\n  accessModes: [ReadWriteOnce]\n  persistentVolumeReclaimPolicy: Recycle\n  nfs:\n    server: 10.0.0.1\n    path: /exports/${i}\n`).join('');
const IGNORE = '# statefulset-storage: ignore reclaim-policy-recycle -- scratch volumes\n';
const FILES: Record<string, string> = {
  'app/pvs.yaml': recyclePVs(12),
  'app/other.yaml': recyclePVs(2).replace(/pv-/g, 'other-'),
  'app/.statefulset-storage.yaml': 'rules:\n  reclaim-policy-recycle: error\n',
};

const project = (texts: ReadonlyMap<string, string>) => {
  const p = new Project({ defaultNamespace: 'default', limits: DEFAULT_LIMITS });
  for (const [f, t] of texts) p.setFile(f, t);
  return p;
};

const meaning = (a: ProjectAnalysis) => ({
  findings: a.findings,
  byFile: [...new Set(a.findings.map((f) => f.file))].map((f) => a.findingsFor(f)),
  suppressed: a.suppressed.map((s) => `${s.finding.file}:${s.finding.range.start.line} ${s.finding.code} ${s.finding.severity} (line ${s.line}: ${s.reason})`),
});

/** the offset of the start of document `i` (0-based) of a text of `---` documents */
const docStart = (text: string, i: number) => { let at = -1; for (let k = 0; k <= i; k++) at = text.indexOf('---\n', at + 1); return at; };
/** where to type the comment in document `i`: the line above its persistentVolumeReclaimPolicy */
const aboveRecycle = (text: string, i: number) => text.indexOf('  persistentVolumeReclaimPolicy', docStart(text, i));

describe('a project after edits equals a fresh one, and keeps what the edits did not touch', () => {
  it('suppressions typed and removed anywhere in a many-document file, rule settings applied', () => {
    const texts = new Map(Object.entries(FILES));
    const p = project(texts);
    let before = p.analyze();
    const file = 'app/pvs.yaml';
    const step = (what: string, ...changes: TextChange[]) => {
      let text = texts.get(file)!;
      for (const c of changes) {
        p.applyChanges(file, [c]);
        text = text.slice(0, c.offset) + c.text + text.slice(c.offset + c.deleteCount);
      }
      texts.set(file, text);
      const after = p.analyze();
      assert.deepEqual(meaning(after), meaning(project(texts).analyze()), what);
      assert.equal(after.findingsFor('app/other.yaml'), before.findingsFor('app/other.yaml'), `${what}: the file not edited keeps its list`);
      before = after;
      return after;
    };
    const t = () => texts.get(file)!;
    const middle = step('a comment typed in the middle document', { offset: aboveRecycle(t(), 6), deleteCount: 0, text: `  ${IGNORE}` });
    assert.equal(middle.suppressed.length, 1);
    step('an edit of the first document of a file with a comment', { offset: t().indexOf('pv-0'), deleteCount: 4, text: 'pv-zero' });
    const gone = step('the comment removed', { offset: t().indexOf(`  ${IGNORE}`), deleteCount: IGNORE.length + 2, text: '' });
    assert.equal(gone.suppressed.length, 0);
    step('a comment typed in the first document (the first chunk replaced)', { offset: aboveRecycle(t(), 0), deleteCount: 0, text: `  ${IGNORE}` });
    step('and removed', { offset: t().indexOf(`  ${IGNORE}`), deleteCount: IGNORE.length + 2, text: '' });
    step('a comment typed in the last document (the last chunk replaced)', { offset: aboveRecycle(t(), 11), deleteCount: 0, text: `  ${IGNORE}` });
    step('and removed', { offset: t().indexOf(`  ${IGNORE}`), deleteCount: IGNORE.length + 2, text: '' });
    const two = step('two edits between analyses: a name in one document, a comment in another',
      { offset: t().indexOf('pv-9'), deleteCount: 4, text: 'pv-nine' },
      { offset: aboveRecycle(t(), 3), deleteCount: 0, text: `  ${IGNORE}` });
    assert.equal(two.suppressed.length, 1);
  });

  it('a finding whose document did not move stays the same object; one below an added line moves', () => {
    const texts = new Map(Object.entries(FILES));
    const p = project(texts);
    const file = 'app/pvs.yaml';
    const before = p.analyze().findingsFor(file);
    const text = texts.get(file)!;
    // a name in document 6 gets longer: no line moves
    const at = text.indexOf('pv-6');
    p.applyChanges(file, [{ offset: at, deleteCount: 4, text: 'pv-six' }]);
    const renamed = p.analyze().findingsFor(file);
    assert.notEqual(renamed, before);
    const keptObjects = renamed.filter((f) => before.includes(f)).length;
    assert.ok(keptObjects >= before.length - 2, `${keptObjects} of ${before.length} kept`);
    // a line added in document 2: the findings of documents 2 and below are new objects, one line down
    const at2 = docStart(texts.get(file)!.replace('pv-6', 'pv-six'), 2) + 4;
    p.applyChanges(file, [{ offset: at2, deleteCount: 0, text: '# a comment\n' }]);
    const moved = p.analyze().findingsFor(file);
    const lineOf = (list: readonly { range: { start: { line: number } }; code: string }[], code: string) => list.filter((f) => f.code === code).map((f) => f.range.start.line);
    assert.deepEqual(lineOf(moved, 'reclaim-policy-recycle').slice(2), lineOf(renamed, 'reclaim-policy-recycle').slice(2).map((l) => l + 1));
    assert.equal(moved.filter((f) => f.code === 'reclaim-policy-recycle')[0], renamed.filter((f) => f.code === 'reclaim-policy-recycle')[0], 'above the edit: the same object');
  });
});
