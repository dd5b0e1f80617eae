// Quick fixes: the diagnostic's code selects the fix (code-actions sample). Edits come from the
// engine as plain data and become one undoable WorkspaceEdit; fixes that need choices run a command.
import * as vscode from 'vscode';
import { Fix } from '../core/edits';
import type { CommandFix } from '../core/fixes';
import { ignoreComment } from '../core/project/suppression';
import { AnalysisHost } from './analysisHost';
import { codeOf, DIAGNOSTIC_SOURCE, toRange, toUri } from './convert';
import { COMMANDS } from './commandIds';

export class StorageCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly host: AnalysisHost) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext, token?: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && codeOf(d) !== undefined);
    if (ours.length === 0) return [];
    const findings = ours.map((d) => ({ code: codeOf(d)!, range: { start: { line: d.range.start.line, character: d.range.start.character }, end: { line: d.range.end.line, character: d.range.end.character } } }));
    const answer = await this.host.request({ type: 'fixes', file: AnalysisHost.keyOf(document.uri), findings }, token).catch(() => undefined);
    if (!answer) return [];
    const actions: vscode.CodeAction[] = [];
    ours.forEach((diagnostic, i) => {
      const fixes = answer.perFinding[i];
      // a diagnostic the engine no longer reports (the text changed meanwhile) gets no action
      if (!fixes) return;
      for (const fix of fixes) actions.push(toAction(fix, diagnostic));
      const ignore = ignoreAction(document, findings[i].code, diagnostic);
      if (ignore) actions.push(ignore);
    });
    return actions;
  }
}

/** "Ignore CODE here": the suppression comment on the line above the finding, indented like it. */
function ignoreAction(document: vscode.TextDocument, code: string, diagnostic: vscode.Diagnostic): vscode.CodeAction | undefined {
  if (code === 'config-invalid' || diagnostic.range.start.line >= document.lineCount) return undefined;
  const line = document.lineAt(diagnostic.range.start.line);
  const action = new vscode.CodeAction(`Ignore ${code} here`, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.edit = new vscode.WorkspaceEdit();
  action.edit.insert(document.uri, line.range.start, ignoreComment(code, line.text));
  return action;
}

function toAction(fix: Fix | CommandFix, diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  if ('command' in fix) {
    action.command = { title: fix.title, command: COMMANDS.generateVolumes, arguments: [fix.args] };
    action.isPreferred = true;
    return action;
  }
  action.edit = toWorkspaceEdit(fix);
  action.isPreferred = fix.preferred;
  return action;
}

export function toWorkspaceEdit(fix: Pick<Fix, 'edits' | 'creates'>): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const c of fix.creates) edit.createFile(toUri(c.file), { ignoreIfExists: false, contents: new TextEncoder().encode(c.text) });
  for (const e of fix.edits) edit.replace(toUri(e.file), toRange(e.range), e.newText);
  return edit;
}
