// The built extension bundle, loaded in plain Node against the in-memory vscode double: activation must
// not load the engine (dist/engine.js, with the YAML parser) or the Kubernetes client; the first scan
// loads the engine and publishes diagnostics.
import { strict as assert } from 'node:assert';
import Module from 'node:module';
import * as path from 'node:path';
import { createVscodeDouble } from '../../../bench/vscodeDouble';
import { repoRoot, statefulSet } from '../helpers/analyze';

describe('extension bundle', () => {
  const dist = path.join(repoRoot(), 'dist');
  const loaded = (file: string) => require.cache[path.join(dist, file)] !== undefined;
  type Loader = { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = (Module as unknown as Loader)._load;
  afterEach(() => { (Module as unknown as Loader)._load = original; });

  it('activates without the engine or the Kubernetes client; the first scan loads the engine', async () => {
    for (const f of ['extension.js', 'engine.js', 'cluster.js']) delete require.cache[path.join(dist, f)];
    const double = createVscodeDouble();
    (Module as unknown as Loader)._load = (request, ...rest) => (request === 'vscode' ? double.api : original(request, ...rest));
    double.addDocument('/ws/sts.yaml', statefulSet({ name: 'web', service: 'missing' }));
    const subscriptions: { dispose(): void }[] = [];
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle is what is tested
    const ext = require(path.join(dist, 'extension.js')) as { activate(ctx: unknown): { host: { current(): Promise<{ findings: { code: string }[] }> } } };
    const published = double.nextPublication();
    const api = ext.activate({ subscriptions, extensionUri: double.api.Uri.file('/ext') });
    assert.equal(loaded('engine.js'), false, 'the engine is not loaded during activation');
    assert.equal(loaded('cluster.js'), false, 'the Kubernetes client is not loaded during activation');

    const analysis = await api.host.current();
    await published;
    assert.equal(loaded('engine.js'), true, 'the first scan loaded the engine');
    assert.equal(loaded('cluster.js'), false);
    assert.ok(analysis.findings.some((f) => f.code === 'service-not-found'));
    const diagnostics = double.diagnostics.get(double.api.Uri.file('/ws/sts.yaml').toString()) as { code?: { value: string } | string }[];
    assert.ok(diagnostics.some((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'service-not-found'), 'diagnostics were published');
    for (const s of subscriptions) s.dispose();
  });
});
