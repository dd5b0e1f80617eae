// The editor's side of Kustomize rendering: each top kustomization of the workspace is rendered with
// `kubectl kustomize DIR` (src/edge/kubectl.ts: argv, time limit, abort) when its files are saved; the
// output goes to the engine, which replaces the unrendered reading's findings with the rendering's
// (core/service/renders.ts). Renders run in the background, one per kustomization at a time; a newer
// edit aborts an older render. Only in a trusted workspace (kustomize may fetch remote bases;
// statefulsetStorage.kubectlPath names the program). A failed kubectl lookup is retried after a back-off
// (kubectlLookup.ts), so one `kubectl version` too slow on a loaded machine does not turn rendering off
// for the session; the unrendered reading, with a note saying why, shows meanwhile.
import * as vscode from 'vscode';
import type { RenderResult, RenderUnitInfo } from '../core/service/protocol';
import { findKubectl, renderKustomization } from '../edge/kubectl';
import { Disposable } from './disposable';
import { KubectlLookup } from './kubectlLookup';
import { Settings } from './settings';

export class KustomizeRenderer extends Disposable {
  private readonly lookup: KubectlLookup;
  /** after a failed lookup: asks for an analysis when its back-off is over, which renders (and looks) again */
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** per kustomization: the signature of the texts last rendered (or being rendered) */
  private readonly requested = new Map<string, string>();
  private readonly running = new Map<string, { signature: string; abort: AbortController }>();
  private readonly _onDidRender = this._register(new vscode.EventEmitter<void>());
  /** a render finished (or kubectl turned out to be unavailable): a new analysis shows it */
  readonly onDidRender = this._onDidRender.event;

  constructor(private readonly settings: () => Settings) {
    super();
    this.lookup = new KubectlLookup(() => findKubectl(this.settings().kubectlPath || undefined));
    this._register({ dispose: () => this.reset() });
  }

  /** Forgets kubectl and every render (settings changed). */
  reset(): void {
    this.forgetRenders();
    this.lookup.forget();
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  /**
   * The engine forgot its renders (a new Project: every rescan): renders running for the old one are
   * dropped and each kustomization is rendered again on the next analysis; kubectl is kept.
   */
  forgetRenders(): void {
    for (const r of this.running.values()) r.abort.abort();
    this.running.clear();
    this.requested.clear();
  }

  /** Why the unrendered reading is shown: the note on each top kustomization. */
  reason(): string {
    if (!this.settings().kustomizeRender) return 'rendering is turned off (statefulsetStorage.kustomize.render)';
    if (!vscode.workspace.isTrusted) return 'kubectl is not run in an untrusted workspace';
    const last = this.lookup.last;
    if (last && 'unavailable' in last) return last.unavailable;
    return 'kubectl kustomize renders saved files: the render is not done yet, or a file has unsaved changes';
  }

  /** Whether renders are applied at all (the engine then reports the kustomizations to render). */
  wanted(): boolean {
    // without a kubectl that renders, the unrendered reading (with its note saying why) is all there is
    // until the failed lookup's back-off is over
    return this.settings().kustomizeRender && vscode.workspace.isTrusted && this.lookup.mayRender();
  }

  /** Starts a render for each saved kustomization whose texts were not rendered yet; `send` hands kubectl's answer to the engine. */
  consider(units: readonly RenderUnitInfo[], dirty: ReadonlySet<string>, send: (result: RenderResult) => void): void {
    if (!this.wanted()) return;
    for (const unit of units) {
      if (unit.files.some((f) => dirty.has(f))) {
        // Unsaved: the engine drops a render of other texts that lands now, so once the files are back to
        // texts asked before (an undo, a revert) they must be rendered again, not counted as asked.
        this.requested.delete(unit.root);
        continue;
      }
      if (this.requested.get(unit.root) !== unit.signature) this.start(unit, send);
    }
    const roots = new Set(units.map((u) => u.root));
    for (const root of this.requested.keys()) if (!roots.has(root)) this.requested.delete(root);
  }

  private start(unit: RenderUnitInfo, send: (result: RenderResult) => void): void {
    this.running.get(unit.root)?.abort.abort();
    const abort = new AbortController();
    this.requested.set(unit.root, unit.signature);
    this.running.set(unit.root, { signature: unit.signature, abort });
    void this.render(unit, abort, send).finally(() => {
      if (this.running.get(unit.root)?.abort === abort) this.running.delete(unit.root);
    });
  }

  private async render(unit: RenderUnitInfo, abort: AbortController, send: (result: RenderResult) => void): Promise<void> {
    const hadFailed = this.lookup.failed;
    const choice = await this.lookup.get();
    // even when this render was dropped meanwhile: nothing else would ask again once the back-off is over
    if ('unavailable' in choice) this.retryLater();
    if (abort.signal.aborted || this.isDisposed) return;
    if ('unavailable' in choice || hadFailed) {
      // Not rendered now: the next consider() starts this unit again, after the back-off (the timer asks
      // for that analysis) — or, kubectl found after a failure, at once: the note changed, so the host
      // reads the workspace into a new Project, which would drop a render made before it.
      if (this.requested.get(unit.root) === unit.signature) this.requested.delete(unit.root);
      this._onDidRender.fire();
      return;
    }
    const result = await renderKustomization(choice.kubectl, vscode.Uri.parse(unit.dir).fsPath, abort.signal);
    if (abort.signal.aborted || this.isDisposed) return;
    send({ root: unit.root, signature: unit.signature, ...('output' in result ? { output: result.output } : { error: result.error }) });
    this._onDidRender.fire();
  }

  private retryLater(): void {
    const wait = this.lookup.retryInMs();
    if (this.retryTimer || wait === undefined || this.isDisposed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.isDisposed) this._onDidRender.fire();
    }, wait);
  }
}
