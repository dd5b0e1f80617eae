// The engine's side of the protocol (protocol.ts): owns the Project and answers requests with plain
// data. The same object runs in the worker thread (src/worker/engineWorker.ts) and, as a fallback and
// in tests, on the editor's thread (providers/inProcessEngine.ts). No I/O here: texts come in
// messages, answers go out as return values.
import { Project, type ProjectAnalysis } from '../project/project';
import { buildUnitPlans } from '../plan';
import { formatUnitPlansText } from '../planText';
import { fixesFor } from '../fixes';
import { unitMergeFix } from '../project/crossUnit';
import { analysisOfFile } from '../project/unitOf';
import { DEFAULT_LIMITS } from '../source';
import { GenerateRefused } from '../generate';
import type { ClusterSnapshot } from '../clusterSnapshot';
import { DiagnosticsDelta } from './diagnosticsDelta';
import { splitChanged } from './answerParts';
import { dirOf } from '../project/paths';
import { generateDefaults, generateFor, SetGone } from './generateRequests';
import { hoverAt } from './hover';
import { objectsOf, simulateWorkspace } from './inspect';
import { lensesFor } from './lenses';
import type { AnalyzeResult, EngineOptions, FixesData, FromEngine, Mutation, RenderUnitInfo, Request, RequestOf, ResultOf, ToEngine, UnitSources } from './protocol';
import type { Position } from '../position';
import { Renders } from './renders';
import { setsOf, stepsOf, treeOf } from './sets';

const DEFAULT_ENGINE_OPTIONS: EngineOptions = { defaultNamespace: 'default', maxFileBytes: DEFAULT_LIMITS.maxFileBytes, settings: {}, kustomizeNotRendered: '' };

export class EngineService {
  private project: Project;
  private version = 0;
  private readonly renders = new Renders();
  private readonly delta = new DiagnosticsDelta();
  /** the analysis answers are computed from (renders applied), until the next mutation */
  private analysis: ProjectAnalysis | undefined;
  private renderUnits: readonly RenderUnitInfo[] = [];
  /** what the editor said in its last `analyze`: whether it renders, and which files have unsaved edits */
  private view: { render: boolean; dirty: ReadonlySet<string> } = { render: false, dirty: new Set() };
  /** the last live snapshots sent (live mode): a reset's new Project gets them too */
  private snapshots: { map: ReadonlyMap<string, ClusterSnapshot>; currentContext: string | undefined } | undefined;

  constructor(options: EngineOptions = DEFAULT_ENGINE_OPTIONS) {
    this.project = this.newProject(options);
  }

  /** One message in; the messages out, to send in order: none for a mutation, the answer (in parts when big) for a request. */
  receive(message: ToEngine): FromEngine[] {
    if (message.kind === 'mutate') {
      this.mutate(message.mutation);
      this.version = message.version;
      return [];
    }
    let result: ResultOf[Request['type']];
    try {
      result = this.answer(message.request);
    } catch (e) {
      const err = e as Error;
      const refused = e instanceof GenerateRefused || e instanceof SetGone;
      return [{ kind: 'error', id: message.id, version: this.version, message: err.message ?? String(e), ...(err.stack ? { stack: err.stack } : {}), ...(refused ? { refused } : {}) }];
    }
    if (message.request.type !== 'analyze') return [{ kind: 'result', id: message.id, version: this.version, result }];
    // the diagnostics of an analysis in parts of a few hundred findings; the last one completes it
    const analyzed = result as AnalyzeResult;
    const parts = splitChanged(analyzed.changed);
    const last = parts.pop() ?? [];
    return [
      ...parts.map((changed): FromEngine => ({ kind: 'part', id: message.id, changed })),
      { kind: 'result', id: message.id, version: this.version, result: { ...analyzed, changed: last } },
    ];
  }

  /** A Project with the editor's options and the live snapshots last sent (they outlive a reset). */
  private newProject(o: EngineOptions): Project {
    return new Project({
      defaultNamespace: o.defaultNamespace, limits: { ...DEFAULT_LIMITS, maxFileBytes: o.maxFileBytes }, settings: o.settings, kustomizeNotRendered: o.kustomizeNotRendered,
      ...(this.snapshots ? { snapshots: this.snapshots.map, currentContext: this.snapshots.currentContext } : {}),
    });
  }

