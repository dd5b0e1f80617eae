// Quick fixes as the light bulb offers them (vscode.executeCodeActionProvider at a diagnostic's
// range), applied like the editor applies them, then checked on the text and on the diagnostics.
// Works on a sandbox copy of mysql-rbd/; every test starts from the example's original text.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { parseAllDocuments } from 'yaml';
import {
  codeOf, codes, describeDiagnostics, diagnostic, EXAMPLE, eventually, fmtRange, inWorkspace, open, ours, rangeOf, readText, Sandbox,
  save, setText, waitFor,
} from './helpers';

const FILES = ['statefulset.yaml', 'pv.yaml', 'pvc.yaml'];

async function quickFixes(uri: vscode.Uri, d: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, d.range);
  // a provider may return bare Commands (command: string); ours returns CodeActions
  return actions.filter((a): a is vscode.CodeAction => typeof (a as vscode.Command).command !== 'string');
}

/** The quick fix with this title at the diagnostic, checked to be a preferred QuickFix with an edit.
 * (executeCodeActionProvider does not hand back CodeAction.diagnostics, so that link is not checked.) */
async function fixFor(uri: vscode.Uri, d: vscode.Diagnostic, title: string): Promise<vscode.CodeAction> {
  const actions = await quickFixes(uri, d);
  const action = actions.find((a) => a.title === title);
  assert.ok(action, `"${title}" among ${JSON.stringify(actions.map((a) => a.title))}`);
  assert.ok(action.kind && vscode.CodeActionKind.QuickFix.contains(action.kind), `${title} is a quick fix`);
  assert.strictEqual(action.isPreferred, true, `${title} is preferred`);
  assert.ok(action.edit, `${title} carries a WorkspaceEdit`);
  return action;
}

async function apply(action: vscode.CodeAction): Promise<void> {
  assert.ok(await vscode.workspace.applyEdit(action.edit!), `applying "${action.title}"`);
}

/** the parsed documents of a text (throws on YAML errors) */
function parse(text: string): Record<string, unknown>[] {
  return parseAllDocuments(text).map((d) => {
    assert.deepStrictEqual(d.errors.map((e) => e.message), [], 'the edited file is valid YAML');
    return d.toJS() as Record<string, unknown>;
  });
}

