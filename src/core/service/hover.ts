// Hovers on a StatefulSet's name, serviceName and claim template names: DNS names of the pods, claim
// names and the binding table, as markdown (the editor makes the unit's label workspace-relative).
import type { Analysis } from '../analysis';
import { outcomesOf, type PlannedClaim } from '../outcomes';
import { outcomeArrow } from '../planText';
import { DEFAULT_PROFILE } from '../profile';
import type { Span, StatefulSet } from '../model';
import { ordinalRange, ordinals, podDnsName, podName } from '../names';
import type { Position, Range } from '../position';
import { unitOfFile } from '../project/unitOf';
import type { ProjectAnalysis } from '../project/project';
import { UNIT_LABEL, type HoverData } from './protocol';

const ROWS = 10;

const rangeOf = (s: Span): Range => s.src.rangeOf(s.start, s.end);
const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);
const contains = (r: Range, p: Position) => before(r.start, p) && before(p, r.end);

export function hoverAt(analysis: Analysis | ProjectAnalysis, file: string, position: Position): HoverData | undefined {
  for (const set of analysis.index.statefulSets()) {
    if (set.src.file !== file) continue;
    const spans: Span[] = [set.nameSpan, ...(set.serviceNameSpan ? [set.serviceNameSpan] : []), ...set.claimTemplates.map((t) => t.nameSpan)];
    const hit = spans.find((s) => contains(rangeOf(s), position));
    if (hit) return { range: rangeOf(hit), ...describe(analysis, set) };
  }
  return undefined;
}

function claimReason(c: PlannedClaim): string {
  return c.ifDefaultClass ? `without a default StorageClass it ${c.reason}; with one it ${c.ifDefaultClass.reason}` : c.reason;
}

function describe(analysis: Analysis | ProjectAnalysis, set: StatefulSet): { markdown: string; unitLabel?: string } {
  const range = ordinalRange(set);
  const md: string[] = [];
  md.push(`**StatefulSet ${set.namespace}/${set.name}**: ${range.count} pod${range.count === 1 ? '' : 's'}, ordinals ${range.start}…${range.end}, ${set.podManagementPolicy}\n\n`);
  const unit = unitOfFile(analysis, set.src.file);
  if (unit) {
    const p = unit.profile;
    const cls = p.defaultStorageClass.kind === 'named' ? `"${p.defaultStorageClass.name}"` : p.defaultStorageClass.kind;
    md.push(`Unit \`${UNIT_LABEL}\` (${unit.unit.files.length} file${unit.unit.files.length === 1 ? '' : 's'}): Kubernetes ${p.kubernetesVersion}, default StorageClass ${cls}\n\n`);
  }
  if (set.serviceName) {
    md.push('Pod DNS names:\n\n');
    for (const o of ordinals(range, 3)) md.push(`- \`${podDnsName(set.name, o, set.serviceName, set.namespace)}\`\n`);
    if (range.count > 3) md.push(`- … \`${podDnsName(set.name, range.end, set.serviceName, set.namespace)}\`\n`);
    md.push('\n');
  }
  // claims bind only inside their unit, under its profile; computed when a hover asks (memoized per analysis)
  const outcomes = outcomesOf(unit?.analysis ?? analysis, unit?.profile ?? DEFAULT_PROFILE);
  const refused = outcomes.rejected.get(set);
  if (refused) md.push(`**The API server rejects this StatefulSet** (${refused.code} ${refused.reason}): ${refused.message}. None of its pods or claims is created.\n\n`);
  const rollout = outcomes.rollouts.get(set);
  if (!refused && rollout?.stopsAt) md.push(`**The rollout stops at ${rollout.stopsAt}**: ${rollout.why}.\n\n`);
  claimTable(set, outcomes.bySet.get(set) ?? [], md);
  return unit ? { markdown: md.join(''), unitLabel: unit.unit.label } : { markdown: md.join('') };
}

function claimTable(set: StatefulSet, claims: readonly PlannedClaim[], md: string[]): void {
  if (!claims.length) return;
  const range = ordinalRange(set);
  md.push('| pod | claim | outcome | |\n|---|---|---|---|\n');
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  for (const c of claims.slice(0, ROWS)) {
    const pod = c.ordinal === undefined ? '' : podName(set.name, c.ordinal);
    const outcome = c.ifDefaultClass ? `${outcomeArrow(c)} (${outcomeArrow(c.ifDefaultClass)} with a default StorageClass)` : outcomeArrow(c);
    md.push(`| ${pod} | ${c.name}${c.pvc ? ' (pre-created)' : ''} | ${cell(outcome)} | ${cell(claimReason(c))} |\n`);
  }
  if (claims.length > ROWS || range.count * set.claimTemplates.length > claims.length) {
    md.push(`\n… ${range.count * set.claimTemplates.length - Math.min(ROWS, claims.length)} more claims\n`);
  }
}
