// Keeps the engine in step with the YAML files of the VS Code workspace — every file, not only open
// ones (a PV in pv.yaml matters to the StatefulSet in sts.yaml) — and asks for an analysis after a
// debounce. Open documents win over the disk; closed ones are read from disk and followed with a file
// watcher. The engine runs in a worker thread (engineHandle.ts): this thread only sends texts, the
// editor's change ranges and deletions, and receives plain answers. Nothing heavy runs during
// activation: the first scan starts afterwards.
import * as vscode from 'vscode';
import type { Finding } from '../core/findings';
import type { ClusterSnapshot } from '../core/clusterSnapshot';
import type { EngineOptions, Mutation, ObjectInfo, Request, ResultOf } from '../core/service/protocol';
import { DiagnosticsMirror } from './engine/diagnosticsMirror';
import { compileGlobs } from '../core/glob';
import { Disposable } from './disposable';
import { readSettings, SECTION, Settings } from './settings';
import { KustomizeRenderer } from './kustomizeRenderer';
import { CreatedFolders } from './createdFolders';
import { EngineHandle } from './engine/engineHandle';
import { cancelled } from './engine/cancellable';
import { EngineClient, EngineFailure } from './engine/engineClient';

// kustomize also reads an extension-less `Kustomization`: without it, such an overlay's patches would be
// analysed as whole objects of a unit of their own (the CLI reads it too, see cli/files.ts)
const YAML_GLOB = '**/{*.yaml,*.yml,Kustomization}';
const isYamlPath = (uri: vscode.Uri) => /\.ya?ml$/i.test(uri.path) || uri.path.endsWith('/Kustomization');
const decode = (bytes: Uint8Array) => new TextDecoder('utf-8').decode(bytes);
/** the longest turn of a scan on this thread before it lets others run */
const BREATH_MS = 8;
/** answers superseded by newer edits while they were computed: ask again at most this often */
const MAX_RETRIES = 5;

/** One published analysis: plain data, as the engine sent it. */
export interface AnalysisSummary {
  /** the version of the edits it was computed from */
  readonly version: number;
  readonly statefulSetCount: number;
  readonly files: number;
  readonly findingCount: number;
  /** every file's findings */
  readonly diagnostics: ReadonlyMap<string, readonly Finding[]>;
  /** the files whose findings this publication changed */
  readonly changed: readonly string[];
  readonly internalErrors: readonly Finding[];
}

export class AnalysisHost extends Disposable {
  private settings: Settings;
  private excluded: (relativePath: string) => boolean;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private summary: AnalysisSummary | undefined;
  private readonly renderer: KustomizeRenderer;
  private scanning: Promise<void> | undefined;
  /** bumped by each rescan: an older scan still reading files stops sending them */
  private generation = 0;
  /** edited documents whose text is read when the debounce fires, not on every keystroke */
  private readonly pending = new Map<string, vscode.TextDocument>();
  /** the files the engine holds */
  private readonly known = new Set<string>();
  /** files and folders deleted while a scan runs, since its reset: it must not send what it read of them */
  private readonly deletedSinceReset = new Set<string>();
  /** the last generation whose scan sent every file: an analysis before that sees a half-read workspace */
  private sentGeneration = 0;
  /** every file's findings as the engine last sent them, and the files not yet published */
  private readonly mirror = new DiagnosticsMirror();
  private readonly engineHandle: EngineHandle;
  private lastBreath = 0;
  /** the live cluster state (LiveClusterState): sent again to every new Project */
  private snapshots: { readonly byContext: ReadonlyMap<string, ClusterSnapshot>; readonly current: string | undefined } | undefined;
  /** the options of the engine's Project (its note on unrendered kustomizations says why) */
  private optionsSent: EngineOptions | undefined;
  /** the analysis asked for and not yet answered, with the state it was asked in */
  private asked: { client: EngineClient; version: number; dirty: string; render: boolean; answer: Promise<AnalysisSummary> } | undefined;
  private readonly _onDidAnalyze = this._register(new vscode.EventEmitter<AnalysisSummary>());
  /** fires after every analysis with its result */
  readonly onDidAnalyze = this._onDidAnalyze.event;

