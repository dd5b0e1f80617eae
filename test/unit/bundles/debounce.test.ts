// A request that waits for pending edits (a lens, a hover) must not swallow the debounced analysis:
// the edit's diagnostics are still published when the debounce fires. (VS Code asks for lenses on
// every edit, so this is the ordinary path in the editor.)
import { strict as assert } from 'node:assert';
import { createVscodeDouble } from '../../../bench/vscodeDouble';
import { statefulSet } from '../helpers/analyze';
import { loadBundle, restoreLoader } from '../helpers/bundle';

interface Host {
  current(): Promise<{ version: number }>;
  request(r: { type: 'lenses'; file: string }): Promise<unknown[]>;
  onDidAnalyze(listener: (s: { version: number }) => void): { dispose(): void };
}

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

  it('analyses an edit once when current() flushes the debounce: the flush\'s analysis is the answer', async () => {
    const double = createVscodeDouble();
    const doc = double.addDocument('/ws/sts.yaml', statefulSet({ name: 'web', service: 'missing' }));
    const subscriptions: { dispose(): void }[] = [];
    const { host } = loadBundle<{ host: Host }>(double).activate({ subscriptions, extensionUri: double.api.Uri.file('/ext') });
    try {
      await host.current();
      const analyses: number[] = [];
      host.onDidAnalyze((s) => analyses.push(s.version));
      for (const text of ['beta1', '']) {
        const at = doc.text.indexOf('apps/v1') + 'apps/v1'.length;
        double.prepareEdit(doc, at, text ? 0 : 'beta1'.length, text)();
        const summary = await host.current();
        assert.equal(analyses.length, 1, `one analysis per edit, not the flush's and another: ${JSON.stringify(analyses)}`);
        assert.equal(summary.version, analyses[0], 'current() answers with that analysis');
        analyses.length = 0;
      }
      // nothing pending: current() asks again (the answer is the same state)
      const again = await host.current();
      assert.equal(analyses.length, 1);
      assert.equal(again.version, analyses[0]);
    } finally {
      for (const s of subscriptions) s.dispose();
    }
  });
});
