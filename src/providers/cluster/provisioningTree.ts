// The "StatefulSet Storage" view: the kube context, then each StatefulSet of the workspace with its
// ordered steps (backing volume, PV, PVC, Service, StatefulSet, pods) and what is known of each.
import * as vscode from 'vscode';
import { ordinalRange, ordinals, podName } from '../../core/names';
import type { SetInfo, TreeStep } from '../../core/service/protocol';
import { unitLabel } from '../unitLabel';
import { AnalysisHost } from '../analysisHost';
import { COMMANDS } from '../commandIds';
import { Disposable } from '../disposable';
import { ClusterSession } from './clusterSession';
import { StepState, StepStates, StepStatus, stepKey } from './stepStates';

const MAX_PODS = 20;

export type TreeNode =
  | { readonly type: 'context' }
  | { readonly type: 'unit'; readonly label: string; readonly sets: readonly SetInfo[] }
  | { readonly type: 'set'; readonly set: SetInfo }
  | { readonly type: 'step'; readonly set: SetInfo; readonly step: TreeStep }
  | { readonly type: 'pod'; readonly set: SetInfo; readonly name: string }
  | { readonly type: 'more'; readonly count: number };

const ICONS: Record<StepState, [string, string?]> = {
  planned: ['circle-large-outline'],
  exists: ['pass', 'testing.iconPassed'],
  unchanged: ['pass', 'testing.iconPassed'],
  created: ['pass-filled', 'testing.iconPassed'],
  'would-create': ['circle-large-filled', 'charts.blue'],
  bound: ['link', 'testing.iconPassed'],
  ready: ['check-all', 'testing.iconPassed'],
  pending: ['watch', 'list.warningForeground'],
  waiting: ['watch', 'list.warningForeground'],
  drift: ['diff', 'list.warningForeground'],
  failed: ['error', 'list.errorForeground'],
  manual: ['terminal', 'charts.yellow'],
  cancelled: ['circle-slash'],
};

