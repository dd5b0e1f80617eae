// Which StatefulSet a command acts on: the one its arguments name, else the one under the cursor,
// else the only one of the active file, else the user's choice.
import * as vscode from 'vscode';
import { Analysis } from '../core/analysis';
import { StatefulSet } from '../core/model';
import { AnalysisHost } from './analysisHost';
import { toUri } from './convert';

export async function pickStatefulSet(analysis: Analysis, args: { file?: string; namespace?: string; name?: string }, title: string): Promise<StatefulSet | undefined> {
  const sets = analysis.index.statefulSets();
  if (args.name) {
    const found = sets.find((s) => s.name === args.name && (!args.namespace || s.namespace === args.namespace) && (!args.file || s.src.file === args.file));
    if (!found) void vscode.window.showErrorMessage(`StatefulSet ${args.name} is not in the workspace (any more).`);
    return found;
  }
  // The set under the cursor, else the ones in the active file, else all.
  const editor = vscode.window.activeTextEditor;
  const here = editor ? sets.filter((s) => s.src.file === AnalysisHost.keyOf(editor.document.uri)) : [];
  const underCursor = here.find((s) => {
    const r = s.src.rangeOf(s.span.start, s.span.end);
    const line = editor!.selection.active.line;
    return r.start.line <= line && line <= r.end.line;
  });
  if (underCursor) return underCursor;
  const candidates = here.length ? here : sets;
  if (candidates.length === 0) { void vscode.window.showInformationMessage('No StatefulSet in the workspace.'); return undefined; }
  if (candidates.length === 1) return candidates[0];
  const chosen = await vscode.window.showQuickPick(candidates.map((s) => ({
    label: s.name, description: `${s.namespace} · ${s.replicas} replicas`, detail: vscode.workspace.asRelativePath(toUri(s.src.file)), value: s,
  })), { title, ignoreFocusOut: true });
  return chosen?.value;
}

