// "Show provisioning plan": the CLI's plan text (computed by the engine) in a read-only virtual
// document, refreshed on analysis.
import * as vscode from 'vscode';
import { AnalysisHost } from './analysisHost';
import { Disposable } from './disposable';
import { unitLabel } from './unitLabel';

export const PLAN_URI = vscode.Uri.parse('statefulset-storage-plan:/provisioning-plan.txt');

export class PlanDocumentProvider extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this._onDidChange.event;

  constructor(private readonly host: AnalysisHost) {
    super();
    host.onDidAnalyze(() => this._onDidChange.fire(PLAN_URI), this, this._disposables);
  }

  async provideTextDocumentContent(_uri: vscode.Uri, token?: vscode.CancellationToken): Promise<string> {
    const text = await this.host.request({ type: 'planText' }, token).catch((e: Error) => `The plan could not be computed: ${e.message}`) ?? '';
    // file keys are URIs in the editor: show workspace-relative paths
    return text.replace(/^(\s*Unit )(.+?)( \(\d+ files?)/gm, (_, head: string, label: string, tail: string) => `${head}${unitLabel(label)}${tail}`).replace(/\((\w[\w+.-]*:\/\/?[^)\s]+)\)/g, (_, uri: string) => `(${vscode.workspace.asRelativePath(vscode.Uri.parse(uri), false)})`);
  }
}