export class ProvisioningTree extends Disposable implements vscode.TreeDataProvider<TreeNode> {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<TreeNode | undefined>());
  readonly onDidChangeTreeData = this._onDidChange.event;

  constructor(private readonly host: AnalysisHost, private readonly session: ClusterSession, private readonly states: StepStates) {
    super();
    host.onDidAnalyze(() => this.refresh(), this, this._disposables);
    session.onDidChange(() => this.refresh(), this, this._disposables);
    states.onDidChange(() => this.refresh(), this, this._disposables);
  }

  refresh(): void {
    this._onDidChange.fire(undefined);
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) {
      // The kubeconfig (and the cluster bundle) is read when the view is first shown, not at activation.
      if (this.session.state.kind === 'unknown') void this.session.refresh();
      const tree = await this.host.request({ type: 'tree' }).catch(() => undefined);
      if (!tree) return [];
      // Several deployment units with sets: each unit is a node, its sets below it.
      const top: TreeNode[] = tree.units.length > 1
        ? tree.units.map((u) => ({ type: 'unit' as const, label: unitLabel(u.label), sets: u.sets }))
        : tree.sets.map((set) => ({ type: 'set' as const, set }));
      // No StatefulSet: an empty tree lets the welcome content show.
      return tree.sets.length ? [{ type: 'context' }, ...top] : [];
    }
    if (node.type === 'unit') return node.sets.map((set) => ({ type: 'set' as const, set }));
    if (node.type !== 'set') return [];
    const steps = (await this.host.request({ type: 'setSteps', set: node.set }).catch(() => undefined) ?? []).map((step) => ({ type: 'step' as const, set: node.set, step }));
    const range = ordinalRange(node.set);
    const pods = [...ordinals(range, MAX_PODS)].map((o) => ({ type: 'pod' as const, set: node.set, name: podName(node.set.name, o) }));
    const more: TreeNode[] = range.count > MAX_PODS ? [{ type: 'more', count: range.count - MAX_PODS }] : [];
    return [...steps, ...pods, ...more];
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.type) {
      case 'context': return this.contextItem();
      case 'unit': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
        item.description = 'deployment unit';
        item.tooltip = 'Files applied together to one cluster: their claims bind only their own PVs.';
        item.iconPath = new vscode.ThemeIcon('folder');
        item.contextValue = 'unit';
        item.id = `unit:${node.label}`;
        return item;
      }
      case 'set': {
        const item = new vscode.TreeItem(node.set.name, vscode.TreeItemCollapsibleState.Expanded);
        item.description = `${node.set.namespace} · ${node.set.replicas} replica${node.set.replicas === 1 ? '' : 's'}`;
        item.iconPath = new vscode.ThemeIcon('database');
        item.contextValue = 'statefulSet';
        item.id = `set:${node.set.file}:${node.set.namespace}/${node.set.name}`;
        return item;
      }
      case 'step': {
        const s = node.step;
        // what the plan knows before anything runs: the API server refuses this object
        const status = this.states.get(stepKey(s.kind, s.namespace, s.name))
          ?? (s.rejected ? { state: 'failed' as const, detail: `the API server rejects it (${s.rejected})`, source: 'plan' as const } : undefined);
        const item = new vscode.TreeItem(`${s.kind === 'BackingVolume' ? 'Backing volume' : s.kind} ${s.name}`, vscode.TreeItemCollapsibleState.None);
        decorate(item, status, s.manual ? manualMarkdown(s.manual) : undefined);
        item.contextValue = s.target ? 'step' : 'manualStep';
        item.id = `step:${node.set.file}:${node.set.name}:${s.order}:${s.kind}/${s.name}`;
        if (s.target) item.command = { title: 'Open YAML', command: COMMANDS.revealObject, arguments: [s.target.file, s.target.range] };
        return item;
      }
      case 'pod': {
        const item = new vscode.TreeItem(`Pod ${node.name}`, vscode.TreeItemCollapsibleState.None);
        decorate(item, this.states.get(stepKey('Pod', node.set.namespace, node.name)));
        item.contextValue = 'pod';
        item.id = `pod:${node.set.file}:${node.set.namespace}/${node.name}`;
        return item;
      }
      case 'more':
        return new vscode.TreeItem(`… ${node.count} more pods`, vscode.TreeItemCollapsibleState.None);
    }
  }

  private contextItem(): vscode.TreeItem {
    const state = this.session.state;
    const item = new vscode.TreeItem(
      state.kind === 'ready' ? `Context: ${state.target.context}` : state.kind === 'error' ? 'No usable kube context' : 'Kube context: not read yet',
      vscode.TreeItemCollapsibleState.None,
    );
    item.contextValue = 'context';
    item.iconPath = new vscode.ThemeIcon(state.kind === 'ready' ? 'server-environment' : 'warning');
    if (state.kind === 'ready') {
      item.description = `namespace ${state.target.namespace}`;
      item.tooltip = `${state.target.context} → ${state.target.server} as ${state.target.user}\nkubeconfig: ${state.target.kubeconfig.join(', ')}`;
    } else if (state.kind === 'error') {
      item.tooltip = state.message;
      item.description = 'simulation still works';
    }
    item.command = { title: 'Switch context', command: COMMANDS.switchContext };
    return item;
  }
}

const SOURCE_NOTE: Record<StepStatus['source'], string> = { provision: '', 'dry-run': ' (dry run)', simulation: ' (simulated)', plan: ' (predicted)' };

/** A manual step's shell-quoted commands (or why none is offered), for its tooltip. */
function manualMarkdown(m: NonNullable<TreeStep['manual']>): string {
  const lines = m.lines.join('\n');
  return m.withheld ? `No command offered:\n\n\`\`\`text\n${lines}\n\`\`\`` : `Run on ${m.where}:\n\n\`\`\`sh\n${lines}\n\`\`\``;
}

function decorate(item: vscode.TreeItem, status: StepStatus | undefined, extra?: string): void {
  const state = status?.state ?? 'planned';
  const [icon, color] = ICONS[state];
  item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
  item.description = status ? `${state}${SOURCE_NOTE[status.source]}` : 'planned';
  const md = new vscode.MarkdownString(`**${state}**${status?.detail ? `: ${status.detail}` : ''}`);
  if (extra) md.appendMarkdown(`\n\n${extra}`);
  item.tooltip = md;
}
