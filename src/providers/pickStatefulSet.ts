// Which StatefulSet a command acts on: the one its arguments name, else the one under the cursor,
// else the only one of the active file, else the user's choice.
import * as vscode from 'vscode';
import type { SetInfo } from '../core/service/protocol';
import { AnalysisHost } from './analysisHost';
import { toUri } from './convert';

export async function pickStatefulSet(host: AnalysisHost, args: { file?: string; namespace?: string; name?: string }, title: string): Promise<SetInfo | undefined> {
  const sets = await host.request({ type: 'sets' }) ?? [];
  if (args.name) {
    const found = sets.find((s) => s.name === args.name && (!args.namespace || s.namespace === args.namespace) && (!args.file || s.file === args.file));
    if (!found) void vscode.window.showErrorMessage(`StatefulSet ${args.name} is not in the workspace (any more).`);
    return found;
  }
  // The set under the cursor, else the ones in the active file, else all.
  const editor = vscode.window.activeTextEditor;
  const here = editor ? sets.filter((s) => s.file === AnalysisHost.keyOf(editor.document.uri)) : [];
  const line = editor?.selection.active.line ?? -1;
  const underCursor = here.find((s) => s.range.start.line <= line && line <= s.range.end.line);
  if (underCursor) return underCursor;
  const candidates = here.length ? here : sets;
  if (candidates.length === 0) { void vscode.window.showInformationMessage('No StatefulSet in the workspace.'); return undefined; }
  if (candidates.length === 1) return candidates[0];
  const chosen = await vscode.window.showQuickPick(candidates.map((s) => ({
    label: s.name, description: `${s.namespace} · ${s.replicas} replicas`, detail: vscode.workspace.asRelativePath(toUri(s.file)), value: s,
  })), { title, ignoreFocusOut: true });
  return chosen?.value;
}
