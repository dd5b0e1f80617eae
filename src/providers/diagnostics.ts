// Findings → the Problems panel and squiggles, for every analysed file (open or not). Each analysis
// names the files whose findings changed; only those are set again, and a finding that stayed (the
// same object: the engine sends only new findings) keeps its converted Diagnostic.
// A first scan can name thousands of one file's findings: converting them all in one turn would block
// the extension host's thread, so conversion runs in slices of a few ms, letting others run between
// them. A file is set only whole, from the one list a publication named; a newer publication's list
// replaces a file's list waiting or being converted, so an older one is never set after it.
import * as vscode from 'vscode';
import type { Finding } from '../core/findings';
import { AnalysisHost, AnalysisSummary } from './analysisHost';
import { DIAGNOSTIC_SOURCE, toDiagnostic, toUri } from './convert';
import { Disposable } from './disposable';

/** the longest slice of conversion on the extension host's thread */
const SLICE_MS = 8;
/** findings converted between two looks at the clock */
const CLOCK_EVERY = 32;

export class DiagnosticsPublisher extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE));
  private converted = new WeakMap<Finding, vscode.Diagnostic>();
  /** files waiting to be set, each with the findings its latest publication named */
  private readonly queue = new Map<string, readonly Finding[]>();
  /** the file being converted: the list it started from, and the diagnostics so far */
  private inProgress: { file: string; list: readonly Finding[]; done: vscode.Diagnostic[] } | undefined;
  private slicing = false;
  private idleWaiters: (() => void)[] = [];
  /** the longest slice; a test sets 0 to see the thread given back however fast the machine converts */
  sliceMs = SLICE_MS;

  constructor(host: AnalysisHost, private readonly docsUri: vscode.Uri) {
    super();
    host.onDidAnalyze(this.publish, this, this._disposables);
    this._register({ dispose: () => this.queue.clear() });
  }

  /** Resolves when every publication so far is set in the collection (tests, the bench). */
  published(): Promise<void> {
    if (!this.slicing) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private publish(summary: AnalysisSummary): void {
    if (summary.changed.length === 0) return;
    for (const file of summary.changed) this.queue.set(file, summary.diagnostics.get(file) ?? []);
    // a small publication is set at once, in this turn; a big one goes on in later slices
    if (!this.slicing) this.slice();
  }

  /** Converts for up to sliceMs, sets the files completed, and goes on in a later task if some remain. */
  private slice(): void {
    if (this.isDisposed) { this.idle(); return; }
    const deadline = performance.now() + this.sliceMs;
    const ready: [vscode.Uri, vscode.Diagnostic[]][] = [];
    for (const [file, list] of this.queue) {
      const done = this.convert(file, list, deadline);
      if (!done) break;
      this.queue.delete(file);
      ready.push([toUri(file), done]);
      if (performance.now() > deadline) break;
    }
    if (ready.length) this.collection.set(ready);
    if (this.queue.size === 0) { this.idle(); return; }
    this.slicing = true;
    setImmediate(() => this.slice());
  }

  /** The file's diagnostics if converted before the deadline; else undefined (the next slice goes on). */
  private convert(file: string, list: readonly Finding[], deadline: number): vscode.Diagnostic[] | undefined {
    const p = this.inProgress?.file === file && this.inProgress.list === list ? this.inProgress : { file, list, done: [] };
    this.inProgress = p;
    while (p.done.length < list.length) {
      const end = Math.min(list.length, p.done.length + CLOCK_EVERY);
      for (let i = p.done.length; i < end; i++) p.done.push(this.diagnosticOf(list[i]));
      if (p.done.length < list.length && performance.now() > deadline) return undefined;
    }
    this.inProgress = undefined;
    return p.done;
  }

  private idle(): void {
    this.slicing = false;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private diagnosticOf(f: Finding): vscode.Diagnostic {
    let d = this.converted.get(f);
    if (!d) this.converted.set(f, (d = toDiagnostic(f, this.docsUri)));
    return d;
  }
}
