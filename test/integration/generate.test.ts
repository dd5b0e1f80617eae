// "Generate PV/PVC files" as the pvc-missing quick fix starts it, with every answer passed as
// arguments (the command's questions are skipped, its Refactor Preview is not): nothing is written
// until the preview is applied; applied as offered, the new files exist, pinned both ways, and the
// proposed edits of the user's files (unchecked: opt-in, as the CLI's --write-sources) are not made. Works on a sandbox copy of mysql-rbd/. The generation runs once,
// for whichever test needs it first (so each test also runs alone, e.g. with TEST_GREP).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { parseAllDocuments } from 'yaml';
import { diagnostic, diagnosticsBelow, EXAMPLE, eventually, exists, extensionApi, lensTitles, open, readText, Sandbox, saveDirty, sleep, waitFor } from './helpers';

const STORAGE_CODES = ['pvc-missing', 'storage-class-unset', 'pv-contended', 'pvc-unbindable'];
const NFS = { kind: 'nfs', server: '10.0.0.5', pathPattern: '/exports/{namespace}/{claim}' };

/** the folder's entries, sorted */
async function entries(folder: vscode.Uri): Promise<string[]> {
  return (await vscode.workspace.fs.readDirectory(folder)).map(([n]) => n).sort();
}

/**
 * Runs the command and answers its Refactor Preview like a user: `refactorPreview.apply` or `.discard`
 * (the preview's own commands), repeated until the command returns, since the preview opens a moment
 * after the command starts. `before` runs while the preview is open, before the answer.
 */
async function withPreview<T>(command: Thenable<T>, answer: 'apply' | 'discard', before?: () => Promise<void>): Promise<T> {
  let settled = false;
  const result = Promise.resolve(command).finally(() => { settled = true; });
  let checked = !before;
  const deadline = Date.now() + 20_000;
  while (!settled && Date.now() < deadline) {
    await sleep(300);
    if (settled) break;
    if (!checked) { await before!(); checked = true; }
    await vscode.commands.executeCommand(`refactorPreview.${answer}`).then(undefined, () => undefined);
  }
  return result;
}

