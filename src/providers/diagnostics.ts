// Findings → the Problems panel and squiggles, for every analysed file (open or not).
import * as vscode from 'vscode';
import { Analysis } from '../core/analysis';
import { AnalysisHost } from './analysisHost';
import { DIAGNOSTIC_SOURCE, toDiagnostic, toUri } from './convert';
import { Disposable } from './disposable';

export class DiagnosticsPublisher extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE));
  private published = new Set<string>();

  constructor(host: AnalysisHost, private readonly docsUri: vscode.Uri) {
    super();
    host.onDidAnalyze(this.publish, this, this._disposables);
  }

  private publish(analysis: Analysis): void {
    const now = new Set<string>();
    const entries: [vscode.Uri, vscode.Diagnostic[]][] = [];
    for (const f of analysis.findings) now.add(f.file);
    for (const file of now) entries.push([toUri(file), analysis.findingsFor(file).map((f) => toDiagnostic(f, this.docsUri))]);
    for (const file of this.published) if (!now.has(file)) entries.push([toUri(file), []]);
    this.collection.set(entries);
    this.published = now;
  }
}