describe('quick fixes', () => {
  let box: Sandbox;
  const sts = () => box.uri('statefulset.yaml');
  const pv = () => box.uri('pv.yaml');
  const pvc = () => box.uri('pvc.yaml');

  before(async () => {
    box = await Sandbox.create('quick-fixes', EXAMPLE);
  });
  after(async () => {
    await box?.dispose();
  });
  beforeEach(async () => {
    // each test starts from the example as shipped, saved
    for (const f of FILES) await setText(await vscode.workspace.openTextDocument(box.uri(f)), await readText(inWorkspace(EXAMPLE, f)));
    await eventually(() => assert.deepStrictEqual(codes(sts()), ['pvc-missing', 'removed-api-version', 'storage-class-unset']));
    await eventually(() => assert.deepStrictEqual(codes(pv()), ['reclaim-policy-recycle', 'removed-volume-plugin']));
  });

  it('removed-api-version: changes apiVersion to apps/v1 and adds the selector from the template labels', async () => {
    const doc = await open(sts());
    const d = await diagnostic(sts(), 'removed-api-version');
    await apply(await fixFor(sts(), d, 'Change apiVersion to apps/v1 (and add the selector)'));
    const text = doc.getText();
    const [, set] = parse(text);
    assert.strictEqual(set.apiVersion, 'apps/v1');
    assert.deepStrictEqual((set.spec as Record<string, unknown>).selector, { matchLabels: { app: 'mysql' } });
    // block style, indented like its siblings under the StatefulSet's spec
    assert.match(text.slice(text.indexOf('kind: StatefulSet')), /\nspec:\n(?: {2}\S.*\n)*? {2}selector:\n {4}matchLabels:\n {6}app: mysql\n/);
    assert.ok(!text.includes('apps/v1beta1'), 'no apps/v1beta1 left');
    // both problems are gone and the fix introduced none
    await eventually(() => assert.deepStrictEqual(codes(sts()), ['pvc-missing', 'storage-class-unset']));
    await save(doc);
  });

  it('selector-missing: after a hand edit to apps/v1, adds spec.selector', async () => {
    const doc = await open(sts());
    const edit = new vscode.WorkspaceEdit();
    edit.replace(sts(), rangeOf(doc, 'apps/v1beta1'), 'apps/v1'); // what a user types
    assert.ok(await vscode.workspace.applyEdit(edit));
    const d = await diagnostic(sts(), 'selector-missing');
    assert.strictEqual(fmtRange(d.range), fmtRange(rangeOf(doc, 'spec', { after: 'kind: StatefulSet' })), 'on the StatefulSet\'s spec');
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    await apply(await fixFor(sts(), d, 'Add spec.selector from the template labels'));
    const [, set] = parse(doc.getText());
    assert.deepStrictEqual((set.spec as Record<string, unknown>).selector, { matchLabels: { app: 'mysql' } });
    await eventually(() => assert.deepStrictEqual(codes(sts()), ['pvc-missing', 'storage-class-unset']));
    await save(doc);
  });

  it('reclaim-policy-recycle: changes the policy to Retain, undoable like any edit', async () => {
    const doc = await open(pv());
    const d = await diagnostic(pv(), 'reclaim-policy-recycle');
    await apply(await fixFor(pv(), d, 'Change the reclaim policy to Retain'));
    assert.match(doc.getText(), /\n {2}persistentVolumeReclaimPolicy: Retain\n/);
    assert.strictEqual((parse(doc.getText())[0].spec as Record<string, unknown>).persistentVolumeReclaimPolicy, 'Retain');
    await eventually(() => assert.deepStrictEqual(codes(pv()), ['removed-volume-plugin']));
    // Undo in the editor brings Recycle and its warning back; redo fixes it again.
    await vscode.commands.executeCommand('undo');
    await waitFor(() => doc.getText().includes('persistentVolumeReclaimPolicy: Recycle'), 5_000, 'undo of the quick fix');
    await diagnostic(pv(), 'reclaim-policy-recycle');
    await vscode.commands.executeCommand('redo');
    await waitFor(() => doc.getText().includes('persistentVolumeReclaimPolicy: Retain'), 5_000, 'redo of the quick fix');
    await eventually(() => assert.deepStrictEqual(codes(pv()), ['removed-volume-plugin']));
    await save(doc);
  });

  it('storage-class-unset: inserts storageClassName: "" in the claim template and in the pre-created claim', async () => {
    const doc = await open(sts());
    await apply(await fixFor(sts(), await diagnostic(sts(), 'storage-class-unset'), 'Set storageClassName: "" (bind only pre-created volumes)'));
    const text = doc.getText();
    assert.match(text.slice(text.indexOf('volumeClaimTemplates:')), /\n {4}spec:\n {6}storageClassName: ""\n {6}accessModes:/);
    const [, set] = parse(text);
    const templates = (set.spec as { volumeClaimTemplates: { spec: Record<string, unknown> }[] }).volumeClaimTemplates;
    assert.strictEqual(templates[0].spec.storageClassName, '');
    await eventually(() => assert.ok(!codes(sts()).includes('storage-class-unset'), describeDiagnostics(sts())));

    const claimDoc = await open(pvc());
    await apply(await fixFor(pvc(), await diagnostic(pvc(), 'storage-class-unset'), 'Set storageClassName: "" (bind only pre-created volumes)'));
    assert.match(claimDoc.getText(), /\nspec:\n {2}storageClassName: ""\n {2}accessModes:/);
    await eventually(() => assert.deepStrictEqual(codes(pvc()), []));
    await save(doc);
    await save(claimDoc);
  });

  it('removed-volume-plugin: replaces the in-tree rbd source with a ceph-csi static volume', async () => {
    const doc = await open(pv());
    await apply(await fixFor(pv(), await diagnostic(pv(), 'removed-volume-plugin'), 'Replace the in-tree rbd source with a ceph-csi static volume (set clusterID)'));
    const spec = parse(doc.getText())[0].spec as Record<string, Record<string, unknown>>;
    assert.strictEqual(spec.rbd, undefined, 'the rbd source is gone');
    assert.strictEqual(spec.csi.driver, 'rbd.csi.ceph.com');
    assert.strictEqual(spec.csi.volumeHandle, 'volume101', 'the existing image');
    assert.strictEqual((spec.csi.volumeAttributes as Record<string, unknown>).staticVolume, 'true');
    assert.strictEqual(spec.persistentVolumeReclaimPolicy, 'Recycle', 'the rest of the PV is untouched');
    await eventually(() => assert.deepStrictEqual(codes(pv()), ['reclaim-policy-recycle']));
    await save(doc);
  });

  it('offers none of our fixes where there is no diagnostic of ours', async () => {
    const doc = await open(sts());
    await diagnostic(sts(), 'removed-api-version');
    const at = rangeOf(doc, 'clusterIP: None');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', sts(), at);
    const known = ['Change apiVersion', 'Add spec.selector', 'Set storageClassName', 'Generate PV/PVC files', 'Change the reclaim policy', 'Replace the in-tree'];
    assert.deepStrictEqual(actions.filter((a) => known.some((k) => a.title.startsWith(k))).map((a) => a.title), [],
      `at ${fmtRange(at)} (diagnostics: ${ours(sts()).map((x) => `${codeOf(x)}@${fmtRange(x.range)}`).join(', ')})`);
  });
});