  constructor(private readonly log?: vscode.LogOutputChannel) {
    super();
    this.settings = readSettings();
    this.excluded = this.excludeMatcher();
    this.engineHandle = this._register(new EngineHandle(log, (error) => this.onEngineRestart(error)));
    this.renderer = this._register(new KustomizeRenderer(() => this.settings));
    this.renderer.onDidRender(this.onRendered, this, this._disposables);
    vscode.workspace.onDidGrantWorkspaceTrust(() => { this.renderer.reset(); this.rescan(); }, this, this._disposables);
    vscode.workspace.onDidSaveTextDocument(() => this.schedule(), this, this._disposables);
    vscode.workspace.onDidOpenTextDocument(this.onDocument, this, this._disposables);
    vscode.workspace.onDidChangeTextDocument(this.onChange, this, this._disposables);
    vscode.workspace.onDidCloseTextDocument(this.onClose, this, this._disposables);
    vscode.workspace.onDidDeleteFiles((e) => e.files.forEach((f) => this.forget(f)), this, this._disposables);
    vscode.workspace.onDidChangeConfiguration(this.onConfiguration, this, this._disposables);
    vscode.workspace.onDidChangeWorkspaceFolders(() => this.rescan(), this, this._disposables);
    const watcher = this._register(vscode.workspace.createFileSystemWatcher(YAML_GLOB));
    watcher.onDidCreate(this.onDiskChange, this, this._disposables);
    watcher.onDidChange(this.onDiskChange, this, this._disposables);
    watcher.onDidDelete(this.forget, this, this._disposables);
    // Folders, which the YAML glob above does not match, in one watcher of every entry: a deleted folder
    // is reported once, as the folder; a folder that appeared with files in it may never have them reported.
    const entries = this._register(vscode.workspace.createFileSystemWatcher('**/*', false, true, false));
    entries.onDidDelete((uri) => { if (!isYamlPath(uri)) this.forget(uri); }, this, this._disposables);
    this._register(new CreatedFolders(entries.onDidCreate, YAML_GLOB, { maxResults: () => this.settings.maxFiles * 2, excluded: (uri) => this.isExcluded(uri) }, (uri) => {
      // within the file limit the first scan kept to: a burst's search of the workspace finds the files it left out
      if (!this.known.has(AnalysisHost.keyOf(uri)) && this.known.size < this.settings.maxFiles) void this.onDiskChange(uri);
    }));
    this._register({ dispose: () => clearTimeout(this.timer) });
  }

  /** Starts the first scan (after activation returned). */
  start(): void {
    this.rescan();
  }

  /** where the analysis runs: 'worker', or 'main thread' when no worker could start */
  get engineThread(): string | undefined {
    return this.engineHandle.where;
  }

  /** how often the engine was restarted after it died */
  get restarts(): number {
    return this.engineHandle.restarts;
  }

  /** The latest analysis, waiting for the scan and any pending edit. */
  async current(): Promise<AnalysisSummary> {
    for (let i = 0; ; i++) {
      await this.settled();
      let summary: AnalysisSummary;
      try {
        summary = await this.analyzeNow();
      } catch (e) {
        if (i >= MAX_RETRIES) throw e;
        await this.scanning; // the engine restarted: wait for the re-read
        continue;
      }
      if (summary.version === this.engineHandle.version || i >= MAX_RETRIES) return summary;
    }
  }

  /** The latest analysis if one is ready, without waiting. */
  get latest(): AnalysisSummary | undefined {
    return this.summary;
  }

  /**
   * Asks the engine, after the scan and every edit so far have reached it (messages arrive in order).
   * Cancelling the token stops the waiting (undefined), not the engine's work.
   */
  async request<T extends Request['type']>(request: Extract<Request, { type: T }>, token?: vscode.CancellationToken): Promise<ResultOf[T] | undefined> {
    return cancelled(token, (async () => {
      await this.settled();
      try {
        return (await this.engineHandle.client().request<T>(request)).result;
      } catch (e) {
        // the engine threw on this request: where, for a report (the caller shows what it can)
        if (e instanceof EngineFailure) this.log?.error(`The engine failed on a ${request.type} request: ${e.message}\n${e.engineStack ?? ''}`);
        throw e;
      }
    })());
  }

