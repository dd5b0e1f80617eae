// Findings → the Problems panel and squiggles, for every analysed file (open or not). Each analysis
// names the files whose findings changed; only those are set again, and a finding that stayed (the
// same object: the engine sends only new findings) keeps its converted Diagnostic.
import * as vscode from 'vscode';
import type { Finding } from '../core/findings';
import { AnalysisHost, AnalysisSummary } from './analysisHost';
import { DIAGNOSTIC_SOURCE, toDiagnostic, toUri } from './convert';
import { Disposable } from './disposable';

export class DiagnosticsPublisher extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE));
  private converted = new WeakMap<Finding, vscode.Diagnostic>();

  constructor(host: AnalysisHost, private readonly docsUri: vscode.Uri) {
    super();
    host.onDidAnalyze(this.publish, this, this._disposables);
  }

  private publish(summary: AnalysisSummary): void {
    if (summary.changed.length === 0) return;
    const entries: [vscode.Uri, vscode.Diagnostic[]][] = summary.changed.map((file) => [toUri(file), (summary.diagnostics.get(file) ?? []).map((f) => this.diagnosticOf(f))]);
    this.collection.set(entries);
  }

  private diagnosticOf(f: Finding): vscode.Diagnostic {
    let d = this.converted.get(f);
    if (!d) this.converted.set(f, (d = toDiagnostic(f, this.docsUri)));
    return d;
  }
}
