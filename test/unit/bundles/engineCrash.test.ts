// The engine's worker thread dying (killed here, as an out-of-memory or a crash would end it) is visible
// — the output channel says why, an internal-error diagnostic says so until the new engine's first
// analysis replaces every file's diagnostics — and the engine starts again with the current texts:
// an unsaved edit included.
import { strict as assert } from 'node:assert';
import { createVscodeDouble } from '../../../bench/vscodeDouble';
import { HEADLESS_SERVICE, statefulSet } from '../helpers/analyze';
import { loadBundle, restoreLoader } from '../helpers/bundle';

interface Host {
  current(): Promise<{ diagnostics: ReadonlyMap<string, readonly { code: string }[]> }>;
  killEngine(): Promise<void>;
  reanalyze(): void;
  request(r: { type: 'sets' }): Promise<{ name: string; replicas: number }[]>;
  readonly restarts: number;
  readonly engineThread: string | undefined;
}

const codesOf = (double: ReturnType<typeof createVscodeDouble>, file: string) =>
  ((double.diagnostics.get(file) ?? []) as { code?: { value: string } }[]).map((d) => d.code?.value).sort();

describe('extension bundle: the engine dies', () => {
  afterEach(restoreLoader);

  it('logs it, shows it, and restarts the engine with the current texts', async () => {
    const double = createVscodeDouble();
    // the first file read has no findings: the crash diagnostic lands there, and must go again
    double.addDocument('/ws/svc.yaml', HEADLESS_SERVICE);
    const doc = double.addDocument('/ws/sts.yaml', statefulSet({ name: 'web', service: 'missing' }));
    const file = double.api.Uri.file('/ws/sts.yaml').toString();
    const svc = double.api.Uri.file('/ws/svc.yaml').toString();
    const subscriptions: { dispose(): void }[] = [];
    const { host } = loadBundle<{ host: Host }>(double).activate({ subscriptions, extensionUri: double.api.Uri.file('/ext') });
    try {
      await host.current();
      assert.deepEqual(codesOf(double, file), ['service-not-found']);
      assert.deepEqual(codesOf(double, svc), []);
      // an edit the engine has (by its change range), then the engine dies
      const at = doc.text.indexOf('replicas: 2') + 'replicas: '.length;
      double.prepareEdit(doc, at, 1, '0')();
      await host.current();
      assert.equal(host.engineThread, 'worker');
      const shown = double.nextPublication();
      await host.killEngine();
      await shown;
      assert.deepEqual(codesOf(double, svc), ['internal-error'], 'the crash is shown where the user looks');
      assert.deepEqual(codesOf(double, file), ['service-not-found'], 'the other diagnostics stay until the new analysis');
      assert.ok(double.log.some((l) => /^error: The analysis engine \(worker\) stopped/.test(l)), double.log.join('\n'));
      const recovered = await host.current();
      assert.equal(host.restarts, 1);
      assert.equal(host.engineThread, 'worker');
      assert.deepEqual(recovered.diagnostics.get(file)?.map((f) => f.code), ['service-not-found']);
      assert.deepEqual(codesOf(double, file), ['service-not-found']);
      assert.deepEqual(codesOf(double, svc), [], 'the analysis of the re-read replaced the crash diagnostic');
      assert.deepEqual((await host.request({ type: 'sets' })).map((s) => s.replicas), [0], 'the new engine has the edited text');
    } finally {
      for (const s of subscriptions) s.dispose();
    }
  });

  it('after the engine was given up, "Re-analyze" clears the findings the new engine no longer has', async () => {
    const double = createVscodeDouble();
    const doc = double.addDocument('/ws/sts.yaml', statefulSet({ name: 'web', service: 'missing' }));
    const file = double.api.Uri.file('/ws/sts.yaml').toString();
    const subscriptions: { dispose(): void }[] = [];
    const { host } = loadBundle<{ host: Host }>(double).activate({ subscriptions, extensionUri: double.api.Uri.file('/ext') });
    try {
      await host.current();
      // three crashes are restarted, each answered; the fourth within the minute gives the engine up
      for (let i = 0; i < 3; i++) { await host.killEngine(); await host.current(); }
      await host.killEngine();
      assert.deepEqual(codesOf(double, file), ['service-not-found']);
      double.prepareEdit(doc, 0, doc.text.length, '# nothing here yet\n')();
      host.reanalyze();
      await host.current();
      assert.deepEqual(codesOf(double, file), [], 'the finding of the text before is gone');
    } finally {
      for (const s of subscriptions) s.dispose();
    }
  });
});
