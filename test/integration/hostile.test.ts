// Hostile input in the editor (issue 13): documents that used to abort the extension host's process (two
// files of 1,000 nested sequences: V8's "RegExpCompiler Allocation failed") or overflow its stack (2,000
// nested maps) get a finding each, and the other files' diagnostics stay alive, through edits too.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { codes, describeDiagnostics, diagnostic, EXAMPLE, eventually, open, Sandbox } from './helpers';

const encode = (s: string) => new TextEncoder().encode(s);

function nestedMaps(depth: number): string {
  let s = '';
  for (let i = 0; i < depth; i++) s += `${' '.repeat(i)}k${i}:\n`;
  return `${s}z: 1\n`;
}

describe('hostile input', () => {
  let box: Sandbox;

  before(async () => {
    box = await Sandbox.create('hostile', EXAMPLE);
  });
  after(async () => {
    await box?.dispose();
  });

  it('formerly fatal documents get limit-exceeded; the host lives and the other files keep their diagnostics', async () => {
    await vscode.workspace.fs.writeFile(box.uri('a.yaml'), encode(`${'- '.repeat(1000)}x\ny: 1\n`));
    await vscode.workspace.fs.writeFile(box.uri('b.yaml'), encode(`${'- '.repeat(1000)}x\n- y\n`));
    await vscode.workspace.fs.writeFile(box.uri('deep.yaml'), encode(nestedMaps(2000)));
    for (const f of ['a.yaml', 'b.yaml', 'deep.yaml']) await diagnostic(box.uri(f), 'limit-exceeded');
    await diagnostic(box.uri('pv.yaml'), 'reclaim-policy-recycle');
    // the host still answers: a command of the extension runs and the analysis follows an edit
    await vscode.commands.executeCommand('statefulsetStorage.reanalyze');
    await diagnostic(box.uri('pv.yaml'), 'reclaim-policy-recycle');
  });

  it('hostile edits typed into an open file (deep brackets, a NUL) are analysed as a fresh analysis sees them', async () => {
    const doc = await open(box.uri('pv.yaml'));
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), `x: ${'['.repeat(1200)}\n---\n`));
    await diagnostic(doc.uri, 'limit-exceeded');
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '\u0000'));
    await diagnostic(doc.uri, 'file-skipped');
    await eventually(() => assert.ok(codes(box.uri('pvc.yaml')).includes('storage-class-unset'), describeDiagnostics(box.uri('pvc.yaml'))));
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await diagnostic(doc.uri, 'reclaim-policy-recycle');
  });
});