describe('Generate PV/PVC files', () => {
  let box: Sandbox;
  let generation: Promise<vscode.Uri[] | undefined> | undefined;
  const sts = () => box.uri('statefulset.yaml');

  /** the Generate action the light bulb offers on pvc-missing */
  async function quickFix(): Promise<vscode.CodeAction & { command: vscode.Command }> {
    await open(sts());
    const missing = await diagnostic(sts(), 'pvc-missing');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', sts(), missing.range);
    const action = actions.find((a) => a.command?.command === 'statefulsetStorage.generateVolumes');
    assert.ok(action?.command, `a Generate action among ${JSON.stringify(actions.map((a) => a.title))}`);
    return action as vscode.CodeAction & { command: vscode.Command };
  }

  /** runs the quick fix's command once, answering its questions with arguments */
  /** starts the quick fix's command (wrapped: a promise would wait for the command's result) */
  async function runQuickFix(): Promise<{ command: Thenable<vscode.Uri[] | undefined> }> {
    const action = await quickFix();
    return {
      command: vscode.commands.executeCommand<vscode.Uri[] | undefined>(action.command.command, {
        ...(action.command.arguments?.[0] as object),
        source: NFS,
        layout: 'per-ordinal',
        directory: vscode.Uri.joinPath(sts(), '..').toString(), // the folder of statefulset.yaml
        open: false,
      }),
    };
  }

  /** the quick fix's command, its preview applied as offered (new files checked, edits unchecked) */
  function generated(): Promise<vscode.Uri[] | undefined> {
    generation ??= runQuickFix().then(({ command }) => withPreview(command, 'apply'));
    return generation;
  }

  before(async () => {
    box = await Sandbox.create('generate', EXAMPLE);
  });
  after(async () => {
    await box?.dispose();
  });

  it('is the command of the pvc-missing quick fix, for the missing ordinals of the set', async () => {
    const action = await quickFix();
    assert.strictEqual(action.title, 'Generate PV/PVC files for mysql…');
    assert.strictEqual(action.isPreferred, true);
    assert.deepStrictEqual(action.command.arguments, [{ file: sts().toString(), namespace: 'default', name: 'mysql', ordinals: 'missing' }]);
  });

  it('writes nothing while the preview is open, and nothing when it is discarded', async () => {
    if (generation) return; // already applied by an earlier test: nothing left to discard
    const before = await entries(box.folder);
    const text = await readText(sts());
    const result = await withPreview((await runQuickFix()).command, 'discard', async () => {
      assert.deepEqual(await entries(box.folder), before, 'no file while the preview is open');
      assert.equal(await readText(sts()), text);
    });
    assert.equal(result, undefined);
    assert.deepEqual(await entries(box.folder), before);
    assert.equal((await vscode.workspace.openTextDocument(sts())).getText(), text, 'the StatefulSet is not edited');
  });

  it('creates mysql-1-storage.yaml with a PV and a PVC pinned to each other, and edits no existing file', async () => {
    const file = box.uri('mysql-1-storage.yaml');
    const before = { sts: await readText(sts()), pvc: await readText(box.uri('pvc.yaml')) };
    const created = await generated();
    const doc = async (name: string) => (await vscode.workspace.openTextDocument(box.uri(name))).getText();
    if (!before.sts.includes('storageClassName')) { // (when this test runs first)
      assert.equal(await doc('statefulset.yaml'), before.sts, 'the unchecked edit of statefulset.yaml is not made');
      assert.equal(await doc('pvc.yaml'), before.pvc, 'the unchecked edit of pvc.yaml is not made');
    }
    assert.deepStrictEqual(created?.map((u) => u.toString()), [file.toString()], 'the command returns the created files');
    assert.ok(await exists(file), 'mysql-1-storage.yaml exists on disk');
    assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === file.toString()), 'open: false leaves it closed');

    const docs = parseAllDocuments(await readText(file)).map((d) => d.toJS() as { kind: string; metadata: { name: string }; spec: Record<string, unknown> });
    assert.deepStrictEqual(docs.map((d) => d.kind), ['PersistentVolume', 'PersistentVolumeClaim']);
    const [pv, pvc] = docs;
    assert.strictEqual(pv.metadata.name, 'db-mysql-1-pv');
    assert.deepStrictEqual(pv.spec.claimRef, { name: 'db-mysql-1', namespace: 'default' });
    assert.deepStrictEqual(pv.spec.nfs, { server: '10.0.0.5', path: '/exports/default/db-mysql-1' });
    assert.strictEqual(pv.spec.storageClassName, '');
    assert.deepStrictEqual(pv.spec.capacity, { storage: '1Gi' }, 'the template\'s size');
    assert.strictEqual(pvc.metadata.name, 'db-mysql-1');
    assert.strictEqual(pvc.spec.volumeName, 'db-mysql-1-pv');
    assert.strictEqual(pvc.spec.storageClassName, '');
    assert.deepStrictEqual(pvc.spec.accessModes, ['ReadWriteOnce']);
  });

  it('leaves no missing claim; the declined edit of the hand-written claim stays a finding with its own quick fix', async () => {
    await generated();
    // (the template's class no longer matters to check: every ordinal's claim now exists)
    await eventually(() => {
      const left = diagnosticsBelow(box.folder).filter((d) => STORAGE_CODES.some((c) => d.endsWith(`: ${c}`)));
      assert.deepStrictEqual(left, ['pvc.yaml: storage-class-unset']);
    });
    const titles = await lensTitles(sts());
    assert.ok(titles.includes('db-mysql-1 → db-mysql-1-pv'), JSON.stringify(titles));
    assert.ok(!titles.some((t) => t.startsWith('db-mysql-1 → no PV')), JSON.stringify(titles));
    assert.deepStrictEqual(await lensTitles(box.uri('mysql-1-storage.yaml')), ['Bound by default/db-mysql-1 (pod mysql-1)', '→ db-mysql-1-pv (pod mysql-1)']);
  });

  it('the storage-class-unset quick fix then makes the edit the preview proposed for the claim', async () => {
    await generated();
    for (const name of ['pvc.yaml']) {
      const uri = box.uri(name);
      await open(uri);
      const d = await diagnostic(uri, 'storage-class-unset');
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range);
      const fix = actions.find((a) => a.edit && a.title.startsWith('Set storageClassName: ""'));
      assert.ok(fix?.edit, `a storage-class-unset fix among ${JSON.stringify(actions.map((a) => a.title))}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
    }
    await saveDirty(box.folder);
    assert.match(await readText(box.uri('pvc.yaml')), /\nspec:\n {2}storageClassName: ""\n/);
    // the declined template edit: the generated claims (class "") now differ from the template (unset)
    await eventually(() => assert.deepStrictEqual(diagnosticsBelow(box.folder), [
      'mysql-1-storage.yaml: pvc-template-mismatch', 'pv.yaml: reclaim-policy-recycle', 'pv.yaml: removed-volume-plugin', 'pvc.yaml: pvc-template-mismatch', 'statefulset.yaml: removed-api-version',
    ]));
  });

  it('refuses a set Kubernetes would reject, writing nothing', async () => {
    const bad = box.uri('bad', 'web.yaml');
    const text = (await readText(sts())).replace(/^ {2}name: mysql$/m, '  name: Web').replace('replicas: 2', 'replicas: .inf');
    await vscode.workspace.fs.writeFile(bad, new TextEncoder().encode(text));
    const { host } = await extensionApi();
    await waitFor(async () => (await host.request({ type: 'sets' }))?.some((s) => s.name === 'Web'), 15_000, 'the analysis to see StatefulSet Web');
    const result = await vscode.commands.executeCommand<vscode.Uri[] | undefined>('statefulsetStorage.generateVolumes', {
      file: bad.toString(), namespace: 'default', name: 'Web', ordinals: 'all', source: NFS, layout: 'per-ordinal', directory: box.uri('bad').toString(), open: false,
    });
    assert.equal(result, undefined);
    assert.deepEqual(await entries(box.uri('bad')), ['web.yaml']);
    await vscode.workspace.fs.delete(box.uri('bad'), { recursive: true, useTrash: false });
  });

  it('generates nothing when every claim is already provided', async () => {
    await generated();
    const before = (await vscode.workspace.fs.readDirectory(box.folder)).map(([n]) => n).sort();
    const created = await vscode.commands.executeCommand<vscode.Uri[] | undefined>('statefulsetStorage.generateVolumes', {
      file: sts().toString(), namespace: 'default', name: 'mysql', ordinals: 'missing',
      source: NFS, layout: 'single', directory: box.folder.toString(), open: false,
    });
    assert.deepStrictEqual(created, []);
    assert.deepStrictEqual((await vscode.workspace.fs.readDirectory(box.folder)).map(([n]) => n).sort(), before);
  });
});

describe('Generate PV/PVC files, the proposed edits checked in the preview', () => {
  let box: Sandbox;
  before(async () => {
    box = await Sandbox.create('generate-edits', EXAMPLE);
  });
  after(async () => {
    await box?.dispose();
  });

  it('makes the edits the user checks; check then reports only the example\'s other mistakes', async () => {
    const sts = box.uri('statefulset.yaml');
    await open(sts);
    await diagnostic(sts, 'pvc-missing');
    const command = vscode.commands.executeCommand<vscode.Uri[] | undefined>('statefulsetStorage.generateVolumes', {
      file: sts.toString(), namespace: 'default', name: 'mysql', ordinals: 'missing', source: NFS, layout: 'per-ordinal', directory: box.folder.toString(), open: false,
    });
    // What a user does in the preview: group by kind of change, check both proposed edits' categories
    // (listed before the new files, which are checked already), apply. The preview has no state an
    // extension can poll, hence the pause for it to open.
    await sleep(2000);
    for (const id of ['refactorPreview.groupByType', 'list.collapseAll', 'list.focusFirst', 'refactorPreview.toggleCheckedState', 'list.focusDown', 'refactorPreview.toggleCheckedState']) {
      await vscode.commands.executeCommand(id);
    }
    const created = await withPreview(command, 'apply');
    assert.deepStrictEqual(created?.map((u) => u.toString()), [box.uri('mysql-1-storage.yaml').toString()]);
    await saveDirty(box.folder);
    assert.match(await readText(sts), /\n {4}spec:\n {6}storageClassName: ""\n/);
    assert.match(await readText(box.uri('pvc.yaml')), /\nspec:\n {2}storageClassName: ""\n/);
    await eventually(() => assert.deepStrictEqual(diagnosticsBelow(box.folder), ['pv.yaml: reclaim-policy-recycle', 'pv.yaml: removed-volume-plugin', 'statefulset.yaml: removed-api-version']));
  });
});
