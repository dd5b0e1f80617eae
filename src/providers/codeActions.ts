// Quick fixes: the diagnostic's code selects the fix (code-actions sample). Edits come from the
// engine as plain data and become one undoable WorkspaceEdit; fixes that need choices run a command.
import * as vscode from 'vscode';
import { Fix } from '../core/edits';
import type { Finding } from '../core/findings';
import type { CommandFix } from '../core/fixes';
import { ignoreComment } from '../core/project/suppression';
import { analysisOfFile } from '../core/project/unitOf';
import { engine } from './loadEngine';
import { AnalysisHost } from './analysisHost';
import { codeOf, DIAGNOSTIC_SOURCE, toRange, toUri } from './convert';
import { COMMANDS } from './commandIds';

export class StorageCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly host: AnalysisHost) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    if (ours.length === 0) return [];
    const analysis = await this.host.current();
    const file = AnalysisHost.keyOf(document.uri);
    const findings = analysis.findingsFor(file);
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      const finding = findings.find((f) => f.code === codeOf(diagnostic) && toRange(f.range).isEqual(diagnostic.range));
      if (!finding) continue;
      for (const fix of engine().fixesFor(finding, analysisOfFile(analysis, file))) actions.push(toAction(fix, diagnostic));
      const merge = engine().unitMergeFix(finding, this.host.engine.configFiles(), (f) => this.host.engine.textOf(f));
      if (merge) actions.push(toAction(merge, diagnostic));
      const ignore = ignoreAction(document, finding, diagnostic);
      if (ignore) actions.push(ignore);
    }
    return actions;
  }
}

/** "Ignore CODE here": the suppression comment on the line above the finding, indented like it. */
function ignoreAction(document: vscode.TextDocument, finding: Finding, diagnostic: vscode.Diagnostic): vscode.CodeAction | undefined {
  if (finding.code === 'config-invalid' || finding.range.start.line >= document.lineCount) return undefined;
  const line = document.lineAt(finding.range.start.line);
  const action = new vscode.CodeAction(`Ignore ${finding.code} here`, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.edit = new vscode.WorkspaceEdit();
  action.edit.insert(document.uri, line.range.start, ignoreComment(finding.code, line.text));
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
