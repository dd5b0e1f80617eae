// The example workspace as a user opens it: diagnostics (also of files that are not open), code
// lenses, hovers, and at the end the README's screenshot of squiggles and lenses. Read-only: it never
// edits mysql-rbd/ (the other suites work on sandbox copies).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { requestScreenshot } from './screenshot';
import {
  codeOf, codes, describeDiagnostics, diagnostic, EXAMPLE, EXTENSION_ID, eventually, extensionApi, fmtRange, inWorkspace, lensTitles, open, ours,
  rangeOf, waitFor,
} from './helpers';

const sts = () => inWorkspace(EXAMPLE, 'statefulset.yaml');
const pv = () => inWorkspace(EXAMPLE, 'pv.yaml');
const pvc = () => inWorkspace(EXAMPLE, 'pvc.yaml');

/** asserts code, severity and exact range of the file's only diagnostic with that code */
function expectDiagnostic(uri: vscode.Uri, code: string, severity: vscode.DiagnosticSeverity, range: vscode.Range): vscode.Diagnostic {
  const found = ours(uri).filter((d) => codeOf(d) === code);
  assert.strictEqual(found.length, 1, `one ${code} on ${path.basename(uri.path)} (has: ${describeDiagnostics(uri)})`);
  const [d] = found;
  assert.strictEqual(fmtRange(d.range), fmtRange(range), `range of ${code}`);
  assert.strictEqual(d.severity, severity, `severity of ${code}`);
  assert.ok(d.message.length > 20, `${code} has a message`);
  return d;
}

