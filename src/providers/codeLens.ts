// Lenses with what the controller and the binder will do: pod names on a StatefulSet, each claim and
// the PV it binds on its template, and on PVs and PVCs who binds them. Large sets stay short.
import * as vscode from 'vscode';
import type { Analysis } from '../core/analysis';
import type { PersistentVolumeClaim, StatefulSet } from '../core/model';
import type { ClaimOutcome, PlannedClaim, UnitOutcomes } from '../core/outcomes';
import { outcomeArrow } from '../core/planText';
import type { Range } from '../core/position';
import { ClusterProfile, DEFAULT_PROFILE } from '../core/profile';
import { ordinalRange, podName, summarizeNames } from '../core/names';
import { engine } from './loadEngine';
import { unitOfFile } from '../core/project/unitOf';
import { AnalysisHost } from './analysisHost';
import { toRange } from './convert';
import { Disposable } from './disposable';
import { COMMANDS } from './commandIds';

const CLAIMS_PER_TEMPLATE = 3;
const MAX_REASON = 60;

export class StorageCodeLensProvider extends Disposable implements vscode.CodeLensProvider {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this._onDidChange.event;

  constructor(private readonly host: AnalysisHost) {
    super();
    host.onDidAnalyze(() => this._onDidChange.fire(), this, this._disposables);
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const analysis = await this.host.current();
    return lensesFor(analysis, AnalysisHost.keyOf(document.uri));
  }
}

function shorten(text: string): string {
  return text.length > MAX_REASON ? `${text.slice(0, MAX_REASON - 1)}…` : text;
}

/** the reason without the arrow's words ("stays Pending: …", "is never created: …") */
function why(c: ClaimOutcome): string {
  return c.reason.replace(/^stays Pending: /, '').replace(/^is never created: /, '');
}

/** `www-web-0 → pv-0`, `→ new PV`, `→ no PV: why`, `→ not created: why`; with both default-class outcomes, both. */
export function claimLensTitle(c: PlannedClaim): string {
  const head = c.outcome === 'pending' || c.outcome === 'not-created'
    ? `${c.name} ${c.outcome === 'pending' ? '→ no PV' : '→ not created'}: ${shorten(why(c))}`
    : `${c.name} ${outcomeArrow(c)}`;
  return c.ifDefaultClass ? `${head} (or ${outcomeArrow(c.ifDefaultClass)} if the cluster has a default StorageClass)` : head;
}

function tooltipOf(c: PlannedClaim): string {
  return c.ifDefaultClass ? `Without a default StorageClass: ${c.reason}. With one: ${c.ifDefaultClass.reason}.` : c.reason;
}

type SpanLike = { src: { rangeOf(a: number, b: number): Range }; start: number; end: number };
const at = (span: SpanLike) => toRange(span.src.rangeOf(span.start, span.end));
const reveal = (o: { src: { file: string }; nameSpan: SpanLike }) => [o.src.file, o.nameSpan.src.rangeOf(o.nameSpan.start, o.nameSpan.end)];

