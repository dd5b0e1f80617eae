// Lenses with what the controller and the binder will do: pod names on a StatefulSet, each claim and
// the PV it binds on its template, and on PVs and PVCs who binds them. Large sets stay short.
import * as vscode from 'vscode';
import { Analysis } from '../core/analysis';
import { ClaimPrediction } from '../core/prediction';
import { ordinalRange, podName, summarizeNames } from '../core/names';
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

export function claimLensTitle(c: ClaimPrediction): string {
  if (c.volume) return `${c.name} → ${c.volume.name}`;
  if (c.outcome === 'dynamic') return `${c.name} → new volume (dynamic)`;
  const why = c.rejected[0] ? `${c.rejected[0].volume.name}: ${c.rejected[0].reason}` : c.reason.replace(/^stays Pending: /, '');
  return `${c.name} → no PV: ${shorten(why)}`;
}

export function lensesFor(analysis: Analysis, file: string): vscode.CodeLens[] {
  const lenses: vscode.CodeLens[] = [];
  const at = (span: { src: { rangeOf(a: number, b: number): import('../core/position').Range }; start: number; end: number }) => toRange(span.src.rangeOf(span.start, span.end));
  for (const set of analysis.index.statefulSets()) {
    if (set.src.file !== file) continue;
    const range = ordinalRange(set);
    lenses.push(new vscode.CodeLens(at(set.nameSpan), {
      title: `Pods: ${summarizeNames(range, (o) => podName(set.name, o))}`,
      tooltip: `${range.count} pod${range.count === 1 ? '' : 's'}, ordinals ${range.start}…${range.end}: click for the provisioning plan`,
      command: COMMANDS.showPlan,
      arguments: [],
    }));
    const claims = analysis.prediction.bySet.get(set) ?? [];
    for (const t of set.claimTemplates) {
      const mine = claims.filter((c) => c.template === t);
      for (const c of mine.slice(0, CLAIMS_PER_TEMPLATE)) {
        const target = c.volume ?? c.pvc;
        lenses.push(new vscode.CodeLens(at(t.nameSpan), target
          ? { title: claimLensTitle(c), tooltip: c.reason, command: COMMANDS.revealObject, arguments: [target.src.file, target.src.rangeOf(target.nameSpan.start, target.nameSpan.end)] }
          : { title: claimLensTitle(c), tooltip: `${c.reason}. Click to generate PV/PVC files.`, command: COMMANDS.generateVolumes, arguments: [{ file: set.src.file, namespace: set.namespace, name: set.name }] }));
      }
      const rest = range.count - Math.min(mine.length, CLAIMS_PER_TEMPLATE);
      if (rest > 0) {
        lenses.push(new vscode.CodeLens(at(t.nameSpan), {
          title: `… ${rest} more (to ${t.name}-${podName(set.name, range.end)})`, command: COMMANDS.showPlan, arguments: [],
        }));
      }
    }
  }
  const binders = new Map(analysis.prediction.claims.filter((c) => c.volume).map((c) => [c.volume!, c]));
  for (const pv of analysis.index.volumes()) {
    if (pv.src.file !== file) continue;
    const c = binders.get(pv);
    lenses.push(new vscode.CodeLens(at(pv.nameSpan), c
      ? { title: `Bound by ${c.namespace}/${c.name}${c.ordinal !== undefined && c.set ? ` (pod ${podName(c.set.name, c.ordinal)})` : ''}`, command: COMMANDS.revealObject, arguments: c.pvc ? [c.pvc.src.file, c.pvc.src.rangeOf(c.pvc.nameSpan.start, c.pvc.nameSpan.end)] : c.template ? [c.template.nameSpan.src.file, c.template.nameSpan.src.rangeOf(c.template.nameSpan.start, c.template.nameSpan.end)] : [] }
      : { title: 'No claim in the workspace binds it', command: '' }));
  }
  for (const pvc of analysis.index.claims()) {
    if (pvc.src.file !== file) continue;
    const c = analysis.prediction.byPvc.get(pvc);
    if (!c) continue;
    lenses.push(new vscode.CodeLens(at(pvc.nameSpan), c.volume
      ? { title: `→ ${c.volume.name}${c.set && c.ordinal !== undefined ? ` (pod ${podName(c.set.name, c.ordinal)})` : ''}`, tooltip: c.reason, command: COMMANDS.revealObject, arguments: [c.volume.src.file, c.volume.src.rangeOf(c.volume.nameSpan.start, c.volume.nameSpan.end)] }
      : { title: claimLensTitle(c).replace(`${c.name} `, ''), tooltip: c.reason, command: '' }));
  }
  return lenses;
}
