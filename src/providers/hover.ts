// Hovers on a StatefulSet's name, serviceName and claim template names: DNS names of the pods, claim
// names and the binding table.
import * as vscode from 'vscode';
import type { Analysis } from '../core/analysis';
import type { PlannedClaim } from '../core/outcomes';
import { outcomeArrow } from '../core/planText';
import { DEFAULT_PROFILE } from '../core/profile';
import { engine } from './loadEngine';
import { Span, StatefulSet } from '../core/model';
import { ordinalRange, ordinals, podDnsName, podName } from '../core/names';
import { unitOfFile } from '../core/project/unitOf';
import { unitLabel } from './unitLabel';
import { AnalysisHost } from './analysisHost';
import { toRange } from './convert';

const ROWS = 10;

export class StorageHoverProvider implements vscode.HoverProvider {
  constructor(private readonly host: AnalysisHost) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const analysis = await this.host.current();
    return hoverAt(analysis, AnalysisHost.keyOf(document.uri), position);
  }
}

const rangeOf = (s: Span) => toRange(s.src.rangeOf(s.start, s.end));

export function hoverAt(analysis: Analysis, file: string, position: vscode.Position): vscode.Hover | undefined {
  for (const set of analysis.index.statefulSets()) {
    if (set.src.file !== file) continue;
    const spans: Span[] = [set.nameSpan, ...(set.serviceNameSpan ? [set.serviceNameSpan] : []), ...set.claimTemplates.map((t) => t.nameSpan)];
    const hit = spans.find((s) => rangeOf(s).contains(position));
    if (hit) return new vscode.Hover(describe(analysis, set), rangeOf(hit));
  }
  return undefined;
}

function claimReason(c: PlannedClaim): string {
  return c.ifDefaultClass ? `without a default StorageClass it ${c.reason}; with one it ${c.ifDefaultClass.reason}` : c.reason;
}

function describe(analysis: Analysis, set: StatefulSet): vscode.MarkdownString {
  const range = ordinalRange(set);
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**StatefulSet ${set.namespace}/${set.name}**: ${range.count} pod${range.count === 1 ? '' : 's'}, ordinals ${range.start}…${range.end}, ${set.podManagementPolicy}\n\n`);
  const unit = unitOfFile(analysis, set.src.file);
  if (unit) {
    const p = unit.profile;
    const cls = p.defaultStorageClass.kind === 'named' ? `"${p.defaultStorageClass.name}"` : p.defaultStorageClass.kind;
    md.appendMarkdown(`Unit \`${unitLabel(unit.unit.label)}\` (${unit.unit.files.length} file${unit.unit.files.length === 1 ? '' : 's'}): Kubernetes ${p.kubernetesVersion}, default StorageClass ${cls}\n\n`);
  }
  if (set.serviceName) {
    md.appendMarkdown('Pod DNS names:\n\n');
    for (const o of ordinals(range, 3)) md.appendMarkdown(`- \`${podDnsName(set.name, o, set.serviceName, set.namespace)}\`\n`);
    if (range.count > 3) md.appendMarkdown(`- … \`${podDnsName(set.name, range.end, set.serviceName, set.namespace)}\`\n`);
    md.appendMarkdown('\n');
  }
  // claims bind only inside their unit, under its profile
  const outcomes = engine().outcomesOf(unit?.analysis ?? analysis, unit?.profile ?? DEFAULT_PROFILE);
  const refused = outcomes.rejected.get(set);
  if (refused) md.appendMarkdown(`**The API server rejects this StatefulSet** (${refused.code} ${refused.reason}): ${refused.message}. None of its pods or claims is created.\n\n`);
  const rollout = outcomes.rollouts.get(set);
  if (!refused && rollout?.stopsAt) md.appendMarkdown(`**The rollout stops at ${rollout.stopsAt}**: ${rollout.why}.\n\n`);
  const claims = outcomes.bySet.get(set) ?? [];
  if (claims.length) {
    md.appendMarkdown('| pod | claim | outcome | |\n|---|---|---|---|\n');
    for (const c of claims.slice(0, ROWS)) {
      const pod = c.ordinal === undefined ? '' : podName(set.name, c.ordinal);
      const cell = (text: string) => text.replace(/\|/g, '\\|');
      const outcome = c.ifDefaultClass ? `${outcomeArrow(c)} (${outcomeArrow(c.ifDefaultClass)} with a default StorageClass)` : outcomeArrow(c);
      md.appendMarkdown(`| ${pod} | ${c.name}${c.pvc ? ' (pre-created)' : ''} | ${cell(outcome)} | ${cell(claimReason(c))} |\n`);
    }
    if (claims.length > ROWS || range.count * set.claimTemplates.length > claims.length) {
      md.appendMarkdown(`\n… ${range.count * set.claimTemplates.length - Math.min(ROWS, claims.length)} more claims\n`);
    }
  }
  return md;
}