/** The lenses of `file`, from its unit's own analysis and profile (claims bind only inside their unit). */
export function lensesFor(project: Analysis, file: string): vscode.CodeLens[] {
  const unit = unitOfFile(project, file);
  const analysis = unit?.analysis ?? project;
  const profile: ClusterProfile = unit?.profile ?? DEFAULT_PROFILE;
  const lenses: vscode.CodeLens[] = [];
  const outcomes = engine().outcomesOf(analysis, profile);
  for (const set of analysis.index.statefulSets()) {
    if (set.src.file === file) setLenses(set, analysis, outcomes, lenses);
  }
  const binders = new Map<string, PlannedClaim>();
  for (const list of outcomes.bySet.values()) for (const c of list) if (c.bindsTo) binders.set(c.bindsTo, c);
  for (const c of outcomes.standalone) if (c.bindsTo) binders.set(c.bindsTo, c);
  for (const pv of analysis.index.volumes()) {
    if (pv.src.file !== file) continue;
    const c = binders.get(pv.name);
    const by = c?.pvc ?? c?.set;
    lenses.push(new vscode.CodeLens(at(pv.nameSpan), c
      ? { title: `Bound by ${c.namespace}/${c.name}${c.set && c.ordinal !== undefined ? ` (pod ${podName(c.set.name, c.ordinal)})` : ''}`, command: COMMANDS.revealObject, arguments: c.pvc ? reveal(c.pvc) : by ? [by.src.file, templateRange(c)] : [] }
      : { title: 'No claim in this unit binds it', command: '' }));
  }
  const byPvc = new Map<PersistentVolumeClaim, PlannedClaim>();
  for (const list of outcomes.bySet.values()) for (const c of list) if (c.pvc) byPvc.set(c.pvc, c);
  for (const c of outcomes.standalone) if (c.pvc && !byPvc.has(c.pvc)) byPvc.set(c.pvc, c);
  for (const pvc of analysis.index.claims()) {
    if (pvc.src.file !== file) continue;
    const c = byPvc.get(pvc);
    if (!c) continue;
    const volume = c.bindsTo ? analysis.index.volumes().find((v) => v.name === c.bindsTo) : undefined;
    const pod = c.set && c.ordinal !== undefined ? ` (pod ${podName(c.set.name, c.ordinal)})` : '';
    lenses.push(new vscode.CodeLens(at(pvc.nameSpan), volume && !c.ifDefaultClass
      ? { title: `→ ${volume.name}${pod}`, tooltip: tooltipOf(c), command: COMMANDS.revealObject, arguments: reveal(volume) }
      : { title: claimLensTitle(c).replace(`${c.name} `, ''), tooltip: tooltipOf(c), command: volume ? COMMANDS.revealObject : '', arguments: volume ? reveal(volume) : [] }));
  }
  return lenses;
}

function templateRange(c: PlannedClaim): Range | undefined {
  const t = c.set?.claimTemplates.find((x) => x.name === c.template);
  return t ? t.nameSpan.src.rangeOf(t.nameSpan.start, t.nameSpan.end) : undefined;
}

/** On the set's name: its pods, and why the API server refuses it or where its rollout stops; on each template: its claims. */
function setLenses(set: StatefulSet, analysis: Analysis, outcomes: UnitOutcomes, lenses: vscode.CodeLens[]): void {
  const range = ordinalRange(set);
  lenses.push(new vscode.CodeLens(at(set.nameSpan), {
    title: `Pods: ${summarizeNames(range, (o) => podName(set.name, o))}`,
    tooltip: `${range.count} pod${range.count === 1 ? '' : 's'}, ordinals ${range.start}…${range.end}: click for the provisioning plan`,
    command: COMMANDS.showPlan,
    arguments: [],
  }));
  const refused = outcomes.rejected.get(set);
  const rollout = outcomes.rollouts.get(set);
  if (refused) {
    const text = `${refused.code} ${refused.reason}: ${refused.message}`;
    lenses.push(new vscode.CodeLens(at(set.nameSpan), { title: `Rejected by the API server: ${shorten(text)}`, tooltip: text, command: COMMANDS.showPlan, arguments: [] }));
  } else if (rollout?.stopsAt) {
    lenses.push(new vscode.CodeLens(at(set.nameSpan), { title: `Rollout stops at ${rollout.stopsAt}`, tooltip: rollout.why, command: COMMANDS.showPlan, arguments: [] }));
  }
  const claims = outcomes.bySet.get(set) ?? [];
  for (const t of set.claimTemplates) {
    const mine = claims.filter((c) => c.template === t.name);
    for (const c of mine.slice(0, CLAIMS_PER_TEMPLATE)) {
      // the PV it binds, else its hand-written claim
      const target = (c.bindsTo ? analysis.index.volumes().find((v) => v.name === c.bindsTo) : undefined) ?? c.pvc;
      lenses.push(new vscode.CodeLens(at(t.nameSpan), target
        ? { title: claimLensTitle(c), tooltip: tooltipOf(c), command: COMMANDS.revealObject, arguments: reveal(target) }
        : {
          title: claimLensTitle(c), tooltip: `${tooltipOf(c)}. Click to generate PV/PVC files.`, command: COMMANDS.generateVolumes,
          arguments: [{ file: set.src.file, namespace: set.namespace, name: set.name }],
        }));
    }
    const rest = range.count - Math.min(mine.length, CLAIMS_PER_TEMPLATE);
    if (rest > 0) {
      lenses.push(new vscode.CodeLens(at(t.nameSpan), {
        title: `… ${rest} more (to ${t.name}-${podName(set.name, range.end)})`, command: COMMANDS.showPlan, arguments: [],
      }));
    }
  }
}
