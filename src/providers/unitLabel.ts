// A unit's label for people: its folders relative to the workspace (the engine names them by URI).
import * as vscode from 'vscode';

export function unitLabel(label: string): string {
  return label.split(' + ').map((part) => (/^\w[\w+.-]*:\//.test(part) ? vscode.workspace.asRelativePath(vscode.Uri.parse(part), false) : part) || '.').join(' + ');
}
