// Kustomize in the editor: a folder with a kustomization is rendered with the kubectl on PATH once its
// files are saved, and the findings of what kubectl apply -k creates show on the source files; with
// statefulsetStorage.kustomize.render off, the resources are read unrendered (patches skipped) and a
// note on the overlay says so.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { codeOf, diagnosticsBelow, eventually, ours, Sandbox } from './helpers';
import { headlessService, statefulSet } from './manifests';

const encode = (s: string) => new TextEncoder().encode(s);

// The base's set mounts "datum", which only the overlay's patch defines; the patch mounts "extra", which nothing defines.
const FILES: Record<string, string> = {
  'base/kustomization.yaml': 'resources:\n  - sts.yaml\n  - svc.yaml\ncommonLabels:\n  app: kz-db\n',
  'base/sts.yaml': statefulSet({ name: 'kz-db', selector: false, container: { name: 'db', image: 'postgres:16' }, mount: { name: 'datum', path: '/data' }, template: null }),
  'base/svc.yaml': headlessService('kz-db', { selector: false, ports: '[{port: 5432}]' }),
  'overlay/kustomization.yaml': 'namePrefix: eu-\nresources:\n  - ../base\npatches:\n  - path: volumes.yaml\n',
  'overlay/volumes.yaml': `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: kz-db
spec:
  template:
    spec:
      containers:
        - name: db
          volumeMounts:
            - name: extra
              mountPath: /extra
      volumes:
        - name: datum
          emptyDir: {}
`,
};

// kustomize's extension-less name: were the folder read as a plain one, its patch (a set without
// selector, containers or Service) would be analysed as a StatefulSet of its own and flagged
const EXTENSIONLESS: Record<string, string> = {
  'bare/Kustomization': 'patches:\n  - path: replicas.yaml\n',
  'bare/replicas.yaml': 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: kz-db\nspec:\n  replicas: 2\n',
};

function kubectlOnPath(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client', '-o', 'json'], { stdio: 'pipe', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

describe('kustomize', () => {
  let box: Sandbox;
  const messages = (uri: vscode.Uri, code: string) => ours(uri).filter((d) => codeOf(d) === code).map((d) => d.message);

  before(async () => {
    box = await Sandbox.create('kustomize');
    for (const [file, text] of Object.entries(FILES)) await vscode.workspace.fs.writeFile(box.uri(...file.split('/')), encode(text));
  });
  after(async () => {
    await vscode.workspace.getConfiguration('statefulsetStorage').update('kubectlPath', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('statefulsetStorage').update('kustomize.render', undefined, vscode.ConfigurationTarget.Workspace);
    await box?.dispose();
  });

  it('renders the overlay with kubectl and shows the findings of the rendered objects on the base', async function () {
    if (!kubectlOnPath()) this.skip(); // no kubectl in this host: rendering cannot run here
    const sts = box.uri('base', 'sts.yaml');
    // a render on a loaded machine (kubectl's start, then the render itself) can take a while
    this.timeout(90_000);
    await eventually(() => {
      const mounts = messages(sts, 'mount-unknown-volume');
      // on failure, say whether the overlay was not rendered (and why) or its render failed
      const notes = [...messages(box.uri('overlay', 'kustomization.yaml'), 'kustomize-not-rendered'), ...messages(box.uri('overlay', 'kustomization.yaml'), 'kustomize-render-failed')];
      assert.ok(mounts.length === 1 && mounts[0].includes('"extra"'), `rendered: only the patch's mount is unknown; got ${JSON.stringify(mounts)}; all: ${JSON.stringify(diagnosticsBelow(box.folder))}; overlay notes: ${JSON.stringify(notes)}`);
      assert.deepStrictEqual(diagnosticsBelow(box.folder).filter((d) => !d.endsWith('mount-unknown-volume')), []);
    }, 60_000, 'the rendered findings');
  });

  it('a kubectl lookup that failed is tried again after a back-off, and then renders', async function () {
    if (!kubectlOnPath()) this.skip();
    this.timeout(120_000);
    // statefulsetStorage.kubectlPath (a user setting) names a stand-in whose first `version` fails, as a
    // kubectl starting too slowly on a loaded machine did; later calls are the real kubectl's
    const dir = mkdtempSync(path.join(tmpdir(), 'sts-flaky-kubectl-'));
    const fake = path.join(dir, 'kubectl');
    const count = path.join(dir, 'versions');
    writeFileSync(fake, `#!/bin/sh
if [ "$1" = version ]; then
  n=$(cat '${count}' 2>/dev/null || echo 0)
  echo $((n + 1)) > '${count}'
  if [ "$n" = 0 ]; then exit 1; fi
fi
exec kubectl "$@"
`);
    chmodSync(fake, 0o755);
    try {
      const overlay = box.uri('overlay', 'kustomization.yaml');
      await vscode.workspace.getConfiguration('statefulsetStorage').update('kubectlPath', fake, vscode.ConfigurationTarget.Global);
      await eventually(() => {
        const notes = messages(overlay, 'kustomize-not-rendered');
        assert.ok(notes.length === 1 && notes[0].includes(`${fake} could not be run`), JSON.stringify(notes));
      }, 30_000, 'the note saying the lookup failed');
      await eventually(() => {
        const mounts = messages(box.uri('base', 'sts.yaml'), 'mount-unknown-volume');
        assert.ok(mounts.length === 1 && mounts[0].includes('"extra"'), `rendered after the retry; got ${JSON.stringify(mounts)}; overlay: ${JSON.stringify(ours(overlay).map((d) => d.message))}`);
        assert.deepStrictEqual(diagnosticsBelow(box.folder).filter((d) => !d.endsWith('mount-unknown-volume')), []);
      }, 60_000, 'the rendered findings after the retry');
      assert.equal(readFileSync(count, 'utf8').trim(), '2', 'one failed lookup, one that answered (then kept)');
    } finally {
      await vscode.workspace.getConfiguration('statefulsetStorage').update('kubectlPath', undefined, vscode.ConfigurationTarget.Global);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with rendering off: resources read unrendered, patches skipped, a note on the overlay (also one named Kustomization)', async () => {
    await vscode.workspace.getConfiguration('statefulsetStorage').update('kustomize.render', false, vscode.ConfigurationTarget.Workspace);
    for (const [file, text] of Object.entries(EXTENSIONLESS)) await vscode.workspace.fs.writeFile(box.uri(...file.split('/')), encode(text));
    const sts = box.uri('base', 'sts.yaml');
    await eventually(() => {
      const mounts = messages(sts, 'mount-unknown-volume');
      assert.ok(mounts.length === 1 && mounts[0].includes('"datum"'), `unrendered: the base's mount is unknown; got ${JSON.stringify(mounts)}`);
      const notes = messages(box.uri('overlay', 'kustomization.yaml'), 'kustomize-not-rendered');
      assert.ok(notes.length === 1 && notes[0].includes('rendering is turned off'), JSON.stringify(notes));
      // commonLabels gave the set its selector; the patch file is no object. Each folder with a
      // kustomization is a deployment unit of its own here, so the base has its note too.
      assert.deepStrictEqual(diagnosticsBelow(box.folder), [
        'bare/Kustomization: kustomize-not-rendered', 'base/kustomization.yaml: kustomize-not-rendered', 'base/sts.yaml: mount-unknown-volume',
        'overlay/kustomization.yaml: kustomize-not-rendered',
      ]);
    }, 30_000, 'the unrendered findings');
  });
});
