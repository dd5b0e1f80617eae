// Incremental analysis equals a fresh one on every shape the bench measures (bench/manifest.ts), at a
// small size: after each edit of a sequence (a keystroke in a set's replicas, a claimRef removed, a PV
// added without claimRef, a document deleted, a random keystroke) the workspace's findings, prediction
// and objects are those of a new Workspace given the edited texts.
import * as assert from 'node:assert/strict';
import { Analysis, Workspace } from '../../../src/core/analysis';
import { TextChange } from '../../../src/core/source';
import { SHAPES } from '../../../bench/manifest';

function meaning(a: Analysis) {
  return {
    findings: a.findings,
    claims: a.prediction.claims.map((c) => `${c.namespace}/${c.name} ${c.outcome} ${c.volume?.name ?? '-'} ${c.reason} ${c.candidates.length} ${c.rejected.length}`),
    objects: a.index.objects.map((o) => `${o.src.file}#${o.src.index} ${o.key}`),
    sets: a.statefulSetCount,
  };
}

const LOOSE_PV = '---\napiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: loose\nspec:\n  capacity:\n    storage: 2Gi\n  accessModes: ["ReadWriteOnce"]\n  storageClassName: ""\n  nfs:\n    server: 192.0.2.10\n    path: /exports/loose\n';

/** The edits, each relative to the text the previous ones left. */
function edits(text: string, replicasAt: number): TextChange[] {
  const out: TextChange[] = [{ offset: replicasAt, deleteCount: 1, text: '5' }, { offset: replicasAt, deleteCount: 1, text: '2' }];
  let now = text.slice(0, replicasAt) + '2' + text.slice(replicasAt + 1);
  const apply = (c: TextChange) => { out.push(c); now = now.slice(0, c.offset) + c.text + now.slice(c.offset + c.deleteCount); };
  const claimRef = now.indexOf('  claimRef:\n');
  if (claimRef >= 0) apply({ offset: claimRef, deleteCount: '  claimRef:\n'.length, text: '  claimRefX:\n' });
  apply({ offset: now.length, deleteCount: 0, text: LOOSE_PV });
  const second = now.indexOf('\n---\n');
  const third = now.indexOf('\n---\n', second + 1);
  if (second >= 0 && third >= 0) apply({ offset: second, deleteCount: third - second, text: '' });
  apply({ offset: Math.floor(now.length / 3), deleteCount: 1, text: 'x' });
  apply({ offset: replicasAt, deleteCount: 1, text: '3' });
  return out;
}

describe('incremental analysis equals a fresh one on every bench shape', () => {
  for (const shape of SHAPES) {
    it(shape.name, () => {
      const { files, edit } = shape.make(shape.name === 'many files' ? 3 : shape.name === 'one big set' ? 12 : 8, 4);
      const texts = new Map(files.map((f) => [f.file, f.text]));
      const ws = new Workspace();
      for (const [f, t] of texts) ws.setFile(f, t);
      ws.analyze();
      for (const change of edits(texts.get(edit.file)!, edit.offset)) {
        ws.applyChanges(edit.file, [change]);
        const t = texts.get(edit.file)!;
        texts.set(edit.file, t.slice(0, change.offset) + change.text + t.slice(change.offset + change.deleteCount));
        const fresh = new Workspace();
        for (const [f, text] of texts) fresh.setFile(f, text);
        assert.deepEqual(meaning(ws.analyze()), meaning(fresh.analyze()), `${shape.name} after ${JSON.stringify(change)}`);
      }
    });
  }
});
