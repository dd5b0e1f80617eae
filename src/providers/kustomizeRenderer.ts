// The editor's side of Kustomize rendering: each top kustomization of the workspace is rendered with
// `kubectl kustomize DIR` (src/edge/kubectl.ts: argv, time limit, abort) when its files are saved, and
// its findings replace those of the unrendered reading once the render is done. Renders run in the
// background, one per kustomization at a time; a newer edit aborts an older render. Only in a trusted
// workspace (kustomize may fetch remote bases; statefulsetStorage.kubectlPath names the program).
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { Analysis, AnalysisOptions } from '../core/analysis';
import type { Project } from '../core/project/project';
import type { Finding } from '../core/findings';
import type { RenderedFindings } from '../core/kustomize/overlay';
import { findKubectl, KubectlChoice, renderKustomization } from '../edge/kubectl';
import { Disposable } from './disposable';
import { engine } from './loadEngine';
import { Settings } from './settings';

interface Unit { readonly root: string; readonly dir: string; readonly files: readonly string[] }

export class KustomizeRenderer extends Disposable {
  private choice: KubectlChoice | undefined;
  private choosing: Promise<KubectlChoice> | undefined;
  private readonly done = new Map<string, { signature: string; findings: readonly Finding[] }>();
  private readonly running = new Map<string, { signature: string; abort: AbortController }>();
  private readonly _onDidRender = this._register(new vscode.EventEmitter<void>());
  /** a render finished (or kubectl turned out to be unavailable): apply() gives a newer result */
  readonly onDidRender = this._onDidRender.event;

  constructor(private readonly settings: () => Settings) {
    super();
    this._register({ dispose: () => this.reset() });
  }

  /** Forgets kubectl and every render (settings changed). */
  reset(): void {
    for (const r of this.running.values()) r.abort.abort();
    this.running.clear();
    this.done.clear();
    this.choice = undefined;
    this.choosing = undefined;
  }

  /** Why the unrendered reading is shown: the note on each top kustomization. */
  reason(): string {
    if (!this.settings().kustomizeRender) return 'rendering is turned off (statefulsetStorage.kustomize.render)';
    if (!vscode.workspace.isTrusted) return 'kubectl is not run in an untrusted workspace';
    if (this.choice && 'unavailable' in this.choice) return this.choice.unavailable;
    return 'kubectl kustomize renders saved files: the render is not done yet, or a file has unsaved changes';
  }

  /** The analysis with the finished renders' findings; starts a render for each kustomization whose files changed. */
  apply<T extends Analysis>(project: Project, analysis: T): T {
    if (!this.settings().kustomizeRender || !vscode.workspace.isTrusted) return analysis;
    // without a kubectl that renders, the unrendered reading (with its note saying why) is all there is
    if (this.choice && 'unavailable' in this.choice) return analysis;
    const units = engine().kustomizeRenderUnits(project.fileNames(), (f) => project.parsed(f)).filter((u) => u.root.startsWith('file:'));
    const dirty = new Set(vscode.workspace.textDocuments.filter((d) => d.isDirty).map((d) => d.uri.toString()));
    const rendered: RenderedFindings[] = [];
    for (const unit of units) {
      if (unit.files.some((f) => dirty.has(f))) continue;
      const texts = unit.files.flatMap((file) => { const text = project.textOf(file); return text === undefined ? [] : [{ file, text }]; });
      const signature = signatureOf(texts);
      const done = this.done.get(unit.root);
      if (done?.signature === signature) rendered.push({ files: unit.files, findings: done.findings });
      else if (this.running.get(unit.root)?.signature !== signature) this.start(unit, texts, signature, optionsFor(project, unit.root));
    }
    const roots = new Set(units.map((u) => u.root));
    for (const root of this.done.keys()) if (!roots.has(root)) this.done.delete(root);
    return engine().withRenderedFindings(analysis, rendered);
  }

  private kubectl(): Promise<KubectlChoice> {
    return (this.choosing ??= findKubectl(this.settings().kubectlPath || undefined).then((c) => (this.choice = c)));
  }

  private start(unit: Unit, texts: { file: string; text: string }[], signature: string, options: AnalysisOptions): void {
    this.running.get(unit.root)?.abort.abort();
    const abort = new AbortController();
    this.running.set(unit.root, { signature, abort });
    void this.render(unit, texts, signature, options, abort).finally(() => {
      if (this.running.get(unit.root)?.abort === abort) this.running.delete(unit.root);
    });
  }

  private async render(unit: Unit, texts: { file: string; text: string }[], signature: string, options: AnalysisOptions, abort: AbortController): Promise<void> {
    const choice = await this.kubectl();
    if ('unavailable' in choice) { this._onDidRender.fire(); return; }
    const result = await renderKustomization(choice.kubectl, vscode.Uri.parse(unit.dir).fsPath, abort.signal);
    if (abort.signal.aborted || this.isDisposed) return;
    const { analyzeRendered, Workspace } = engine();
    let findings: readonly Finding[];
    if ('output' in result) {
      findings = analyzeRendered({ kustomizationFile: unit.root, rendered: result.output, sources: texts }, options).findings;
    } else {
      // kubectl's error on the kustomization; the files read unrendered meanwhile, as the CLI does
      const plain = new Workspace({ ...options, kustomizeRenderError: result.error });
      for (const t of texts) plain.setFile(t.file, t.text);
      findings = plain.analyze().findings;
    }
    this.done.set(unit.root, { signature, findings });
    this._onDidRender.fire();
  }
}

/** The analysis options of the root's deployment unit: its target cluster and namespace. */
function optionsFor(project: Project, root: string): AnalysisOptions {
  const unit = project.unitFor(root);
  const base: AnalysisOptions = { defaultNamespace: project.options.defaultNamespace, limits: project.options.limits };
  return unit ? { ...base, profile: unit.profile, defaultNamespace: unit.profile.namespace ?? base.defaultNamespace } : base;
}

function signatureOf(texts: readonly { file: string; text: string }[]): string {
  const hash = createHash('sha1');
  for (const t of texts) hash.update(t.file).update('\0').update(t.text).update('\0');
  return hash.digest('hex');
}
