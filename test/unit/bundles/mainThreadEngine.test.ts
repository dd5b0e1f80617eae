// The fallback: with the engine on the extension host's thread (STATEFULSET_STORAGE_ENGINE_THREAD=main,
// what the editor does when no worker can start), the same bundle publishes the same diagnostics and
// answers the same requests; the engine bundle is then loaded on this thread, after activation.
import { strict as assert } from 'node:assert';
import { createVscodeDouble } from '../../../bench/vscodeDouble';
import { statefulSet } from '../helpers/analyze';
import { loadBundle, loaded, restoreLoader } from '../helpers/bundle';

interface Host {
  current(): Promise<{ diagnostics: ReadonlyMap<string, readonly { code: string }[]> }>;
  request(r: { type: 'sets' }): Promise<{ name: string; replicas: number }[]>;
  readonly engineThread: string | undefined;
}

describe('extension bundle: the engine on the main thread', () => {
  const before = process.env.STATEFULSET_STORAGE_ENGINE_THREAD;
  afterEach(() => {
    restoreLoader();
    if (before === undefined) delete process.env.STATEFULSET_STORAGE_ENGINE_THREAD; else process.env.STATEFULSET_STORAGE_ENGINE_THREAD = before;
  });

  it('analyses, publishes and answers as the worker does', async () => {
    process.env.STATEFULSET_STORAGE_ENGINE_THREAD = 'main';
    const double = createVscodeDouble();
    double.addDocument('/ws/sts.yaml', statefulSet({ name: 'web', service: 'missing', replicas: 3 }));
    const file = double.api.Uri.file('/ws/sts.yaml').toString();
    const subscriptions: { dispose(): void }[] = [];
    const { host } = loadBundle<{ host: Host }>(double).activate({ subscriptions, extensionUri: double.api.Uri.file('/ext') });
    try {
      assert.equal(loaded('engine.js'), false, 'not during activation');
      const analysis = await host.current();
      assert.equal(host.engineThread, 'main thread');
      assert.equal(loaded('engine.js'), true);
      assert.deepEqual(analysis.diagnostics.get(file)?.map((f) => f.code), ['service-not-found']);
      const published = (double.diagnostics.get(file) ?? []) as { code?: { value: string } }[];
      assert.deepEqual(published.map((d) => d.code?.value), ['service-not-found']);
      assert.deepEqual((await host.request({ type: 'sets' })).map((s) => [s.name, s.replicas]), [['web', 3]]);
    } finally {
      for (const s of subscriptions) s.dispose();
    }
  });
});
