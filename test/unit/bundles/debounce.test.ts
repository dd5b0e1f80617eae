// A request that waits for pending edits (a lens, a hover) must not swallow the debounced analysis:
// the edit's diagnostics are still published when the debounce fires. (VS Code asks for lenses on
// every edit, so this is the ordinary path in the editor.)
import { strict as assert } from 'node:assert';
import { createVscodeDouble } from '../../../bench/vscodeDouble';
import { statefulSet } from '../helpers/analyze';
import { loadBundle, restoreLoader } from '../helpers/bundle';

interface Host { current(): Promise<unknown>; request(r: { type: 'lenses'; file: string }): Promise<unknown[]> }

describe('extension bundle: debounce', () => {
  afterEach(restoreLoader);

  it('publishes the diagnostics of an edit after a lens request came between the edit and the debounce', async () => {
    const double = createVscodeDouble();
    const doc = double.addDocument('/ws/sts.yaml', statefulSet({ name: 'web', service: 'missing' }));
    const file = double.api.Uri.file('/ws/sts.yaml').toString();
    const subscriptions: { dispose(): void }[] = [];
    const { host } = loadBundle<{ host: Host }>(double).activate({ subscriptions, extensionUri: double.api.Uri.file('/ext') });
    const codes = () => ((double.diagnostics.get(file) ?? []) as { code?: { value: string } }[]).map((d) => d.code?.value);
    try {
      await host.current();
      assert.deepEqual(codes(), ['service-not-found']);
      // apps/v1 → apps/v1beta1: a removed API version (an error) appears
      const at = doc.text.indexOf('apps/v1') + 'apps/v1'.length;
      const published = double.nextPublication();
      double.prepareEdit(doc, at, 0, 'beta1')();
      assert.ok(Array.isArray(await host.request({ type: 'lenses', file })));
      await published; // the debounce (300 ms) fires and publishes; without it, this waits forever
      assert.ok(codes().includes('removed-api-version'), JSON.stringify(codes()));
    } finally {
      for (const s of subscriptions) s.dispose();
    }
  });
});
