// The editor's side of the failure boundary: an internal-error finding is a diagnostic like any other;
// its stack goes to the output channel (once per failure), so that a report can say where the engine failed.
import * as vscode from 'vscode';
import type { AnalysisSummary } from './analysisHost';
import { Disposable } from './disposable';

export class InternalErrorLog extends Disposable {
  /** failures already logged (file, message, stack), so that re-analyses do not repeat them */
  private readonly logged = new Set<string>();

  constructor(onDidAnalyze: vscode.Event<AnalysisSummary>, private readonly log: vscode.LogOutputChannel) {
    super();
    onDidAnalyze((a) => this.record(a), this, this._disposables);
  }

  private record(a: AnalysisSummary): void {
    for (const f of a.internalErrors) {
      const key = `${f.file}\n${f.message}\n${f.data?.stack ?? ''}`;
      if (this.logged.has(key)) continue;
      if (this.logged.size > 1000) this.logged.clear();
      this.logged.add(key);
      this.log.error(`Internal error at ${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.message}\n${f.data?.stack ?? ''}`);
    }
  }
}