  /** What the engine holds, for tests: its files, and its objects as plain data. */
  async fileNames(): Promise<readonly string[]> {
    return (await this.request({ type: 'fileNames' })) ?? [];
  }

  async objects(): Promise<readonly ObjectInfo[]> {
    return (await this.request({ type: 'objects' })) ?? [];
  }

  /** The live snapshots changed: analyse again with them (the next analysis, not on the typing path). */
  setClusterSnapshots(byContext: ReadonlyMap<string, ClusterSnapshot>, current: string | undefined): void {
    this.snapshots = { byContext, current };
    this.mutate({ type: 'setClusterSnapshots', snapshots: Object.fromEntries(byContext), currentContext: current });
    this.schedule();
  }

  /** The namespaces each kube context is asked about in live mode (after the first scan). */
  async namespacesByContext(current: string | undefined): Promise<ReadonlyMap<string, readonly string[]>> {
    return new Map(Object.entries(await this.request({ type: 'namespacesByContext', currentContext: current }) ?? {}));
  }

  /** Ends the engine as a crash would (tests: the editor must recover). */
  killEngine(): Promise<void> {
    return this.engineHandle.kill();
  }

  static keyOf(uri: vscode.Uri): string {
    return uri.toString();
  }

  private static isOpen(uri: vscode.Uri): boolean {
    const key = uri.toString();
    return vscode.workspace.textDocuments.some((d) => !d.isClosed && d.uri.toString() === key);
  }

  /** The user asked for a re-analysis: also starts an engine that was given up after repeated crashes. */
  reanalyze(): void {
    // an engine given up after crashes left findings shown: the new engine's first answer replaces them all
    if (!this.engineHandle.available) this.mirror.engineDied(undefined);
    this.engineHandle.revive();
    this.rescan();
  }