describe('example mysql-rbd: diagnostics', () => {
  let doc: vscode.TextDocument;

  before(async () => {
    await extensionApi();
    doc = await open(sts());
  });

  it('reports removed-api-version, pvc-missing and storage-class-unset on statefulset.yaml with exact ranges', async () => {
    await eventually(() => assert.deepStrictEqual(codes(sts()), ['pvc-missing', 'removed-api-version', 'storage-class-unset']));
    // the value of `apiVersion: apps/v1beta1` of the StatefulSet document
    expectDiagnostic(sts(), 'removed-api-version', vscode.DiagnosticSeverity.Error, rangeOf(doc, 'apps/v1beta1'));
    // the name of the claim template `db`, whose claim db-mysql-1 nobody pre-created
    expectDiagnostic(sts(), 'pvc-missing', vscode.DiagnosticSeverity.Warning, rangeOf(doc, 'db', { after: 'volumeClaimTemplates:' }));
    // the `spec` key of that claim template (where storageClassName belongs)
    expectDiagnostic(sts(), 'storage-class-unset', vscode.DiagnosticSeverity.Warning, rangeOf(doc, 'spec', { after: 'volumeClaimTemplates:' }));
  });

  it('reports problems of pv.yaml and pvc.yaml, which were never opened by this suite (workspace-wide)', async () => {
    await eventually(() => assert.deepStrictEqual(codes(pv()), ['reclaim-policy-recycle', 'removed-volume-plugin']));
    await eventually(() => assert.deepStrictEqual(codes(pvc()), ['storage-class-unset']));
    // ranges from the files' text on disk, read without opening an editor
    const pvDoc = await vscode.workspace.openTextDocument(pv());
    const pvcDoc = await vscode.workspace.openTextDocument(pvc());
    expectDiagnostic(pv(), 'removed-volume-plugin', vscode.DiagnosticSeverity.Error, rangeOf(pvDoc, 'rbd', { after: 'ReadWriteOnce' }));
    expectDiagnostic(pv(), 'reclaim-policy-recycle', vscode.DiagnosticSeverity.Warning, rangeOf(pvDoc, 'Recycle', { after: 'persistentVolumeReclaimPolicy:' }));
    expectDiagnostic(pvc(), 'storage-class-unset', vscode.DiagnosticSeverity.Warning, rangeOf(pvcDoc, 'spec', { after: 'name: db-mysql-0' }));
  });

  it('gives every diagnostic a code that links to its section of docs/rules.md', async () => {
    await diagnostic(sts(), 'pvc-missing');
    const all = [sts(), pv(), pvc()].flatMap((u) => ours(u));
    assert.strictEqual(all.length, 6, 'the six diagnostics of the example');
    for (const d of all) {
      assert.ok(typeof d.code === 'object' && d.code !== null, `code of "${d.message.slice(0, 40)}" is {value, target}`);
      const { value, target } = d.code as { value: string; target: vscode.Uri };
      assert.ok(target instanceof vscode.Uri, `${value}: target is a Uri`);
      assert.ok(target.toString(true).endsWith(`docs/rules.md#${value}`), `${value}: target ${target.toString(true)}`);
    }
  });

  it('has a docs/rules.md section for every code the example raises', function () {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const rules = path.join(ext.extensionPath, 'docs', 'rules.md');
    if (!fs.existsSync(rules)) this.skip(); // written by another engineer; the link above points there
    const text = fs.readFileSync(rules, 'utf8');
    const headings = text.split('\n').filter((l) => /^#+\s/.test(l)).map((l) => l.replace(/^#+\s+/, '').replace(/`/g, '').trim());
    for (const code of new Set([sts(), pv(), pvc()].flatMap((u) => codes(u)))) {
      assert.ok(headings.some((h) => h === code || h.startsWith(`${code} `) || h.startsWith(`${code}:`)), `docs/rules.md has a heading for ${code}`);
    }
  });

  it('turns the related locations of the engine into DiagnosticRelatedInformation', async () => {
    const { host } = await extensionApi();
    const analysis = await host.current();
    const pvcDoc = await vscode.workspace.openTextDocument(pvc());
    const pvDoc = await vscode.workspace.openTextDocument(pv());
    // pvc-missing on the template points at the claim of the other ordinal that *was* pre-created
    const missing = await diagnostic(sts(), 'pvc-missing');
    assert.strictEqual(missing.relatedInformation?.length, 1, 'pvc-missing has one related location');
    const [rel] = missing.relatedInformation!;
    assert.strictEqual(rel.location.uri.toString(), pvc().toString());
    assert.strictEqual(fmtRange(rel.location.range), fmtRange(rangeOf(pvcDoc, 'db-mysql-0')));
    assert.match(rel.message, /db-mysql-0/);
    // storage-class-unset on pvc.yaml points at the PV it should bind
    const unset = await diagnostic(pvc(), 'storage-class-unset');
    assert.strictEqual(unset.relatedInformation?.length, 1);
    assert.strictEqual(unset.relatedInformation![0].location.uri.toString(), pv().toString());
    assert.strictEqual(fmtRange(unset.relatedInformation![0].location.range), fmtRange(rangeOf(pvDoc, 'mysql-pv-0')));
    // and in general: as many related locations as the engine gives, none where it gives none
    for (const uri of [sts(), pv(), pvc()]) {
      for (const d of ours(uri)) {
        const f = (analysis.diagnostics.get(uri.toString()) ?? []).find((x) => x.code === codeOf(d) && x.range.start.line === d.range.start.line);
        assert.ok(f, `engine finding for ${codeOf(d)}`);
        assert.strictEqual(d.relatedInformation?.length ?? 0, f.related.length, `related locations of ${codeOf(d)}`);
      }
    }
  });
});

describe('example mysql-rbd: code lenses', () => {
  before(async () => {
    await extensionApi();
    await diagnostic(sts(), 'pvc-missing'); // the analysis has run
  });

  it('shows the pods and what each claim binds on the StatefulSet', async () => {
    const doc = await vscode.workspace.openTextDocument(sts());
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', sts(), 100);
    const titles = lenses.map((l) => l.command?.title ?? '');
    // the example's StatefulSet is apps/v1beta1: the API server refuses it, so only the hand-written claim exists
    assert.strictEqual(titles.length, 4, `lenses: ${JSON.stringify(titles)}`);
    assert.strictEqual(titles[0], 'Pods: mysql-0, mysql-1');
    assert.ok(titles[1].startsWith('Rejected by the API server: 404 NotFound: no matches for kind "StatefulSet"'), `second lens: ${titles[1]}`);
    // the claim is class-less: a default StorageClass on the cluster would give it a class, and a new volume
    assert.strictEqual(titles[2], 'db-mysql-0 → mysql-pv-0 (or → new PV if the cluster has a default StorageClass)');
    assert.ok(titles[3].startsWith('db-mysql-1 → not created: the API server rejects StatefulSet mysql'), `fourth lens: ${titles[3]}`);
    // the pods and rejection lenses sit on the StatefulSet's name, the claim lenses on the template's name
    const setName = rangeOf(doc, 'mysql', { after: 'kind: StatefulSet\nmetadata:\n  name: ' });
    const template = rangeOf(doc, 'db', { after: 'volumeClaimTemplates:' });
    assert.deepStrictEqual(lenses.map((l) => l.range.start.line), [setName.start.line, setName.start.line, template.start.line, template.start.line]);
    // what a click does: the plan, the plan, reveal the PV, generate the missing files
    assert.deepStrictEqual(lenses.map((l) => l.command?.command), ['statefulsetStorage.showPlan', 'statefulsetStorage.showPlan', 'statefulsetStorage.revealObject', 'statefulsetStorage.generateVolumes']);
    assert.deepStrictEqual(lenses[3].command?.arguments?.[0], { file: sts().toString(), namespace: 'default', name: 'mysql' });
  });

  it('says on pv.yaml which claim (and pod) binds the PV, and on pvc.yaml which PV the claim gets', async () => {
    assert.deepStrictEqual(await lensTitles(pv()), ['Bound by default/db-mysql-0 (pod mysql-0)']);
    assert.deepStrictEqual(await lensTitles(pvc()), ['→ mysql-pv-0 (or → new PV if the cluster has a default StorageClass)']);
  });

  it('reveals the PV when the claim lens is clicked', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', sts(), 100);
    const lens = lenses.find((l) => l.command?.title.startsWith('db-mysql-0 → mysql-pv-0'));
    assert.ok(lens?.command);
    await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
    const editor = await waitFor(() => vscode.window.activeTextEditor?.document.uri.toString() === pv().toString() && vscode.window.activeTextEditor,
      5_000, 'pv.yaml to become the active editor');
    assert.strictEqual(editor.document.getText(editor.selection), 'mysql-pv-0');
  });

  it('shows the provisioning plan when the pods lens is clicked', async () => {
    await vscode.commands.executeCommand('statefulsetStorage.showPlan');
    const editor = await waitFor(() => vscode.window.activeTextEditor?.document.uri.scheme === 'statefulset-storage-plan' && vscode.window.activeTextEditor,
      5_000, 'the plan document to open');
    const text = editor.document.getText();
    assert.match(text, /StatefulSet default\/mysql \(mysql-rbd\/statefulset\.yaml\): replicas 2/);
    // the workspace holds several example folders: each is a unit under its own heading
    assert.match(text, /^Unit mysql-rbd \(3 files; StatefulSets: mysql\)$/m);
    // apps/v1beta1 is refused, so the set never creates its claims
    assert.match(text, /REJECTED by the API server: 404 NotFound/);
    assert.match(text, /claim db-mysql-1 \(pod mysql-1\) → not created: is never created: the API server rejects StatefulSet mysql/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});

describe('example mysql-rbd: hovers', () => {
  let doc: vscode.TextDocument;
  const hoverText = async (pos: vscode.Position): Promise<{ text: string; hovers: vscode.Hover[] }> => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', sts(), pos);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    return { text, hovers };
  };

  before(async () => {
    await extensionApi();
    doc = await vscode.workspace.openTextDocument(sts());
    await diagnostic(sts(), 'pvc-missing');
  });

  it('shows the pods\' DNS names and the claim table on the StatefulSet name', async () => {
    const name = rangeOf(doc, 'mysql', { after: 'kind: StatefulSet\nmetadata:\n  name: ' });
    const { text, hovers } = await hoverText(name.start.translate(0, 2));
    assert.match(text, /StatefulSet default\/mysql/);
    assert.ok(text.includes('mysql-0.mysql-service.default.svc.cluster.local'), text);
    assert.ok(text.includes('mysql-1.mysql-service.default.svc.cluster.local'), text);
    assert.ok(text.includes('The API server rejects this StatefulSet'), text);
    assert.ok(text.includes('| pod | claim | outcome |'), `claim table header in: ${text}`);
    assert.ok(text.includes('| mysql-0 | db-mysql-0 (pre-created) | → mysql-pv-0 (→ new PV with a default StorageClass) |'), text);
    assert.ok(text.includes('| mysql-1 | db-mysql-1 | → not created |'), text);
    assert.strictEqual(fmtRange(hovers[0].range!), fmtRange(name), 'the hover covers the name');
  });

  it('shows the same on serviceName and the claim template name, and nothing elsewhere', async () => {
    for (const [needle, after] of [['mysql-service', 'serviceName: "'], ['db', 'volumeClaimTemplates:']]) {
      const { text } = await hoverText(rangeOf(doc, needle, { after }).start);
      assert.ok(text.includes('mysql-0.mysql-service.default.svc.cluster.local'), `hover on ${needle}: ${text}`);
    }
    const { text } = await hoverText(rangeOf(doc, 'replicas').start);
    assert.ok(!text.includes('StatefulSet default/mysql'), `no hover of ours on "replicas": ${text}`);
  });
});

describe('example mysql-rbd: screenshot', () => {
  // editor settings for a readable picture of the whole StatefulSet document (user settings of the
  // test run's own profile; restored afterwards)
  const look: [string, unknown][] = [['fontSize', 13], ['minimap.enabled', false], ['stickyScroll.enabled', false]];
  after(async () => {
    for (const [key] of look) await vscode.workspace.getConfiguration('editor').update(key, undefined, vscode.ConfigurationTarget.Global);
  });

  it('captures statefulset.yaml with squiggles and code lenses', async function () {
    this.timeout(60_000);
    await extensionApi();
    for (const [key, value] of look) await vscode.workspace.getConfiguration('editor').update(key, value, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar').then(undefined, () => undefined);
    const doc = await open(sts());
    const editor = vscode.window.activeTextEditor!;
    // lenses and squiggles must be there before the picture is taken
    await diagnostic(sts(), 'pvc-missing');
    await waitFor(async () => (await lensTitles(sts())).length === 4, 10_000, 'four code lenses');
    // cursor on the empty last line (no light bulb, no word highlight), then scroll so that the
    // StatefulSet document, from apiVersion to the claim template, fills the editor
    const cursor = doc.lineAt(doc.lineCount - 1).range.end;
    editor.selection = new vscode.Selection(cursor, cursor);
    const top = rangeOf(doc, '---').start;
    editor.revealRange(new vscode.Range(top, top), vscode.TextEditorRevealType.AtTop);
    await waitFor(() => editor.visibleRanges[0]?.start.line === top.line, 5_000, () => `the editor to scroll to line ${top.line} (at ${editor.visibleRanges[0]?.start.line})`);
    const dir = process.env.SCREENSHOT_DIR;
    const started = Date.now();
    await requestScreenshot();
    if (!dir) this.skip(); // test-electron: no page to capture
    const repo = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    const png = path.join(repo, process.env.UPDATE_SCREENSHOT === '1' ? 'media/screenshot.png' : '.vscode-test/screenshot.png');
    assert.ok(fs.existsSync(png), `${png} exists`);
    const stat = fs.statSync(png);
    assert.ok(stat.mtimeMs >= started - 1000, `${png} was written by this run`);
    const head = fs.readFileSync(png).subarray(0, 24);
    assert.strictEqual(head.subarray(1, 4).toString('latin1'), 'PNG', 'a PNG file');
    assert.ok(head.readUInt32BE(16) >= 800 && head.readUInt32BE(20) >= 600, `size ${head.readUInt32BE(16)}×${head.readUInt32BE(20)}`);
  });
});
