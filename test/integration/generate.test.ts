// "Generate PV/PVC files" as the pvc-missing quick fix starts it, with every answer passed as
// arguments (the command's UI is skipped): the files exist, are pinned both ways, and the set's
// storage diagnostics are gone everywhere. Works on a sandbox copy of mysql-rbd/.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { parseAllDocuments } from 'yaml';
import { codes, diagnostic, diagnosticsBelow, EXAMPLE, eventually, exists, lensTitles, open, readText, Sandbox, saveDirty } from './helpers';

const STORAGE_CODES = ['pvc-missing', 'storage-class-unset', 'pv-contended', 'pvc-unbindable'];

describe('Generate PV/PVC files', () => {
  let box: Sandbox;
  const sts = () => box.uri('statefulset.yaml');

  before(async () => {
    box = await Sandbox.create('generate', EXAMPLE);
  });
  after(async () => {
    await box?.dispose();
  });

  it('is what the pvc-missing quick fix runs, and creates mysql-1-storage.yaml with a pinned PV and PVC', async () => {
    await open(sts());
    const missing = await diagnostic(sts(), 'pvc-missing');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', sts(), missing.range);
    const action = actions.find((a) => a.command?.command === 'statefulsetStorage.generateVolumes');
    assert.ok(action?.command, `a Generate action among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.strictEqual(action.title, 'Generate PV/PVC files for mysql…');
    const quickFixArgs = action.command.arguments?.[0] as Record<string, unknown>;
    assert.deepStrictEqual(quickFixArgs, { file: sts().toString(), namespace: 'default', name: 'mysql', ordinals: 'missing' });

    // the user's answers, given as arguments
    const directory = vscode.Uri.joinPath(sts(), '..');
    const created = await vscode.commands.executeCommand<vscode.Uri[] | undefined>(action.command.command, {
      ...quickFixArgs,
      source: { kind: 'nfs', server: '10.0.0.5', pathPattern: '/exports/{namespace}/{claim}' },
      layout: 'per-ordinal',
      directory: directory.toString(),
      open: false,
    });
    const file = box.uri('mysql-1-storage.yaml');
    assert.deepStrictEqual(created?.map((u) => u.toString()), [file.toString()], 'the command returns the created files');
    assert.ok(await exists(file), 'mysql-1-storage.yaml exists on disk');
    assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === file.toString()), 'open: false leaves it closed');

    const docs = parseAllDocuments(await readText(file)).map((d) => d.toJS() as { kind: string; metadata: { name: string }; spec: Record<string, unknown> });
    const pv = docs.find((d) => d.kind === 'PersistentVolume');
    const pvc = docs.find((d) => d.kind === 'PersistentVolumeClaim');
    assert.strictEqual(docs.length, 2, 'one PV and one PVC');
    assert.ok(pv && pvc);
    assert.strictEqual(pv.metadata.name, 'db-mysql-1-pv');
    assert.deepStrictEqual(pv.spec.claimRef, { name: 'db-mysql-1', namespace: 'BROKEN' });
    assert.deepStrictEqual(pv.spec.nfs, { server: '10.0.0.5', path: '/exports/default/db-mysql-1' });
    assert.strictEqual(pv.spec.storageClassName, '');
    assert.deepStrictEqual(pv.spec.capacity, { storage: '1Gi' }, 'the template\'s size');
    assert.strictEqual(pvc.metadata.name, 'db-mysql-1');
    assert.strictEqual(pvc.spec.volumeName, 'db-mysql-1-pv');
    assert.strictEqual(pvc.spec.storageClassName, '');
    assert.deepStrictEqual(pvc.spec.accessModes, ['ReadWriteOnce']);
  });

  it('leaves no storage diagnostic of the set in any file, and the lens shows the new binding', async () => {
    await eventually(() => {
      const left = diagnosticsBelow(box.folder).filter((d) => STORAGE_CODES.some((c) => d.endsWith(`: ${c}`)));
      assert.deepStrictEqual(left, []);
    });
    // what remains are the example's other mistakes, which generation does not touch
    assert.deepStrictEqual(diagnosticsBelow(box.folder), ['pv.yaml: reclaim-policy-recycle', 'pv.yaml: removed-volume-plugin', 'statefulset.yaml: removed-api-version']);
    const titles = await lensTitles(sts());
    assert.ok(titles.includes('db-mysql-1 → db-mysql-0-pv'), JSON.stringify(titles));
    assert.ok(!titles.some((t) => t.startsWith('db-mysql-1 → no PV')), JSON.stringify(titles));
    assert.deepStrictEqual(await lensTitles(box.uri('mysql-1-storage.yaml')), ['Bound by default/db-mysql-1 (pod mysql-1)', '→ db-mysql-1-pv (pod mysql-1)']);
  });

  it('also set storageClassName: "" on the template and the hand-written claim (unsaved edits, saved here)', async () => {
    // the generation edited files that are not open in an editor: they are dirty until saved
    const dirty = vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.toString().startsWith(`${box.folder.toString()}/`)).map((d) => d.uri.path.split('/').pop()).sort();
    assert.deepStrictEqual(dirty, ['pvc.yaml']);
    await saveDirty(box.folder);
    assert.match(await readText(sts()), /\n {4}spec:\n {6}storageClassName: ""\n/);
    assert.match(await readText(box.uri('pvc.yaml')), /\nspec:\n {2}storageClassName: ""\n/);
    await eventually(() => assert.deepStrictEqual(codes(sts()), ['removed-api-version']));
  });

  it('generates nothing when every claim is already provided', async () => {
    const before = (await vscode.workspace.fs.readDirectory(box.folder)).map(([n]) => n).sort();
    const created = await vscode.commands.executeCommand<vscode.Uri[] | undefined>('statefulsetStorage.generateVolumes', {
      file: sts().toString(), namespace: 'default', name: 'mysql', ordinals: 'missing',
      source: { kind: 'nfs', server: '10.0.0.5', pathPattern: '/exports/{namespace}/{claim}' },
      layout: 'single', directory: box.folder.toString(), open: false,
    });
    assert.deepStrictEqual(created, ['BROKEN']);
    assert.deepStrictEqual((await vscode.workspace.fs.readDirectory(box.folder)).map(([n]) => n).sort(), before);
  });
});
