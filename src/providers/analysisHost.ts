// Keeps the engine's Workspace in step with the YAML files of the VS Code workspace — every file,
// not only open ones (a PV in pv.yaml matters to the StatefulSet in sts.yaml) — and re-analyses
// after a debounce. Open documents win over the disk; closed ones are read from disk and followed
// with a file watcher. Nothing heavy runs during activation: the first scan starts afterwards.
import * as vscode from 'vscode';
import type { Project, ProjectAnalysis } from '../core/project/project';
import type { ClusterSnapshot } from '../core/clusterSnapshot';
import { compileGlobs } from '../core/glob';
import { engine } from './loadEngine';
import { Disposable } from './disposable';
import { readSettings, SECTION, Settings } from './settings';
import { KustomizeRenderer } from './kustomizeRenderer';

const YAML_GLOB = '**/*.{yaml,yml}';
const isYamlPath = (uri: vscode.Uri) => /\.ya?ml$/i.test(uri.path);

export class AnalysisHost extends Disposable {
  /** created on first use, which loads the engine: after activation, not during it */
  private lazyWorkspace: Project | undefined;
  private settings: Settings;
  private excluded: (relativePath: string) => boolean;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private analysis: ProjectAnalysis | undefined;
  /** the project's own analysis, before rendered kustomizations replace their findings */
  private unrendered: ProjectAnalysis | undefined;
  private readonly renderer: KustomizeRenderer;
  /** the live cluster state (LiveClusterState): kept here so that a rescan's new Project has it too */
  private snapshots: { readonly byContext: ReadonlyMap<string, ClusterSnapshot>; readonly current: string | undefined } = { byContext: new Map(), current: undefined };
  private scanning: Promise<void> | undefined;
  /** edited documents whose text is read when the debounce fires, not on every keystroke */
  private readonly pending = new Map<string, vscode.TextDocument>();
  private readonly _onDidAnalyze = this._register(new vscode.EventEmitter<ProjectAnalysis>());
  /** fires after every analysis with its result */
  readonly onDidAnalyze = this._onDidAnalyze.event;

  constructor() {
    super();
    this.settings = readSettings();
    this.excluded = this.excludeMatcher();
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
    // A deleted folder is reported once, as the folder, which the YAML glob above does not match.
    const folders = this._register(vscode.workspace.createFileSystemWatcher('**/*', true, true, false));
    folders.onDidDelete((uri) => { if (!isYamlPath(uri)) this.forget(uri); }, this, this._disposables);
    this._register({ dispose: () => clearTimeout(this.timer) });
  }

  /** Starts the first scan (after activation returned). */
  start(): void {
    this.rescan();
  }

  /** The latest analysis, waiting for the scan and any pending edit. */
  async current(): Promise<ProjectAnalysis> {
    await this.scanning;
    if (this.timer || this.pending.size) this.flush();
    return this.analysis ?? this.analyzeNow();
  }

  /** The latest analysis if one is ready, without waiting. */
  get latest(): ProjectAnalysis | undefined {
    return this.analysis;
  }

  /** the engine's view of the workspace: one Workspace per deployment unit */
  get engine(): Project {
    return this.workspace;
  }

  static keyOf(uri: vscode.Uri): string {
    return uri.toString();
  }

  /** The live snapshots changed: analyse again with them (the next analysis, not on the typing path). */
  setClusterSnapshots(byContext: ReadonlyMap<string, ClusterSnapshot>, current: string | undefined): void {
    this.snapshots = { byContext, current };
    if (this.lazyWorkspace?.setClusterSnapshots(byContext, current)) this.schedule();
  }

  /** The namespaces each kube context is asked about in live mode (after the first scan). */
  async namespacesByContext(current: string | undefined): Promise<ReadonlyMap<string, readonly string[]>> {
    await this.scanning;
    return this.workspace.namespacesByContext(current);
  }

