// Files inside a folder that appears at once — moved in, copied, unzipped, checked out, or written just
// after their folder was created (`mkdir -p dir && write dir/a.yaml`, vscode.workspace.fs.writeFile of a
// new path) — can raise no file event: on Linux the watcher starts watching a new folder only once it
// has seen it, and whatever is in it by then is never reported (parcel-bundler/watcher#243,
// microsoft/vscode#142694). So for each created folder this looks below it for the files of `glob`.
import * as vscode from 'vscode';
import { Disposable } from './disposable';

/** created entries are gathered this long, then looked at together */
const SETTLE_MS = 200;
/** more created folders than this in one burst: one search of the workspace instead of a stat each */
const MAX_STATS = 20;
/**
 * Entries that may be folders: a name without a dot. A build or a save creates files with extensions
 * all the time; looking at each (a stat, then a search) would cost on every save, while folders moved
 * in with YAML files in them (`overlays/prod`, `base`) rarely have a dot in their name.
 */
const mayBeFolder = (uri: vscode.Uri) => !uri.path.slice(uri.path.lastIndexOf('/') + 1).includes('.');

export class CreatedFolders extends Disposable {
  private readonly created = new Map<string, vscode.Uri>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * `onDidCreate`: each entry created in the workspace (from the caller's watcher of every entry, which the
   * caller also uses for deletions); `found`: each file of `glob` below a created folder (also those the
   * watcher did report)
   */
  constructor(
    onDidCreate: vscode.Event<vscode.Uri>,
    private readonly glob: string,
    private readonly options: { readonly maxResults: () => number; readonly excluded: (uri: vscode.Uri) => boolean },
    private readonly found: (file: vscode.Uri) => void,
  ) {
    super();
    onDidCreate(this.onCreate, this, this._disposables);
    this._register({ dispose: () => clearTimeout(this.timer) });
  }

  private onCreate(uri: vscode.Uri): void {
    if (!mayBeFolder(uri) || this.options.excluded(uri)) return; // YAML files: the YAML watcher reports them
    this.created.set(uri.toString(), uri);
    this.timer ??= setTimeout(() => void this.look().catch(() => undefined), SETTLE_MS);
  }

  private async look(): Promise<void> {
    this.timer = undefined;
    // only the topmost: a search below a folder covers the folders created inside it
    const top = [...this.created].filter(([key]) => !this.hasCreatedAncestor(key)).map(([, uri]) => uri);
    this.created.clear();
    if (top.length > MAX_STATS) { this.report(await vscode.workspace.findFiles(this.glob, null, this.options.maxResults())); return; }
    for (const uri of top) {
      const stat = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
      // FileType is a bit set: a symbolic link to a folder is Directory | SymbolicLink
      if (!stat || !(stat.type & vscode.FileType.Directory)) continue;
      this.report(await vscode.workspace.findFiles(new vscode.RelativePattern(uri, this.glob), null, this.options.maxResults()));
    }
  }

  private hasCreatedAncestor(key: string): boolean {
    for (let i = key.lastIndexOf('/'); i > 0; i = key.lastIndexOf('/', i - 1)) if (this.created.has(key.slice(0, i))) return true;
    return false;
  }

  private report(files: readonly vscode.Uri[]): void {
    if (this.isDisposed) return;
    for (const f of files) this.found(f);
  }
}