  private mutate(m: Mutation): void {
    this.analysis = undefined;
    switch (m.type) {
      case 'reset': this.project = this.newProject(m.options); this.renders.forget(); return;
      case 'setFile': this.project.setFile(m.file, m.text); return;
      case 'applyChanges': this.project.applyChanges(m.file, m.changes); return;
      case 'deleteFile': this.project.deleteFile(m.file); return;
      case 'rendered': this.renders.record(this.project, m.result); return;
      case 'forgetRenders': this.renders.forget(); return;
      case 'setClusterSnapshots':
        this.snapshots = { map: new Map(Object.entries(m.snapshots)), currentContext: m.currentContext };
        this.project.setClusterSnapshots(this.snapshots.map, m.currentContext);
        return;
    }
  }

  /** The analysis with the renders of the last `analyze` request's view (render on, dirty files). */
  private current(): ProjectAnalysis {
    return (this.analysis ??= this.rendered(this.project.analyze()));
  }

  private rendered(unrendered: ProjectAnalysis): ProjectAnalysis {
    if (!this.view.render) { this.renderUnits = []; return unrendered; }
    const units = this.renders.units(this.project);
    this.renderUnits = units.map(({ root, dir, files, signature }) => ({ root, dir, files, signature }));
    return this.renders.apply(unrendered, this.renderUnits, this.view.dirty);
  }

  private answer(r: Request): ResultOf[Request['type']] {
    switch (r.type) {
      case 'analyze': return this.analyze(r.dirty, r.render);
      case 'lenses': return lensesFor(this.current(), r.file);
      case 'hover': return hoverAt(this.current(), r.file, r.position);
      case 'fixes': return this.fixes(r.file, r.findings);
      case 'planText': return formatUnitPlansText(buildUnitPlans(this.current()));
      case 'sets': return setsOf(this.current());
      case 'tree': return treeOf(this.current());
      case 'setSteps': return stepsOf(this.current(), r.set);
      case 'generateDefaults': return { ...generateDefaults(this.current()), ...(r.file ? { config: this.project.generateConfigFor(dirOf(r.file)) } : {}) };
      case 'generate': return generateFor(this.current(), r.set, r.options);
      case 'simulate': return simulateWorkspace(this.current(), r.existing);
      case 'unitSources': return this.unitSources(r.file);
      case 'fileNames': return this.project.fileNames();
      case 'namespacesByContext': return Object.fromEntries(this.project.namespacesByContext(r.currentContext));
      case 'objects': return objectsOf(this.current());
    }
  }

  /** The analysis with the finished renders; diagnostics of the files that changed since the last answer. */
  private analyze(dirty: readonly string[], render: boolean): AnalyzeResult {
    this.view = { render, dirty: new Set(dirty) };
    this.analysis = undefined;
    const a = this.current();
    return {
      statefulSetCount: a.statefulSetCount,
      changed: this.delta.next(a),
      internalErrors: a.findings.filter((f) => f.code === 'internal-error'),
      renderUnits: this.renderUnits,
      files: this.project.fileNames().length,
      findings: a.findings.length,
    };
  }

  private fixes(file: string, wanted: RequestOf<'fixes'>['findings']): FixesData {
    const analysis = this.current();
    const findings = analysis.findingsFor(file);
    const same = (a: Position, b: Position) => a.line === b.line && a.character === b.character;
    return {
      perFinding: wanted.map((w) => {
        const finding = findings.find((f) => f.code === w.code && same(f.range.start, w.range.start) && same(f.range.end, w.range.end));
        if (!finding) return null;
        const merge = unitMergeFix(finding, this.project.configFiles(), (f) => this.project.textOf(f));
        return [...fixesFor(finding, analysisOfFile(analysis, file)), ...(merge ? [merge] : [])];
      }),
    };
  }

  private unitSources(file: string): UnitSources | undefined {
    const ws = this.project.workspaceFor(file);
    if (!ws) return undefined;
    const files = ws.fileNames().flatMap((f) => { const text = ws.parsed(f)?.text; return text === undefined ? [] : [{ file: f, text }]; });
    const unit = this.project.unitFor(file);
    return { files, options: ws.options, rules: Object.fromEntries(unit ? this.project.rulesFor(unit.unit.root) : []) };
  }

  /** The delta starts over (the editor's collection was cleared, e.g. after the engine restarted). */
  resetDiagnostics(): void {
    this.delta.reset();
  }
}
