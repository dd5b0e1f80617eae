// A kustomization rendered in the editor (kubectl's output sent to the engine as a `rendered` mutation):
// its findings obey the config's rules and the inline ignore comments of the source files, as the
// unrendered reading's do and as the CLI's do. (They used to skip both: a finding turned off came back
// once the render landed.)
import { strict as assert } from 'node:assert';
import { EngineService } from '../../../src/core/service/engineService';
import { applyFileDelta } from '../../../src/core/service/diagnosticsDelta';
import type { Finding } from '../../../src/core/findings';
import { EngineClient } from '../../../src/providers/engine/engineClient';
import { InProcessConnection } from '../../../src/providers/engine/inProcessConnection';

const OPTIONS = { defaultNamespace: 'default', maxFileBytes: 10 * 1048576, settings: {}, kustomizeNotRendered: 'not rendered yet' };
const key = (f: string) => `file:///ws/app/${f}`;
const pv = (name: string, comment = '') => `apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: ${name}\nspec:\n  capacity:\n    storage: 1Gi\n`
  + `  accessModes: [ReadWriteOnce]\n${comment}  persistentVolumeReclaimPolicy: Recycle\n  nfs:\n    server: 10.0.0.1\n    path: /exports/${name}\n`;

describe('engine: findings of a rendered kustomization', () => {
  it('follow the config\'s rule settings and the source files\' ignore comments', async () => {
    const client = new EngineClient(new InProcessConnection(() => new EngineService()), () => undefined);
    try {
      const ignored = pv('ignored', '  # statefulset-storage: ignore reclaim-policy-recycle -- kept for the test\n');
      const texts: Record<string, string> = {
        'kustomization.yaml': 'resources:\n- a.yaml\n- b.yaml\n',
        'a.yaml': ignored,
        'b.yaml': pv('warned'),
        '.statefulset-storage.yaml': 'rules:\n  reclaim-policy-recycle: info\n',
      };
      client.mutate({ type: 'reset', options: OPTIONS });
      for (const [f, t] of Object.entries(texts)) client.mutate({ type: 'setFile', file: key(f), text: t });
      const shown = new Map<string, Finding[]>();
      const codes = (changed: readonly { file: string; items: Parameters<typeof applyFileDelta>[1] }[]) => {
        for (const d of changed) shown.set(d.file, applyFileDelta(shown.get(d.file), d.items));
        return ['a.yaml', 'b.yaml'].map((f) => (shown.get(key(f)) ?? []).filter((x) => x.code !== 'kustomize-not-rendered').map((x) => `${x.code} ${x.severity}`).sort());
      };
      const before = (await client.request({ type: 'analyze', dirty: [], render: true })).result;
      const unrendered = codes(before.changed);
      assert.deepEqual(unrendered, [[], ['reclaim-policy-recycle info']], 'the unrendered reading: one ignored, the other at the config\'s severity');
      const [unit] = before.renderUnits;
      // kubectl kustomize prints the objects without comments
      const output = `${pv('ignored')}---\n${pv('warned')}`;
      client.mutate({ type: 'rendered', result: { root: unit.root, signature: unit.signature, output } });
      const after = (await client.request({ type: 'analyze', dirty: [], render: true })).result;
      assert.deepEqual(codes(after.changed), unrendered);
      // the config changes (not the rendered files): the render is asked for again, and its findings follow the new config
      client.mutate({ type: 'setFile', file: key('.statefulset-storage.yaml'), text: 'rules:\n  reclaim-policy-recycle: error\n' });
      const edited = (await client.request({ type: 'analyze', dirty: [], render: true })).result;
      assert.notEqual(edited.renderUnits[0].signature, unit.signature, 'a new render is asked for');
      client.mutate({ type: 'rendered', result: { root: unit.root, signature: edited.renderUnits[0].signature, output } });
      const again = (await client.request({ type: 'analyze', dirty: [], render: true })).result;
      assert.deepEqual(codes([...edited.changed, ...again.changed]), [[], ['reclaim-policy-recycle error']]);
    } finally {
      client.dispose();
    }
  });
});
