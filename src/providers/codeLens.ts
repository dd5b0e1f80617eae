// Lenses with what the controller and the binder will do (computed by the engine, core/service/lenses.ts):
// this provider turns its plain lenses into CodeLens objects.
import * as vscode from 'vscode';
import type { LensData } from '../core/service/protocol';
import { AnalysisHost } from './analysisHost';
import { toRange } from './convert';
import { Disposable } from './disposable';
import { COMMANDS } from './commandIds';

export class StorageCodeLensProvider extends Disposable implements vscode.CodeLensProvider {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this._onDidChange.event;

  constructor(private readonly host: AnalysisHost) {
    super();
    host.onDidAnalyze(() => this._onDidChange.fire(), this, this._disposables);
  }

  async provideCodeLenses(document: vscode.TextDocument, token?: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    const lenses = await this.host.request({ type: 'lenses', file: AnalysisHost.keyOf(document.uri) }, token).catch(() => undefined);
    return (lenses ?? []).map(toCodeLens);
  }
}

function toCodeLens(l: LensData): vscode.CodeLens {
  const command = l.command ? COMMANDS[l.command] : '';
  // revealObject's second argument is an engine range; the command converts it
  return new vscode.CodeLens(toRange(l.range), { title: l.title, command, arguments: [...l.arguments], ...(l.tooltip !== undefined ? { tooltip: l.tooltip } : {}) });
}
