// The workspace index: every YAML file is analysed, open or not, and the analysis follows the disk
// (creates, changes, deletes of files and folders, renames) and unsaved edits of open documents.
import * as assert from 'assert';
import { mkdirSync, renameSync, writeFileSync } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  codes, describeDiagnostics, diagnostic, diagnosticsBelow, EXAMPLE, eventually, extensionApi, open, readText, Sandbox, setText, waitFor,
  workspaceRoot,
} from './helpers';
import { nfs, persistentVolume } from './manifests';

const encode = (s: string) => new TextEncoder().encode(s);

const pvYaml = (name: string, policy: string) => persistentVolume({ name, storageClassName: '', reclaimPolicy: policy, source: nfs('10.0.0.5', `/exports/${name}`) });

describe('workspace index', () => {
  let box: Sandbox;

  before(async () => {
    box = await Sandbox.create('index', EXAMPLE);
  });
  after(async () => {
    await box?.dispose();
  });

  it('analyses every YAML file of the workspace, none of them open', async () => {
    const mine = vscode.workspace.textDocuments.filter((d) => d.uri.toString().startsWith(`${box.folder.toString()}/`));
    assert.deepStrictEqual(mine.map((d) => d.uri.path), [], 'precondition: no file of the sandbox is open');
    await eventually(() => assert.deepStrictEqual(diagnosticsBelow(box.folder), [
      'pv.yaml: reclaim-policy-recycle', 'pv.yaml: removed-volume-plugin', 'pvc.yaml: storage-class-unset',
      'statefulset.yaml: pvc-missing', 'statefulset.yaml: removed-api-version', 'statefulset.yaml: storage-class-unset',
    ]));
  });

  it('follows a file created, changed and deleted on disk', async () => {
    const extra = box.uri('extra.yaml');
    await vscode.workspace.fs.writeFile(extra, encode(pvYaml('extra-pv', 'Recycle')));
    await diagnostic(extra, 'reclaim-policy-recycle');
    await vscode.workspace.fs.writeFile(extra, encode(pvYaml('extra-pv', 'Retain')));
    await eventually(() => assert.ok(!codes(extra).includes('reclaim-policy-recycle'), describeDiagnostics(extra)));
    await vscode.workspace.fs.writeFile(extra, encode(pvYaml('extra-pv', 'Recycle')));
    await diagnostic(extra, 'reclaim-policy-recycle');
    await vscode.workspace.fs.delete(extra);
    await eventually(() => assert.deepStrictEqual(codes(extra), []));
  });

  it('forgets the files of a deleted folder', async () => {
    // the config makes the box one unit with its subfolders (each folder is a unit of its own otherwise),
    // so a second copy of pv.yaml in a subfolder defines mysql-pv-0 twice
    const config = box.uri('.statefulset-storage.yaml');
    await vscode.workspace.fs.writeFile(config, encode('units:\n  - path: .\n    recursive: true\n'));
    await vscode.workspace.fs.copy(box.uri('pv.yaml'), box.uri('sub', 'deeper', 'pv.yaml'));
    await diagnostic(box.uri('sub', 'deeper', 'pv.yaml'), 'duplicate-object');
    await vscode.workspace.fs.delete(box.uri('sub'), { recursive: true });
    await eventually(() => assert.deepStrictEqual(diagnosticsBelow(box.uri('sub')), []));
    await eventually(() => assert.ok(!codes(box.uri('pv.yaml')).includes('duplicate-object') && !codes(box.uri('pv.yaml')).includes('pv-contended'),
      describeDiagnostics(box.uri('pv.yaml'))));
    await vscode.workspace.fs.delete(config);
  });

  it('analyses the files of a folder moved in whole (the file watcher reports only the folder)', async () => {
    // Made outside the workspace folder, then renamed into it: the Linux watcher reports the folder and
    // never sees the files already in it — as for files written just after their folder was created
    // (mkdir -p, copies, unzip): parcel-bundler/watcher#243.
    const staged = path.join(path.dirname(workspaceRoot().fsPath), `staged-${Date.now()}`);
    mkdirSync(path.join(staged, 'deep'), { recursive: true });
    writeFileSync(path.join(staged, 'deep', 'pv.yaml'), pvYaml('moved-in-pv', 'Recycle'));
    renameSync(staged, box.uri('moved-in').fsPath);
    const moved = box.uri('moved-in', 'deep', 'pv.yaml');
    await diagnostic(moved, 'reclaim-policy-recycle');
    await vscode.workspace.fs.delete(box.uri('moved-in'), { recursive: true });
    await eventually(() => assert.deepStrictEqual(codes(moved), []));
  });

  it('moves the diagnostics of a renamed file', async () => {
    const from = box.uri('moved.yaml');
    const to = box.uri('renamed.yaml');
    await vscode.workspace.fs.writeFile(from, encode(pvYaml('moved-pv', 'Recycle')));
    await diagnostic(from, 'reclaim-policy-recycle');
    const edit = new vscode.WorkspaceEdit();
    edit.renameFile(from, to); // what the explorer does
    assert.ok(await vscode.workspace.applyEdit(edit));
    await diagnostic(to, 'reclaim-policy-recycle');
    await eventually(() => assert.deepStrictEqual(codes(from), []));
    await vscode.workspace.fs.delete(to);
    await eventually(() => assert.deepStrictEqual(codes(to), []));
  });

  it('analyses unsaved edits of an open document, and the disk again after a revert', async () => {
    const pv = box.uri('pv.yaml');
    const doc = await open(pv);
    await diagnostic(pv, 'reclaim-policy-recycle');
    const edit = new vscode.WorkspaceEdit();
    const at = doc.getText().indexOf('Recycle');
    edit.replace(pv, new vscode.Range(doc.positionAt(at), doc.positionAt(at + 'Recycle'.length)), 'Retain');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(doc.isDirty);
    await eventually(() => assert.deepStrictEqual(codes(pv), ['removed-volume-plugin']));
    assert.match(await readText(pv), /Recycle/, 'the disk still says Recycle');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    // wait for both, not one then the other: each reaches the extension host in its own message
    await waitFor(() => !doc.isDirty && /persistentVolumeReclaimPolicy: Recycle/.test(doc.getText()), 5_000, 'the reverted text');
    const { host } = await extensionApi();
    await waitFor(async () => (await host.objects()).some((v) => v.kind === 'PersistentVolume' && v.file === pv.toString() && /Recycle/.test(v.chunkText)),
      10_000, 'the analysis of the reverted text');
    await diagnostic(pv, 'reclaim-policy-recycle');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('follows a multi-cursor edit (several changes in one event) of an open document', async () => {
    const file = box.uri('multi.yaml');
    await vscode.workspace.fs.writeFile(file, encode([pvYaml('multi-0', 'Recycle'), pvYaml('multi-1', 'Recycle'), pvYaml('multi-2', 'Recycle')].join('---\n')));
    const doc = await open(file);
    await eventually(() => assert.strictEqual(codes(file).filter((c) => c === 'reclaim-policy-recycle').length, 3, describeDiagnostics(file)));
    const events: number[][] = [];
    const listener = vscode.workspace.onDidChangeTextDocument((e) => { if (e.document === doc && e.contentChanges.length > 0) events.push(e.contentChanges.map((c) => c.rangeOffset)); });
    try {
      const text = doc.getText();
      const policies = [...text.matchAll(/Recycle/g)].map((m) => m.index!);
      const label = text.indexOf('  name: multi-1\n') + '  name: multi-1\n'.length;
      const editor = vscode.window.activeTextEditor!;
      // different lengths (7 → 6 characters, a new line) before and after each other: offsets must be read right
      assert.ok(await editor.edit((b) => {
        b.replace(new vscode.Range(doc.positionAt(policies[0]), doc.positionAt(policies[0] + 7)), 'Retain');
        b.insert(doc.positionAt(label), '  labels:\n    tier: gold\n');
        b.replace(new vscode.Range(doc.positionAt(policies[2]), doc.positionAt(policies[2] + 7)), 'Retain');
      }));
      // the order the extension's fast path relies on (any other order is re-read as whole text)
      assert.deepStrictEqual(events.map((offsets) => offsets.length), [3], `one event carried the three changes: ${JSON.stringify(events)}`);
      assert.deepStrictEqual(events[0], [...events[0]].sort((a, b) => b - a), `the changes come last in the document first: ${JSON.stringify(events)}`);
      const { host } = await extensionApi();
      const now = doc.getText();
      await waitFor(async () => {
        const volumes = (await host.objects()).filter((v) => v.kind === 'PersistentVolume' && v.file === file.toString());
        return volumes.length === 3 && volumes.every((v) => now.slice(v.chunkStart, v.chunkStart + v.chunkText.length) === v.chunkText);
      }, 10_000, 'the analysis of the edited text');
      const volumes = (await host.objects()).filter((v) => v.kind === 'PersistentVolume' && v.file === file.toString());
      assert.deepStrictEqual(volumes.map((v) => `${v.name} ${v.reclaimPolicy} ${JSON.stringify(v.labels)}`), [
        'multi-0 Retain {}', 'multi-1 Recycle {"tier":"gold"}', 'multi-2 Retain {}',
      ]);
      await eventually(() => assert.strictEqual(codes(file).filter((c) => c === 'reclaim-policy-recycle').length, 1, describeDiagnostics(file)));
    } finally {
      listener.dispose();
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await waitFor(() => !doc.isDirty, 5_000, 'the revert');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(file);
      await eventually(() => assert.deepStrictEqual(codes(file), []));
    }
  });

  it('analyses an open YAML file outside the workspace folder', async () => {
    // next to the test workspace folder, same file system (vscode-remote: under code-server)
    const outside = vscode.Uri.joinPath(workspaceRoot(), '..', 'outside-the-workspace', 'lonely.yaml');
    await vscode.workspace.fs.writeFile(outside, encode(pvYaml('lonely-pv', 'Recycle')));
    const doc = await open(outside);
    try {
      await diagnostic(outside, 'reclaim-policy-recycle');
    } finally {
      // The document outlives its editor for minutes in this host (and stays analysed while it is
      // open): leave it empty, so that it cannot disturb later suites.
      await setText(doc, '');
      await eventually(() => assert.deepStrictEqual(codes(outside), []));
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(outside, '..'), { recursive: true });
    }
  });

  it('analyses an untitled YAML document until it is closed', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: pvYaml('untitled-pv', 'Recycle') });
    await vscode.window.showTextDocument(doc);
    await diagnostic(doc.uri, 'reclaim-policy-recycle');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await eventually(() => assert.deepStrictEqual(codes(doc.uri), []), 20_000);
  });
});
