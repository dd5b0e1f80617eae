// The workspace index: every YAML file is analysed, open or not, and the analysis follows the disk
// (creates, changes, deletes of files and folders, renames) and unsaved edits of open documents.
import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  codes, describeDiagnostics, diagnostic, diagnosticsBelow, EXAMPLE, eventually, extensionApi, open, readText, Sandbox, setText, waitFor,
  workspaceRoot,
} from './helpers';

const encode = (s: string) => new TextEncoder().encode(s);

const pvYaml = (name: string, policy: string) => `apiVersion: v1
kind: PersistentVolume
metadata:
  name: ${name}
spec:
  capacity:
    storage: 1Gi
  accessModes:
    - ReadWriteOnce
  storageClassName: ""
  persistentVolumeReclaimPolicy: ${policy}
  nfs:
    server: 10.0.0.5
    path: /exports/${name}
`;

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
    // a second copy of pv.yaml in a subfolder defines mysql-pv-0 twice
    await vscode.workspace.fs.copy(box.uri('pv.yaml'), box.uri('sub', 'deeper', 'pv.yaml'));
    await diagnostic(box.uri('sub', 'deeper', 'pv.yaml'), 'duplicate-object');
    await vscode.workspace.fs.delete(box.uri('sub'), { recursive: true });
    await eventually(() => assert.deepStrictEqual(diagnosticsBelow(box.uri('sub')), []));
    await eventually(() => assert.ok(!codes(box.uri('pv.yaml')).includes('duplicate-object') && !codes(box.uri('pv.yaml')).includes('pv-contended'),
      describeDiagnostics(box.uri('pv.yaml'))));
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
    await waitFor(() => !doc.isDirty, 5_000, 'the revert');
    assert.match(doc.getText(), /persistentVolumeReclaimPolicy: Recycle/, 'the reverted text');
    const { host } = await extensionApi();
    await waitFor(async () => (await host.current()).index.volumes().some((v) => v.src.file === pv.toString() && /Recycle/.test(v.src.chunk.text)),
      10_000, 'the analysis of the reverted text');
    await diagnostic(pv, 'reclaim-policy-recycle');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
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
