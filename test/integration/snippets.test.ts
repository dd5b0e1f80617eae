// The contributed snippets, inserted into a YAML file of the workspace as the editor inserts them
// (TextEditor.insertSnippet with the body from the extension's snippets file), then analysed.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { parseAllDocuments } from 'yaml';
import { describeDiagnostics, EXTENSION_ID, eventually, extensionApi, lensTitles, open, ours, Sandbox, save, setText, waitFor } from './helpers';

interface Snippet { prefix: string | string[]; body: string | string[]; description?: string }

function loadSnippets(): Snippet[] | undefined {
  const file = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'snippets', 'statefulset-storage.code-snippets');
  if (!fs.existsSync(file)) return undefined;
  // .code-snippets is JSON with comments
  const text = fs.readFileSync(file, 'utf8').replace(/^\s*\/\/.*$/gm, '');
  return Object.values(JSON.parse(text) as Record<string, Snippet>);
}

const prefixes = (s: Snippet) => (Array.isArray(s.prefix) ? s.prefix : [s.prefix]);
const bodyText = (s: Snippet) => (Array.isArray(s.body) ? s.body.join('\n') : s.body);

describe('snippets', () => {
  let box: Sandbox;
  let snippets: Snippet[] | undefined;
  const file = () => box.uri('web.yaml');

  const find = (prefix: string): Snippet => {
    const s = snippets!.find((x) => prefixes(x).includes(prefix));
    assert.ok(s, `a snippet with prefix ${prefix} (have: ${snippets!.flatMap(prefixes).join(', ')})`);
    return s;
  };
  /** the StatefulSet snippet: sts-statefulset, or whichever snippet makes a StatefulSet */
  const statefulSetSnippet = (): Snippet => snippets!.find((x) => prefixes(x).includes('sts-statefulset'))
    ?? snippets!.find((x) => /kind: StatefulSet/.test(bodyText(x)))!;

  /** empties web.yaml, inserts the snippets one after the other (separated by ---) with their defaults, saves */
  async function insert(list: Snippet[]): Promise<vscode.TextDocument> {
    const doc = await open(file());
    await setText(doc, '');
    const editor = vscode.window.activeTextEditor!;
    assert.strictEqual(editor.document.uri.toString(), file().toString());
    for (const [i, s] of list.entries()) {
      const end = doc.positionAt(doc.getText().length);
      const snippet = new vscode.SnippetString(i === 0 ? '' : '---\n');
      snippet.value += bodyText(s);
      assert.ok(await editor.insertSnippet(snippet, end), `inserting ${prefixes(s)[0]}`);
      await vscode.commands.executeCommand('leaveSnippet'); // accept the defaults of the placeholders
    }
    await save(doc);
    return doc;
  }

  /** waits until the analysis has read this text of web.yaml (so "no diagnostics" is not vacuous) */
  async function analysed(doc: vscode.TextDocument, kinds: string[]): Promise<void> {
    const { host } = await extensionApi();
    await waitFor(async () => {
      const here = (await host.objects()).filter((o) => o.file === doc.uri.toString()).map((o) => o.kind).sort();
      return JSON.stringify(here) === JSON.stringify([...kinds].sort());
    }, 10_000, `the analysis of web.yaml to contain ${kinds.join(', ')}`);
  }

  before(async function () {
    snippets = loadSnippets();
    if (!snippets) return;
    box = await Sandbox.create('snippets');
    await vscode.workspace.fs.writeFile(file(), new Uint8Array());
  });
  after(async () => {
    await box?.dispose();
  });

  it('sts-statefulset: a valid apps/v1 StatefulSet and headless Service without error diagnostics', async function () {
    if (!snippets) this.skip(); // the snippets file is not there (yet)
    const doc = await insert([statefulSetSnippet()]);
    const objects = parseAllDocuments(doc.getText()).map((d) => {
      assert.deepStrictEqual(d.errors.map((e) => e.message), []);
      return d.toJS() as { apiVersion: string; kind: string; spec: Record<string, unknown> };
    });
    const set = objects.find((o) => o.kind === 'StatefulSet');
    assert.ok(set, doc.getText());
    assert.strictEqual(set.apiVersion, 'apps/v1');
    assert.ok(set.spec.selector, 'apps/v1 needs the selector');
    assert.ok(objects.some((o) => o.kind === 'Service' && o.spec.clusterIP === 'None'), 'a headless Service');
    await analysed(doc, ['Service', 'StatefulSet']);
    const errors = ours(doc.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.deepStrictEqual(errors.map((d) => d.message), [], describeDiagnostics(doc.uri));
  });

  for (const pv of ['sts-pv-nfs', 'sts-pv-ceph-rbd', 'sts-pv-local', 'sts-pv-hostpath', 'sts-pv-csi']) {
    it(`sts-statefulset + ${pv} + sts-pvc with their defaults: no diagnostic at all, and the claim binds the PV`, async function () {
      if (!snippets) this.skip();
      if (!snippets.some((x) => prefixes(x).includes(pv))) this.skip(); // that source has no snippet (yet)
      const doc = await insert([statefulSetSnippet(), find(pv), find('sts-pvc')]);
      await analysed(doc, ['PersistentVolume', 'PersistentVolumeClaim', 'Service', 'StatefulSet']);
      await eventually(() => assert.deepStrictEqual(ours(doc.uri).map((d) => d.message), [], describeDiagnostics(doc.uri)), 3_000);
      const titles = await lensTitles(doc.uri);
      assert.ok(titles.includes('data-web-0 → data-web-0-pv'), JSON.stringify(titles));
    });
  }
});
