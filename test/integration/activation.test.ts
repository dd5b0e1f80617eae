import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'statefulset-storage.statefulset-storage';

async function waitFor(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) {
      return false;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

describe('activation', () => {
  it('is installed in the extension host', () => {
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID), `${EXTENSION_ID} not found`);
  });

  it('activates when a YAML file of the workspace is opened', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const [yamlFile] = await vscode.workspace.findFiles('**/*.yaml', '**/node_modules/**', 1);
    assert.ok(yamlFile, 'the test workspace contains no *.yaml file');
    const doc = await vscode.workspace.openTextDocument(yamlFile);
    await vscode.window.showTextDocument(doc);
    assert.strictEqual(doc.languageId, 'yaml');
    // activation (onLanguage:yaml) is asynchronous: wait for it rather than call ext.activate()
    assert.ok(await waitFor(() => ext.isActive, 10_000), 'extension did not activate on a YAML file');
  });
});
