// Kustomize renders on the engine's side: the editor runs `kubectl kustomize` (a child process of the
// main thread) and sends its output here; the findings of the rendering are computed here and replace
// those of the unrendered reading while the unit's files keep the text that was rendered.
import type { AnalysisOptions } from '../analysis';
import type { Finding } from '../findings';
import { analyzeRendered } from '../kustomize/rendered';
import { withRenderedFindings, type RenderedFindings } from '../kustomize/overlay';
import { kustomizeRenderUnits } from '../kustomize/renderUnits';
import { Workspace } from '../analysis';
import { filterFindings } from '../project/findingFilters';
import type { Project, ProjectAnalysis } from '../project/project';
import type { RenderResult, RenderUnitInfo } from './protocol';

/** FNV-1a over the files and texts: a render is reused only for the very texts it rendered. */
export function signatureOf(texts: readonly { file: string; text: string }[]): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (const t of texts) {
    for (const s of [t.file, '\0', t.text, '\0']) {
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        a = Math.imul(a ^ c, 0x01000193);
        b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 13);
      }
    }
  }
  return `${(a >>> 0).toString(16)}${(b >>> 0).toString(16)}:${texts.reduce((n, t) => n + t.text.length, 0)}`;
}

export class Renders {
  private readonly done = new Map<string, { signature: string; findings: readonly Finding[] }>();

  forget(): void {
    this.done.clear();
  }

  /** The top kustomizations of the project (files of the editor's folders only) with their signatures. */
  units(project: Project): (RenderUnitInfo & { texts: { file: string; text: string }[] })[] {
    return kustomizeRenderUnits(project.fileNames(), (f) => project.parsed(f)).filter((u) => u.root.startsWith('file:')).map((u) => {
      const texts = u.files.flatMap((file) => { const text = project.textOf(file); return text === undefined ? [] : [{ file, text }]; });
      // what the findings are made with besides the texts: a config edit (target cluster, rules) renders again
      const made = JSON.stringify([project.unitFor(u.root)?.profile ?? null, [...project.rulesFor(u.root)]]);
      return { ...u, signature: signatureOf([...texts, { file: '', text: made }]), texts };
    });
  }

  /** kubectl's answer for a unit: its findings, placed in the source files. */
  record(project: Project, result: RenderResult): void {
    const unit = this.units(project).find((u) => u.root === result.root);
    if (!unit || unit.signature !== result.signature) return; // the files changed since: a newer render follows
    const options = optionsFor(project, unit.root);
    let findings: readonly Finding[];
    if (result.output !== undefined) {
      findings = analyzeRendered({ kustomizationFile: unit.root, rendered: result.output, sources: unit.texts }, options).findings;
    } else {
      // kubectl's error on the kustomization; the files read unrendered meanwhile, as the CLI does
      const plain = new Workspace({ ...options, kustomizeRenderError: result.error });
      for (const t of unit.texts) plain.setFile(t.file, t.text);
      findings = plain.analyze().findings;
    }
    // the config's rule settings and the files' ignore comments, as the unrendered reading's findings get them
    const { kept } = filterFindings(findings, project.rulesFor(unit.root), (f) => project.parsed(f));
    this.done.set(unit.root, { signature: result.signature, findings: kept });
  }

  /** The analysis with the finished renders of units whose files are unchanged and saved. */
  apply(analysis: ProjectAnalysis, units: readonly RenderUnitInfo[], dirty: ReadonlySet<string>): ProjectAnalysis {
    const rendered: RenderedFindings[] = [];
    for (const unit of units) {
      const done = this.done.get(unit.root);
      if (done?.signature === unit.signature && !unit.files.some((f) => dirty.has(f))) rendered.push({ files: unit.files, findings: done.findings });
    }
    const roots = new Set(units.map((u) => u.root));
    for (const root of this.done.keys()) if (!roots.has(root)) this.done.delete(root);
    return withRenderedFindings(analysis, rendered);
  }
}

/** The analysis options of the root's deployment unit: its target cluster, namespace and live state. */
function optionsFor(project: Project, root: string): AnalysisOptions {
  const unit = project.unitFor(root);
  const base: AnalysisOptions = { defaultNamespace: project.options.defaultNamespace, limits: project.options.limits, live: project.liveFor(root) };
  return unit ? { ...base, profile: unit.profile, defaultNamespace: unit.profile.namespace ?? base.defaultNamespace } : base;
}
