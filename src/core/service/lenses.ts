// Lenses with what the controller and the binder will do, as plain data: pod names on a StatefulSet,
// each claim and the PV it binds on its template, and on PVs and PVCs who binds them. Large sets stay
// short. The editor turns them into CodeLens objects (providers/codeLens.ts).
import type { Analysis } from '../analysis';
import type { PersistentVolumeClaim, StatefulSet } from '../model';
import { outcomesOf, type ClaimOutcome, type PlannedClaim, type UnitOutcomes } from '../outcomes';
import { outcomeArrow } from '../planText';
import type { Range } from '../position';
import { DEFAULT_PROFILE } from '../profile';
import { ordinalRange, podName, summarizeNames } from '../names';
import { unitOfFile } from '../project/unitOf';
import type { ProjectAnalysis } from '../project/project';
import type { LensData } from './protocol';

const CLAIMS_PER_TEMPLATE = 3;
const MAX_REASON = 60;

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
const at = (span: SpanLike): Range => span.src.rangeOf(span.start, span.end);
const reveal = (o: { src: { file: string }; nameSpan: SpanLike }): [string, Range] => [o.src.file, at(o.nameSpan)];
const lens = (range: Range, title: string, command: LensData['command'], args: readonly unknown[], tooltip?: string): LensData =>
  (tooltip === undefined ? { range, title, command, arguments: args } : { range, title, tooltip, command, arguments: args });

/**
 * The lenses of `file`, from its unit's own analysis and profile (claims bind only inside their unit).
 * The outcomes are computed here, when lenses are asked for, once per unit analysis (outcomesOf memoizes).
 */
export function lensesFor(project: Analysis | ProjectAnalysis, file: string): LensData[] {
  const unit = unitOfFile(project, file);
  const analysis = unit?.analysis ?? project;
  const outcomes = outcomesOf(analysis, unit?.profile ?? DEFAULT_PROFILE);
  const lenses: LensData[] = [];
  for (const set of analysis.index.statefulSets()) {
    if (set.src.file === file) setLenses(set, analysis, outcomes, lenses);
  }
  volumeLenses(analysis, outcomes, file, lenses);
  claimLenses(analysis, outcomes, file, lenses);
  return lenses;
}

function volumeLenses(analysis: Analysis, outcomes: UnitOutcomes, file: string, lenses: LensData[]): void {
  const binders = new Map<string, PlannedClaim>();
  for (const list of outcomes.bySet.values()) for (const c of list) if (c.bindsTo) binders.set(c.bindsTo, c);
  for (const c of outcomes.standalone) if (c.bindsTo) binders.set(c.bindsTo, c);
  for (const pv of analysis.index.volumes()) {
    if (pv.src.file !== file) continue;
    const c = binders.get(pv.name);
    if (!c) { lenses.push(lens(at(pv.nameSpan), 'No claim in this unit binds it', '', [])); continue; }
    const by = c.pvc ?? c.set;
    const title = `Bound by ${c.namespace}/${c.name}${c.set && c.ordinal !== undefined ? ` (pod ${podName(c.set.name, c.ordinal)})` : ''}`;
    lenses.push(lens(at(pv.nameSpan), title, 'revealObject', c.pvc ? reveal(c.pvc) : by ? [by.src.file, templateRange(c)] : []));
  }
}

function claimLenses(analysis: Analysis, outcomes: UnitOutcomes, file: string, lenses: LensData[]): void {
  const byPvc = new Map<PersistentVolumeClaim, PlannedClaim>();
  for (const list of outcomes.bySet.values()) for (const c of list) if (c.pvc) byPvc.set(c.pvc, c);
  for (const c of outcomes.standalone) if (c.pvc && !byPvc.has(c.pvc)) byPvc.set(c.pvc, c);
  for (const pvc of analysis.index.claims()) {
    if (pvc.src.file !== file) continue;
    const c = byPvc.get(pvc);
    if (!c) continue;
    const volume = c.bindsTo ? analysis.index.volumes().find((v) => v.name === c.bindsTo) : undefined;
    const pod = c.set && c.ordinal !== undefined ? ` (pod ${podName(c.set.name, c.ordinal)})` : '';
    lenses.push(volume && !c.ifDefaultClass
      ? lens(at(pvc.nameSpan), `→ ${volume.name}${pod}`, 'revealObject', reveal(volume), tooltipOf(c))
      : lens(at(pvc.nameSpan), claimLensTitle(c).replace(`${c.name} `, ''), volume ? 'revealObject' : '', volume ? reveal(volume) : [], tooltipOf(c)));
  }
}

function templateRange(c: PlannedClaim): Range | undefined {
  const t = c.set?.claimTemplates.find((x) => x.name === c.template);
  return t ? at(t.nameSpan) : undefined;
}

/** On the set's name: its pods, and why the API server refuses it or where its rollout stops; on each template: its claims. */
function setLenses(set: StatefulSet, analysis: Analysis, outcomes: UnitOutcomes, lenses: LensData[]): void {
  const range = ordinalRange(set);
  lenses.push(lens(at(set.nameSpan), `Pods: ${summarizeNames(range, (o) => podName(set.name, o))}`, 'showPlan', [],
    `${range.count} pod${range.count === 1 ? '' : 's'}, ordinals ${range.start}…${range.end}: click for the provisioning plan`));
  const refused = outcomes.rejected.get(set);
  const rollout = outcomes.rollouts.get(set);
  if (refused) {
    const text = `${refused.code} ${refused.reason}: ${refused.message}`;
    lenses.push(lens(at(set.nameSpan), `Rejected by the API server: ${shorten(text)}`, 'showPlan', [], text));
  } else if (rollout?.stopsAt) {
    lenses.push(lens(at(set.nameSpan), `Rollout stops at ${rollout.stopsAt}`, 'showPlan', [], rollout.why));
  }
  const claims = outcomes.bySet.get(set) ?? [];
  for (const t of set.claimTemplates) {
    const mine = claims.filter((c) => c.template === t.name);
    for (const c of mine.slice(0, CLAIMS_PER_TEMPLATE)) {
      // the PV it binds, else its hand-written claim
      const target = (c.bindsTo ? analysis.index.volumes().find((v) => v.name === c.bindsTo) : undefined) ?? c.pvc;
      lenses.push(target
        ? lens(at(t.nameSpan), claimLensTitle(c), 'revealObject', reveal(target), tooltipOf(c))
        : lens(at(t.nameSpan), claimLensTitle(c), 'generateVolumes', [{ file: set.src.file, namespace: set.namespace, name: set.name }], `${tooltipOf(c)}. Click to generate PV/PVC files.`));
    }
    const rest = range.count - Math.min(mine.length, CLAIMS_PER_TEMPLATE);
    if (rest > 0) lenses.push(lens(at(t.nameSpan), `… ${rest} more (to ${t.name}-${podName(set.name, range.end)})`, 'showPlan', []));
  }
}
