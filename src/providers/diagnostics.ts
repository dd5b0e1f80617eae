// Findings → the Problems panel and squiggles, for every analysed file (open or not). Each analysis
// names the files whose findings changed; only those are set again.
import * as vscode from 'vscode';
import { AnalysisHost, AnalysisSummary } from './analysisHost';
import { DIAGNOSTIC_SOURCE, toDiagnostic, toUri } from './convert';
import { Disposable } from './disposable';

export class DiagnosticsPublisher extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE));

  constructor(host: AnalysisHost, private readonly docsUri: vscode.Uri) {
    super();
    host.onDidAnalyze(this.publish, this, this._disposables);
  }

  private publish(summary: AnalysisSummary): void {
    if (summary.changed.length === 0) return;
    const entries: [vscode.Uri, vscode.Diagnostic[]][] = summary.changed.map((file) => [toUri(file), (summary.diagnostics.get(file) ?? []).map((f) => toDiagnostic(f, this.docsUri))]);
    this.collection.set(entries);
  }
}