  rescan(): void {
    this.lazyWorkspace = undefined;
    this.excluded = this.excludeMatcher();
    // A large workspace takes a moment: say so in the status bar while it is read.
    const scan = Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'StatefulSet Storage: reading YAML files' }, () => this.scan()));
    this.scanning = scan.catch((e: unknown) => {
      void vscode.window.showErrorMessage(`StatefulSet Storage could not read the workspace: ${(e as Error).message}`);
    });
  }

  private get workspace(): Project {
    const { Project, DEFAULT_LIMITS } = engine();
    return (this.lazyWorkspace ??= new Project({
      defaultNamespace: this.settings.defaultNamespace,
      limits: { ...DEFAULT_LIMITS, maxFileBytes: this.settings.maxFileSizeMB * 1048576 },
      settings: this.settings.cluster,
      kustomizeNotRendered: this.renderer.reason(),
      snapshots: this.snapshots.byContext,
      currentContext: this.snapshots.current,
    }));
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

  private async scan(): Promise<void> {
    const uris = await vscode.workspace.findFiles(YAML_GLOB, null, this.settings.maxFiles * 2);
    const wanted = uris.filter((u) => !this.isExcluded(u)).slice(0, this.settings.maxFiles);
    const open = new Map(vscode.workspace.textDocuments.map((d) => [AnalysisHost.keyOf(d.uri), d]));
    await Promise.all(wanted.map(async (uri) => {
      const doc = open.get(AnalysisHost.keyOf(uri));
      const text = doc ? doc.getText() : await this.readDisk(uri);
      if (text !== undefined) this.workspace.setFile(AnalysisHost.keyOf(uri), text);
    }));
    // Open documents win over the disk. But a document of a workspace folder whose file is gone (its
    // model outlives a closed editor for minutes) is no part of the workspace any more.
    const found = new Set(uris.map((u) => AnalysisHost.keyOf(u)));
    for (const doc of vscode.workspace.textDocuments) {
      if (found.has(AnalysisHost.keyOf(doc.uri)) || !vscode.workspace.getWorkspaceFolder(doc.uri)) this.onDocument(doc, false);
    }
    this.analyzeNow();
  }

  private async readDisk(uri: vscode.Uri): Promise<string | undefined> {
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      // The engine reports oversized files itself; don't read hundreds of MB to learn that.
      if (stat.size > this.settings.maxFileSizeMB * 1048576) return ' '.repeat(this.settings.maxFileSizeMB * 1048576 + 1);
      return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return undefined; // deleted meanwhile
    }
  }

  private isRelevant(doc: vscode.TextDocument): boolean {
    return (doc.languageId === 'yaml' || isYamlPath(doc.uri)) && doc.uri.scheme !== 'output' && !this.isExcluded(doc.uri);
  }

  private onDocument(doc: vscode.TextDocument, schedule = true): void {
    if (!this.isRelevant(doc)) return;
    if (!schedule) { this.workspace.setFile(AnalysisHost.keyOf(doc.uri), doc.getText()); return; }
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
    if (!AnalysisHost.fromLastToFirst(e.contentChanges) || this.pending.has(key) || !this.workspace.hasFile(key)) { this.onDocument(e.document); return; }
    this.workspace.applyChanges(key, e.contentChanges.map((c) => ({ offset: c.rangeOffset, deleteCount: c.rangeLength, text: c.text })));
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
    const changed = text === undefined ? this.workspace.deleteFile(key) : this.workspace.setFile(key, text);
    if (changed) this.schedule();
  }

  private async onDiskChange(uri: vscode.Uri): Promise<void> {
    if (this.isExcluded(uri)) return;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return; // the editor's text wins; its change events keep us up to date
    const text = await this.readDisk(uri);
    if (text !== undefined && this.workspace.setFile(AnalysisHost.keyOf(uri), text)) this.schedule();
  }

  private forget(uri: vscode.Uri): void {
    const key = AnalysisHost.keyOf(uri);
    let changed = this.workspace.deleteFile(key);
    // a deleted folder: forget everything below it
    for (const f of this.workspace.fileNames()) if (f.startsWith(`${key}/`)) changed = this.workspace.deleteFile(f) || changed;
    if (changed) this.schedule();
  }

  private onConfiguration(e: vscode.ConfigurationChangeEvent): void {
    if (!e.affectsConfiguration(SECTION) && !e.affectsConfiguration('files.exclude')) return;
    this.settings = readSettings();
    this.renderer.reset();
    this.rescan();
  }

  /** A render finished: publish the analysis with its findings (a new reason for the note needs a new workspace). */
  private onRendered(): void {
    if (this.isDisposed || !this.unrendered || !this.lazyWorkspace) return;
    if (this.lazyWorkspace.options.kustomizeNotRendered !== this.renderer.reason()) { this.rescan(); return; }
    this.analysis = this.renderer.apply(this.lazyWorkspace, this.unrendered);
    this._onDidAnalyze.fire(this.analysis);
  }

  /** Debounced: typing produces one analysis when the user pauses, not one per keystroke. */
  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.settings.debounceMs);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.analyzeNow();
  }

  private analyzeNow(): ProjectAnalysis {
    for (const [key, doc] of this.pending) if (!doc.isClosed) this.workspace.setFile(key, doc.getText());
    this.pending.clear();
    this.unrendered = this.workspace.analyze();
    this.analysis = this.renderer.apply(this.workspace, this.unrendered);
    if (!this.isDisposed) this._onDidAnalyze.fire(this.analysis);
    return this.analysis;
  }
}