  rescan(): void {
    this.excluded = this.excludeMatcher();
    // A large workspace takes a moment: say so in the status bar while it is read.
    const generation = ++this.generation;
    const scan = Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'StatefulSet Storage: reading YAML files' }, () => this.scan(generation)));
    this.scanning = scan.catch((e: unknown) => {
      // what was read is what there is: publish it rather than nothing
      if (generation === this.generation) this.sentGeneration = generation;
      void vscode.window.showErrorMessage(`StatefulSet Storage could not read the workspace: ${(e as Error).message}`);
    });
  }

  /**
   * The scan is done and every pending edit is sent. With edits waiting for the debounce, their
   * analysis is asked for now (as the debounce would): its answer, and the diagnostics it publishes,
   * come before the answer of whatever is asked next (the engine answers in order).
   */
  private async settled(): Promise<void> {
    await this.scanning;
    if (this.timer || this.pending.size) void this.analyzeNow().catch(() => undefined);
  }

  private excludeMatcher(): (relativePath: string) => boolean {
    const filesExclude = vscode.workspace.getConfiguration('files').get<Record<string, boolean>>('exclude', {});
    return compileGlobs([...Object.keys(filesExclude).filter((k) => filesExclude[k]), ...this.settings.exclude]);
  }

  private isExcluded(uri: vscode.Uri): boolean {
    // outside the folders: untitled and local files (a remote window's files are vscode-remote:)
    if (!vscode.workspace.getWorkspaceFolder(uri)) return uri.scheme !== 'untitled' && uri.scheme !== 'file' && uri.scheme !== 'vscode-remote';
    return this.excluded(vscode.workspace.asRelativePath(uri, false));
  }

  private async scan(generation: number): Promise<void> {
    const started = performance.now();
    const uris = await vscode.workspace.findFiles(YAML_GLOB, null, this.settings.maxFiles * 2);
    if (generation !== this.generation) return;
    // a new Project: the engine (started on this first message, after activation) forgets every file
    this.known.clear();
    this.deletedSinceReset.clear();
    this.pending.clear();
    this.optionsSent = this.engineOptions();
    this.mutate({ type: 'reset', options: this.optionsSent });
    // the new Project holds no renders: render every kustomization again (a render sent before the reset is gone)
    this.renderer.forgetRenders();
    // a restarted engine has none: the live state goes with every new Project
    if (this.snapshots) this.mutate({ type: 'setClusterSnapshots', snapshots: Object.fromEntries(this.snapshots.byContext), currentContext: this.snapshots.current });
    const wanted = uris.filter((u) => !this.isExcluded(u)).slice(0, this.settings.maxFiles);
    const open = new Map(vscode.workspace.textDocuments.map((d) => [AnalysisHost.keyOf(d.uri), d]));
    // read in parallel; decode and send one after the other, letting others run every few milliseconds
    const files = await Promise.all(wanted.map(async (uri) => {
      const doc = open.get(AnalysisHost.keyOf(uri));
      return { key: AnalysisHost.keyOf(uri), content: doc ? doc.getText() : await this.readBytes(uri) };
    }));
    for (const { key, content } of files) {
      await this.breathe();
      if (generation !== this.generation) return;
      // Sent since the reset by the editor (a document opened or edited while the disk was read) or by
      // the file watcher: that text is newer than these bytes, and the editor's next change ranges
      // apply to it. Sending the bytes now would put the engine's text behind the editor's.
      if (this.known.has(key) || this.deletedMeanwhile(key)) continue;
      const text = typeof content === 'string' ? content : content && decode(content);
      if (text !== undefined) this.setFile(key, text);
    }
    // Open documents win over the disk (those found were sent with their editor text above). But a
    // document of a workspace folder whose file is gone (its model outlives a closed editor for
    // minutes) is no part of the workspace any more.
    const found = new Set(uris.map((u) => AnalysisHost.keyOf(u)));
    for (const doc of vscode.workspace.textDocuments) {
      const key = AnalysisHost.keyOf(doc.uri);
      if (this.known.has(key)) continue;
      if (found.has(key) || !vscode.workspace.getWorkspaceFolder(doc.uri)) this.onDocument(doc, false);
    }
    this.sentGeneration = generation;
    this.deletedSinceReset.clear();
    const read = performance.now();
    void this.analyzeNow().then((summary) => {
      this.log?.info(`Read ${wanted.length} YAML files in ${(read - started).toFixed(0)} ms; the engine (${this.engineThread}) analysed them in ${(performance.now() - read).toFixed(0)} ms: ${summary.findingCount} findings.`);
    }, () => undefined);
  }

  private engineOptions(): EngineOptions {
    return {
      defaultNamespace: this.settings.defaultNamespace,
      maxFileBytes: this.settings.maxFileSizeMB * 1048576,
      settings: this.settings.cluster,
      kustomizeNotRendered: this.renderer.reason(),
    };
  }

  /** Sends a change to the engine (none while the engine is given up after repeated crashes). */
  private mutate(mutation: Mutation): void {
    if (this.engineHandle.available) this.engineHandle.client().mutate(mutation);
  }

  private setFile(key: string, text: string): void {
    this.known.add(key);
    this.mutate({ type: 'setFile', file: key, text });
  }

  private deleteFile(key: string): boolean {
    if (!this.known.delete(key)) return false;
    this.mutate({ type: 'deleteFile', file: key });
    return true;
  }

  /**
   * Lets timers and other extensions run when this thread has been busy for a few milliseconds: a scan
   * decodes and posts thousands of files, which would otherwise happen in one long turn.
   */
  private async breathe(): Promise<void> {
    if (performance.now() - this.lastBreath < BREATH_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.lastBreath = performance.now();
  }

  private async readDisk(uri: vscode.Uri): Promise<string | undefined> {
    const content = await this.readBytes(uri);
    return typeof content === 'string' ? content : content && decode(content);
  }

  /** A file's bytes; for an oversized file a text of its size (the engine reports it without reading it). */
  private async readBytes(uri: vscode.Uri): Promise<Uint8Array | string | undefined> {
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      // The engine reports oversized files itself; don't read hundreds of MB to learn that.
      if (stat.size > this.settings.maxFileSizeMB * 1048576) return ' '.repeat(this.settings.maxFileSizeMB * 1048576 + 1);
      return await vscode.workspace.fs.readFile(uri);
    } catch {
      return undefined; // deleted meanwhile
    }
  }

  private isRelevant(doc: vscode.TextDocument): boolean {
    return (doc.languageId === 'yaml' || isYamlPath(doc.uri)) && doc.uri.scheme !== 'output' && !this.isExcluded(doc.uri);
  }

  private onDocument(doc: vscode.TextDocument, schedule = true): void {
    if (!this.isRelevant(doc)) {
      // its language changed from YAML (VS Code closes and opens it): forget what it was as YAML
      const key = AnalysisHost.keyOf(doc.uri);
      this.pending.delete(key);
      if (this.deleteFile(key)) this.schedule();
      return;
    }
    if (!schedule) { this.setFile(AnalysisHost.keyOf(doc.uri), doc.getText()); return; }
    this.pending.set(AnalysisHost.keyOf(doc.uri), doc);
    this.schedule();
  }

  /**
   * An edit: the engine applies the editor's own change ranges and reparses only the touched documents,
   * so a keystroke in a 5,000-document file costs one document; the analysis waits for the debounce.
   */
  private onChange(e: vscode.TextDocumentChangeEvent): void {
    if (e.contentChanges.length === 0 || !this.isRelevant(e.document)) return;
    const key = AnalysisHost.keyOf(e.document.uri);
    if (!AnalysisHost.fromLastToFirst(e.contentChanges) || this.pending.has(key) || !this.known.has(key)) { this.onDocument(e.document); return; }
    this.mutate({ type: 'applyChanges', file: key, changes: e.contentChanges.map((c) => ({ offset: c.rangeOffset, deleteCount: c.rangeLength, text: c.text })) });
    this.schedule();
  }

  /**
   * A multi-cursor edit comes as several changes, last in the document first. Each then ends before
   * the previous one starts, so its offset means the same whether read against the text before the
   * event or after the previous changes; any other order is re-read as whole text.
   */
  private static fromLastToFirst(changes: readonly vscode.TextDocumentContentChangeEvent[]): boolean {
    for (let i = 1; i < changes.length; i++) {
      if (changes[i].rangeOffset + changes[i].rangeLength > changes[i - 1].rangeOffset) return false;
    }
    return true;
  }

  private async onClose(doc: vscode.TextDocument): Promise<void> {
    if (!this.isRelevant(doc)) return;
    const key = AnalysisHost.keyOf(doc.uri);
    this.pending.delete(key);
    // Unsaved edits are gone with the editor: the disk is the truth again — for files of the
    // workspace folders; untitled documents and files outside the folders (nothing watches them) go.
    const onDisk = (doc.uri.scheme === 'file' || doc.uri.scheme === 'vscode-remote') && !!vscode.workspace.getWorkspaceFolder(doc.uri);
    const text = onDisk ? await this.readDisk(doc.uri) : undefined;
    if (AnalysisHost.isOpen(doc.uri)) return; // opened again while the disk was read: its editor text wins
    if (text === undefined) {
      this.noteDeleted(key);
      if (this.deleteFile(key)) this.schedule();
      return;
    }
    this.setFile(key, text);
    this.schedule();
  }

  private async onDiskChange(uri: vscode.Uri): Promise<void> {
    if (this.isExcluded(uri)) return;
    // the editor's text wins; its change events keep us up to date (also when it opened during the read)
    if (AnalysisHost.isOpen(uri)) return;
    const text = await this.readDisk(uri);
    if (text === undefined || AnalysisHost.isOpen(uri)) return;
    this.setFile(AnalysisHost.keyOf(uri), text);
    this.schedule();
  }

  private forget(uri: vscode.Uri): void {
    const key = AnalysisHost.keyOf(uri);
    this.noteDeleted(key);
    let changed = this.deleteFile(key);
    // a deleted folder: forget everything below it
    for (const f of [...this.known]) if (f.startsWith(`${key}/`)) changed = this.deleteFile(f) || changed;
    if (changed) this.schedule();
  }

  private noteDeleted(key: string): void {
    if (this.sentGeneration !== this.generation) this.deletedSinceReset.add(key);
  }

  /** Whether the file, or a folder above it, was deleted since the reset. */
  private deletedMeanwhile(key: string): boolean {
    if (this.deletedSinceReset.size === 0) return false;
    for (let at = key.length; at > 0; at = key.lastIndexOf('/', at - 1)) if (this.deletedSinceReset.has(key.slice(0, at))) return true;
    return false;
  }

  private onConfiguration(e: vscode.ConfigurationChangeEvent): void {
    if (!e.affectsConfiguration(SECTION) && !e.affectsConfiguration('files.exclude')) return;
    this.settings = readSettings();
    this.renderer.reset();
    this.rescan();
  }

  /** A render finished: the engine applies it (a new reason for the note needs a new Project). */
  private onRendered(): void {
    if (this.isDisposed) return;
    if (this.optionsSent && this.optionsSent.kustomizeNotRendered !== this.renderer.reason()) { this.rescan(); return; }
    void this.analyzeNow().catch(() => undefined);
  }

  /** Debounced: typing produces one analysis when the user pauses, not one per keystroke. */
  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.analyzeNow().catch(() => undefined), this.settings.debounceMs);
  }

  /** Sends the texts of documents edited as a whole (read now, not on each keystroke). */
  private sendPending(): void {
    for (const [key, doc] of this.pending) if (!doc.isClosed) this.setFile(key, doc.getText());
    this.pending.clear();
  }

  /**
   * Asks for the analysis of everything sent so far (the debounce's, now); publishes it unless newer
   * edits superseded it. While an analysis of the very same state is on its way (no edit, save or
   * render since it was asked), that one is the answer: current() after a flushed debounce asks once.
   */
  private async analyzeNow(): Promise<AnalysisSummary> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.sendPending();
    const dirty = vscode.workspace.textDocuments.filter((d) => d.isDirty).map((d) => AnalysisHost.keyOf(d.uri));
    const render = this.renderer.wanted();
    const client = this.engineHandle.client();
    const state = { client, version: client.version, dirty: dirty.join('\n'), render };
    const asked = this.asked;
    if (asked && asked.client === state.client && asked.version === state.version && asked.dirty === state.dirty && asked.render === state.render) return asked.answer;
    const answer = this.analyzeAndPublish(client, dirty, render);
    const entry = { ...state, answer };
    this.asked = entry;
    const done = () => { if (this.asked === entry) this.asked = undefined; };
    answer.then(done, done);
    return answer;
  }

  private async analyzeAndPublish(client: EngineClient, dirty: string[], render: boolean): Promise<AnalysisSummary> {
    const { version, result } = await client.request({ type: 'analyze', dirty, render });
    this.mirror.apply(result.changed);
    const summary = (changed: readonly string[]): AnalysisSummary => ({
      version, statefulSetCount: result.statefulSetCount, files: result.files, findingCount: result.findings,
      diagnostics: this.mirror.diagnostics, changed, internalErrors: result.internalErrors,
    });
    // superseded: newer edits were sent meanwhile, and their analysis follows (the debounce is running);
    // or a scan is still reading the workspace: the engine holds part of it, and the scan's analysis follows
    if (version !== this.engineHandle.version || this.isDisposed || this.sentGeneration !== this.generation) return summary([]);
    this.summary = summary(this.mirror.take());
    this.renderer.consider(result.renderUnits, new Set(dirty), (r) => this.mutate({ type: 'rendered', result: r }));
    this._onDidAnalyze.fire(this.summary);
    return this.summary;
  }

  /**
   * The engine died and was started again: say so where the user looks (a diagnostic, until the
   * new engine's first analysis replaces every file's) and read every file again.
   */
  private onEngineRestart(error: Error): void {
    const file = [...this.known][0];
    const finding: Finding | undefined = file === undefined ? undefined : {
      code: 'internal-error', severity: 'error', file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      message: `The analysis engine stopped (${error.message}) and was restarted; the workspace is read again. Please report this with the log of the output channel "StatefulSet Storage".`,
      related: [], data: { stack: error.stack ?? '' },
    };
    this.mirror.engineDied(finding);
    const summary: AnalysisSummary = {
      version: this.engineHandle.version, statefulSetCount: this.summary?.statefulSetCount ?? 0, files: this.known.size, findingCount: finding ? 1 : 0,
      diagnostics: this.mirror.diagnostics, changed: this.mirror.take(), internalErrors: finding ? [finding] : [],
    };
    if (!this.isDisposed) this._onDidAnalyze.fire(summary);
    this.renderer.reset();
    this.rescan();
  }
}
