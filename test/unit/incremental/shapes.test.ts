// Incremental analysis equals a fresh one on every shape the bench measures (bench/manifest.ts), at a
// small size: after each edit of a sequence (a keystroke in a set's replicas, a claimRef removed, a PV
// added without claimRef, a document deleted, a random keystroke) the workspace's findings, prediction
// objects and outcomes (what plan, the lenses and hovers say of each claim; memoised per set across
// analyses) are those of a new Workspace given the edited texts.
import * as assert from 'node:assert/strict';
import { Analysis, Workspace } from '../../../src/core/analysis';
import { outcomesOf } from '../../../src/core/outcomes';
import { DEFAULT_PROFILE } from '../../../src/core/profile';
import { TextChange } from '../../../src/core/source';
import { SHAPES } from '../../../bench/manifest';

function meaning(a: Analysis) {
  return {
    findings: a.findings,
    claims: a.prediction.claims.map((c) => `${c.namespace}/${c.name} ${c.outcome} ${c.volume?.name ?? '-'} ${c.reason} ${c.candidates.length} ${c.rejected.length}`),
    objects: a.index.objects.map((o) => `${o.src.file}#${o.src.index} ${o.key}`),
    sets: a.statefulSetCount,
    outcomes: outcomesMeaning(a),
  };
}

function outcomesMeaning(a: Analysis) {
  const o = outcomesOf(a, DEFAULT_PROFILE);
  const claim = (c: { name: string; outcome: string; bindsTo?: string; reason: string; pvc?: unknown; ifDefaultClass?: { outcome: string; reason: string } }) =>
    `${c.name} ${c.outcome} ${c.bindsTo ?? '-'} ${c.reason}${c.pvc ? ' pre-created' : ''}${c.ifDefaultClass ? ` | ${c.ifDefaultClass.outcome} ${c.ifDefaultClass.reason}` : ''}`;
  return {
    sets: [...o.bySet].map(([set, claims]) => `${set.nsName}: ${claims.map(claim).join('; ')}`),
    rollouts: [...o.rollouts].map(([set, r]) => `${set.nsName}: ${r.created} ${r.stopsAt ?? ''} ${r.why ?? ''}`),
    standalone: o.standalone.map(claim),
    rejected: [...o.rejected].map(([obj, r]) => `${obj.key} ${r.code} ${r.message}`),
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
