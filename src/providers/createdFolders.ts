// Files inside a folder that appears at once — moved in, copied, unzipped, checked out, or written just
// after their folder was created (`mkdir -p dir && write dir/a.yaml`, vscode.workspace.fs.writeFile of a
// new path) — can raise no file event: on Linux the watcher starts watching a new folder only once it
// has seen it, and whatever is in it by then is never reported (parcel-bundler/watcher#243,
// microsoft/vscode#142694). So for each created folder this looks below it for the files of `glob`.
import * as vscode from 'vscode';
import { Disposable } from './disposable';

/** created entries are gathered this long, then looked at together */
const SETTLE_MS = 200;
/** more created entries than this in one burst (a build writing its output): one search of the workspace instead of a stat each */
const MAX_STATS = 20;

export class CreatedFolders extends Disposable {
  private readonly created = new Map<string, vscode.Uri>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** `found`: each file of `glob` below a created folder (also those the watcher did report) */
  constructor(private readonly glob: string, private readonly maxResults: () => number, private readonly found: (file: vscode.Uri) => void) {
    super();
    const watcher = this._register(vscode.workspace.createFileSystemWatcher('**/*', false, true, true));
    watcher.onDidCreate(this.onCreate, this, this._disposables);
    this._register({ dispose: () => clearTimeout(this.timer) });
  }

  private onCreate(uri: vscode.Uri): void {
    if (/\.ya?ml$/i.test(uri.path)) return; // a file the YAML watcher reports itself
    this.created.set(uri.toString(), uri);
    this.timer ??= setTimeout(() => void this.look().catch(() => undefined), SETTLE_MS);
  }

  private async look(): Promise<void> {
    this.timer = undefined;
    const keys = [...this.created.keys()];
    // only the topmost: a search below a folder covers the folders created inside it
    const top = keys.filter((k) => !keys.some((other) => other !== k && k.startsWith(`${other}/`))).map((k) => this.created.get(k)!);
    this.created.clear();
    if (top.length > MAX_STATS) { this.report(await vscode.workspace.findFiles(this.glob, null, this.maxResults())); return; }
    for (const uri of top) {
      const stat = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
      // FileType is a bit set: a symbolic link to a folder is Directory | SymbolicLink
      if (!stat || !(stat.type & vscode.FileType.Directory)) continue;
      this.report(await vscode.workspace.findFiles(new vscode.RelativePattern(uri, this.glob), null, this.maxResults()));
    }
  }

  private report(files: readonly vscode.Uri[]): void {
    if (this.isDisposed) return;
    for (const f of files) this.found(f);
  }
}
