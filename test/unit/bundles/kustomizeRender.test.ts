// The editor's Kustomize renders against edits: a render that lands while its files have unsaved edits
// is dropped by the engine (it rendered other texts), so when the files return to the rendered texts (an
// undo, a revert) the kustomization must be rendered again. It used to count those texts as rendered and
// keep the "not rendered" note until the next change. Needs kubectl (skipped without it); a wrapper makes
// each kubectl call take a second, so that the edit lands while the render runs.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createVscodeDouble } from '../../../bench/vscodeDouble';
import { loadBundle, restoreLoader } from '../helpers/bundle';

interface Host { current(): Promise<unknown> }

const PV = 'apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: data\nspec:\n  capacity:\n    storage: 1Gi\n  accessModes: [ReadWriteOnce]\n  storageClassName: ""\n  nfs:\n    server: 10.0.0.1\n    path: /exports/data\n';
const realKubectl = (): string | undefined => {
  const r = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : undefined;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('extension bundle: kustomize renders and unsaved edits', () => {
  let dir: string;
  let savedPath: string | undefined;
  afterEach(() => {
    restoreLoader();
    if (savedPath !== undefined) process.env.PATH = savedPath;
    savedPath = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('renders again when the files return to the saved texts after a render was dropped for an edit', async function () {
    this.timeout(40_000);
    const kubectl = realKubectl();
    if (!kubectl) this.skip();
    dir = mkdtempSync(path.join(tmpdir(), 'sts-render-'));
    writeFileSync(path.join(dir, 'kubectl'), `#!/bin/sh\nsleep 1\nexec ${kubectl} "$@"\n`);
    chmodSync(path.join(dir, 'kubectl'), 0o755);
    savedPath = process.env.PATH;
    process.env.PATH = `${dir}${path.delimiter}${savedPath}`;
    const app = path.join(dir, 'app');
    spawnSync('mkdir', ['-p', app]);
    writeFileSync(path.join(app, 'kustomization.yaml'), 'resources:\n- pv.yaml\n');
    writeFileSync(path.join(app, 'pv.yaml'), PV);
    const double = createVscodeDouble();
    double.addDocument(path.join(app, 'kustomization.yaml'), 'resources:\n- pv.yaml\n');
    const doc = double.addDocument(path.join(app, 'pv.yaml'), PV);
    const kustomization = double.api.Uri.file(path.join(app, 'kustomization.yaml')).toString();
    const noted = () => ((double.diagnostics.get(kustomization) ?? []) as { code?: { value: string } }[]).some((d) => d.code?.value === 'kustomize-not-rendered');
    const subscriptions: { dispose(): void }[] = [];
    const { host } = loadBundle<{ host: Host }>(double).activate({ subscriptions, extensionUri: double.api.Uri.file('/ext') });
    try {
      await host.current(); // the scan's analysis: the render starts (a second for the lookup, one for the render)
      assert.ok(noted(), 'not rendered yet');
      // an unsaved edit while it runs: the render of the saved texts lands after it and is dropped
      const comment = '# unsaved\n';
      double.prepareEdit(doc, 0, 0, comment)();
      doc.isDirty = true;
      await sleep(3500);
      await host.current();
      // back to the saved text (an undo): the kustomization is rendered again, and the note goes
      double.prepareEdit(doc, 0, comment.length, '')();
      doc.isDirty = false;
      for (let waited = 0; noted() && waited < 15_000; waited += 250) { await sleep(250); await host.current(); }
      assert.equal(noted(), false, 'rendered after the undo');
    } finally {
      for (const s of subscriptions) s.dispose();
    }
  });
});
