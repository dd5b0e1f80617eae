// Hovers on a StatefulSet's name, serviceName and claim template names: DNS names of the pods, claim
// names and the binding table.
import * as vscode from 'vscode';
import { Analysis } from '../core/analysis';
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
  const claims = analysis.prediction.bySet.get(set) ?? [];
  if (claims.length) {
    md.appendMarkdown('| pod | claim | binds | |\n|---|---|---|---|\n');
    for (const c of claims.slice(0, ROWS)) {
      const pod = c.ordinal === undefined ? '' : podName(set.name, c.ordinal);
      md.appendMarkdown(`| ${pod} | ${c.name}${c.pvc ? ' (pre-created)' : ''} | ${c.volume?.name ?? '—'} | ${c.reason.replace(/\|/g, '\\|')} |\n`);
    }
    if (claims.length > ROWS || range.count * set.claimTemplates.length > claims.length) {
      md.appendMarkdown(`\n… ${range.count * set.claimTemplates.length - Math.min(ROWS, claims.length)} more claims\n`);
    }
  }
  return md;
}
