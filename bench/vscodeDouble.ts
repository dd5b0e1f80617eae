// An in-memory double of the `vscode` API surface the extension touches at activation and on edits,
// so the bench can time activate() and the edit → diagnostics path of the real providers in plain Node.
// It is not a test double for behaviour: it records diagnostics and fires events, nothing more.
/* eslint-disable @typescript-eslint/no-explicit-any */
type Listener<T> = (e: T) => unknown;

class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  event = (listener: Listener<T>, thisArg?: unknown, disposables?: { dispose(): void }[]) => {
    const bound = thisArg ? listener.bind(thisArg) : listener;
    this.listeners.push(bound);
    const d = { dispose: () => { this.listeners = this.listeners.filter((l) => l !== bound); } };
    disposables?.push(d);
    return d;
  };
  fire(e: T): void { for (const l of [...this.listeners]) l(e); }
  dispose(): void { this.listeners = []; }
}

class Uri {
  private constructor(readonly scheme: string, readonly path: string, readonly fragment = '') {}
  static parse(s: string): Uri { const m = /^([a-z-]+):(?:\/\/)?(\/[^#]*)?(?:#(.*))?$/.exec(s); return new Uri(m?.[1] ?? 'file', m?.[2] ?? s, m?.[3] ?? ''); }
  static file(p: string): Uri { return new Uri('file', p); }
  static joinPath(u: Uri, ...parts: string[]): Uri { return new Uri(u.scheme, [u.path, ...parts].join('/').replace(/\/+/g, '/')); }
  with(c: { fragment?: string }): Uri { return new Uri(this.scheme, this.path, c.fragment ?? this.fragment); }
  get fsPath(): string { return this.path; }
  toString(): string { return `${this.scheme}://${this.path}${this.fragment ? `#${this.fragment}` : ''}`; }
}

class Position { constructor(readonly line: number, readonly character: number) {} }
class Range {
  readonly start: Position; readonly end: Position;
  constructor(a: number, b: number, c: number, d: number) { this.start = new Position(a, b); this.end = new Position(c, d); }
}

export interface DoubleDocument { uri: Uri; languageId: string; text: string; version: number; isClosed: boolean; isDirty?: boolean; getText(): string }

export function createVscodeDouble() {
  const diagnostics = new Map<string, unknown[]>();
  const onDidChangeTextDocument = new EventEmitter<any>();
  const onDidAnalyzeDiagnostics = new EventEmitter<void>();
  const onDidOpenTextDocument = new EventEmitter<any>();
  const onDidCloseTextDocument = new EventEmitter<any>();
  /** every file system watcher's deletion event (globs are not matched: each watcher hears every deletion) */
  const deletions: EventEmitter<Uri>[] = [];
  const documents: DoubleDocument[] = [];
  /** files on disk, as last saved (a document added without a file is on disk with its text) */
  const disk = new Map<string, string>();
  /** while set, reads of the disk wait for it (a slow disk, to order events around a scan) */
  let readsHeld: Promise<void> | undefined;
  const reads = new EventEmitter<string>();
  const disposable = { dispose() {} };
  /** what the extension wrote to its output channel, `level: text` */
  const log: string[] = [];
  const api = {
    Uri, Range, Position, EventEmitter,
    Selection: Range, Location: class { constructor(readonly uri: Uri, readonly range: Range) {} },
    Diagnostic: class { source?: string; code?: unknown; relatedInformation?: unknown[]; constructor(readonly range: Range, readonly message: string, readonly severity: number) {} },
    DiagnosticRelatedInformation: class { constructor(readonly location: unknown, readonly message: string) {} },
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    CodeActionKind: { QuickFix: { value: 'quickfix' } },
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    ProgressLocation: { Notification: 15, Window: 10 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    TextEditorRevealType: { InCenterIfOutsideViewport: 2 },
    ThemeIcon: class { constructor(readonly id: string) {} },
    ThemeColor: class { constructor(readonly id: string) {} },
    MarkdownString: class { value = ''; appendMarkdown(s: string) { this.value += s; return this; } },
    languages: {
      createDiagnosticCollection: () => ({
        set: (entries: [Uri, unknown[]][]) => { for (const [u, d] of entries) diagnostics.set(u.toString(), d); onDidAnalyzeDiagnostics.fire(); },
        dispose() {},
      }),
      registerCodeLensProvider: () => disposable, registerHoverProvider: () => disposable, registerCodeActionsProvider: () => disposable,
    },
    window: {
      createOutputChannel: () => ({
        info: (m: string) => log.push(`info: ${m}`), warn: (m: string) => log.push(`warn: ${m}`), error: (m: string) => log.push(`error: ${m}`), show() {}, dispose() {},
      }),
      createTreeView: () => disposable,
      createStatusBarItem: () => ({ text: '', show() {}, hide() {}, dispose() {} }),
      showErrorMessage: async () => undefined, showInformationMessage: async () => undefined, showWarningMessage: async () => undefined,
      activeTextEditor: undefined,
      withProgress: (_o: unknown, task: () => Promise<unknown>) => task(),
    },
    workspace: {
      textDocuments: documents,
      isTrusted: true,
      getConfiguration: () => ({ get: (_k: string, fallback: unknown) => fallback, inspect: () => undefined }),
      getWorkspaceFolder: () => ({ uri: Uri.file('/ws') }),
      asRelativePath: (u: Uri) => u.path.replace(/^\/ws\//, ''),
      findFiles: async () => [...new Set([...documents.map((d) => d.uri.toString()), ...disk.keys()])].map((k) => Uri.parse(k)),
      fs: {
        stat: async () => ({ size: 0 }),
        // the bytes are read now; a held read only answers later (what a deletion meanwhile does not change)
        readFile: async (u: Uri) => {
          const bytes = new TextEncoder().encode(disk.get(u.toString()) ?? documents.find((d) => d.uri.toString() === u.toString())?.text ?? '');
          reads.fire(u.toString());
          await readsHeld;
          return bytes;
        },
      },
      createFileSystemWatcher: () => {
        const onDidDelete = new EventEmitter<Uri>();
        deletions.push(onDidDelete);
        return { onDidCreate: () => disposable, onDidChange: () => disposable, onDidDelete: onDidDelete.event, dispose() {} };
      },
      registerTextDocumentContentProvider: () => disposable,
      onDidOpenTextDocument: onDidOpenTextDocument.event, onDidCloseTextDocument: onDidCloseTextDocument.event, onDidDeleteFiles: () => disposable, onDidSaveTextDocument: () => disposable, onDidGrantWorkspaceTrust: () => disposable,
      onDidChangeConfiguration: () => disposable, onDidChangeWorkspaceFolders: () => disposable,
      onDidChangeTextDocument: onDidChangeTextDocument.event,
    },
    commands: { registerCommand: () => disposable, executeCommand: async () => undefined },
  };
  return {
    api,
    diagnostics,
    log,
    /** resolves on the next diagnostics publication */
    nextPublication: () => new Promise<void>((resolve) => { const d = onDidAnalyzeDiagnostics.event(() => { d.dispose(); resolve(); }); }),
    /** A file on disk, not open in an editor. */
    addFile(path: string, text: string): void {
      disk.set(Uri.file(path).toString(), text);
    },
    /** Opens a file of the disk in an editor (fires the open event); its edits stay off the disk. */
    openFile(path: string): DoubleDocument {
      const doc = this.addDocument(path, disk.get(Uri.file(path).toString()) ?? '');
      onDidOpenTextDocument.fire(doc);
      return doc;
    },
    /** Deletes a file of the disk (not open) and tells the watchers. */
    deleteFile(path: string): void {
      const uri = Uri.file(path);
      disk.delete(uri.toString());
      for (const e of deletions) e.fire(uri);
    },
    /** Sets another language, as VS Code does: the document is closed and opened again (the same object). */
    changeLanguage(doc: DoubleDocument, languageId: string): void {
      onDidCloseTextDocument.fire(doc);
      doc.languageId = languageId;
      onDidOpenTextDocument.fire(doc);
    },
    /** Disk reads wait until the returned function is called; resolves `reading` at the first read. */
    holdReads(): { release: () => void; reading: Promise<string> } {
      let release = () => {};
      readsHeld = new Promise<void>((resolve) => { release = () => { readsHeld = undefined; resolve(); }; });
      const reading = new Promise<string>((resolve) => { const d = reads.event((uri) => { d.dispose(); resolve(uri); }); });
      return { release, reading };
    },
    addDocument(path: string, text: string): DoubleDocument {
      const doc: DoubleDocument = { uri: Uri.file(path), languageId: 'yaml', text, version: 1, isClosed: false, getText() { return this.text; } };
      documents.push(doc);
      return doc;
    },
    /**
     * Changes the document's text now and returns what fires the change event, so that a measure can
     * leave out the double's own string work (VS Code does that in another process).
     */
    prepareEdit(doc: DoubleDocument, offset: number, deleteCount: number, text: string): () => void {
      return this.prepareEdits(doc, [{ offset, deleteCount, text }]);
    },
    /** Several changes in one event (multi-cursor), each applied to the text the previous ones left. */
    prepareEdits(doc: DoubleDocument, changes: { offset: number; deleteCount: number; text: string }[]): () => void {
      for (const c of changes) doc.text = doc.text.slice(0, c.offset) + c.text + doc.text.slice(c.offset + c.deleteCount);
      doc.version++;
      const contentChanges = changes.map((c) => ({ rangeOffset: c.offset, rangeLength: c.deleteCount, text: c.text }));
      return () => onDidChangeTextDocument.fire({ document: doc, contentChanges });
    },
  };
}
