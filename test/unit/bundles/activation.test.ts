// The built extension bundle, loaded in plain Node against the in-memory vscode double: activation must
// not load the engine (dist/engine.js, with the YAML parser) or the Kubernetes client; the first scan
// starts the engine's worker thread, which analyses and sends the diagnostics back — the engine is
// never loaded on this thread.
import { strict as assert } from 'node:assert';
import { createVscodeDouble } from '../../../bench/vscodeDouble';
import { statefulSet } from '../helpers/analyze';
import { loadBundle, loaded, restoreLoader } from '../helpers/bundle';

interface Summary { diagnostics: ReadonlyMap<string, readonly { code: string }[]> }

describe('extension bundle', () => {
  afterEach(restoreLoader);

  it('activates without the engine or the Kubernetes client; the first scan analyses in a worker thread', async () => {
    const double = createVscodeDouble();
    double.addDocument('/ws/sts.yaml', statefulSet({ name: 'web', service: 'missing' }));
    const subscriptions: { dispose(): void }[] = [];
    const ext = loadBundle<{ host: { current(): Promise<Summary>; engineThread: string | undefined } }>(double);
    const published = double.nextPublication();
    const api = ext.activate({ subscriptions, extensionUri: double.api.Uri.file('/ext') });
    assert.equal(loaded('engine.js'), false, 'the engine is not loaded during activation');
    assert.equal(loaded('cluster.js'), false, 'the Kubernetes client is not loaded during activation');
    assert.equal(api.host.engineThread, undefined, 'no engine is started during activation');

    const analysis = await api.host.current();
    await published;
    assert.equal(api.host.engineThread, 'worker');
    assert.equal(loaded('engine.js'), false, 'the engine ran in the worker, not on this thread');
    assert.equal(loaded('cluster.js'), false);
    const file = double.api.Uri.file('/ws/sts.yaml').toString();
    assert.ok(analysis.diagnostics.get(file)?.some((f) => f.code === 'service-not-found'));
    const diagnostics = double.diagnostics.get(file) as { code?: { value: string } | string }[];
    assert.ok(diagnostics.some((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'service-not-found'), 'diagnostics were published');
    for (const s of subscriptions) s.dispose();
  });
});
