// "Reveal from cluster": the live object of a tree step, as YAML in an untitled editor.
import * as vscode from 'vscode';
import { engine } from '../loadEngine';
import { ClusterSession } from './clusterSession';
import type { TreeNode } from './provisioningTree';

export async function revealFromCluster(session: ClusterSession, node: TreeNode | undefined): Promise<void> {
  if (!node || node.type !== 'step' || !node.step.target) return;
  const o = node.step.target;
  try {
    const client = await session.connect();
    const live = await client.get({ apiVersion: o.apiVersion, kind: o.kind, name: o.name, ...(o.namespace ? { namespace: o.namespace } : {}) });
    if (!live) { void vscode.window.showInformationMessage(`${o.kind} ${o.name} does not exist on context ${client.target.context}.`); return; }
    if (live.metadata) delete (live.metadata as { managedFields?: unknown }).managedFields;
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: `# ${o.kind} ${o.name} on context ${client.target.context}\n${engine().toYaml(live)}` });
    await vscode.window.showTextDocument(doc, { preview: true });
  } catch (e) {
    void vscode.window.showErrorMessage(`Could not read ${o.kind} ${o.name}: ${(e as Error).message}`);
  }
}
