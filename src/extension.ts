// Activation: one context object owns every Disposable (rust-analyzer style) and registers the
// commands from one table. Nothing heavy happens here: the workspace scan starts after activate()
// returns, and the Kubernetes client is only loaded by cluster commands.
import { InternalErrorLog } from './providers/internalErrorLog';
import * as vscode from 'vscode';
import { AnalysisHost } from './providers/analysisHost';
import { StorageCodeActionProvider } from './providers/codeActions';
import { StorageCodeLensProvider } from './providers/codeLens';
import { COMMANDS } from './providers/commandIds';
import { toRange, toUri } from './providers/convert';
import { DiagnosticsPublisher } from './providers/diagnostics';
import { Disposable } from './providers/disposable';
import { generateVolumesCommand, GenerateArgs } from './providers/generateVolumesCommand';
import { StorageHoverProvider } from './providers/hover';
import { PLAN_URI, PlanDocumentProvider } from './providers/planDocument';
import { Range } from './core/position';
import type { SetRef } from './core/service/protocol';
import { ClusterSession } from './providers/cluster/clusterSession';
import { provisionCommand, ProvisionArgs } from './providers/cluster/provisionCommand';
import { ProvisioningTree, TreeNode } from './providers/cluster/provisioningTree';
import { revealFromCluster } from './providers/cluster/revealFromCluster';
import { simulateCommand } from './providers/cluster/simulateCommand';
import { StepStates } from './providers/cluster/stepStates';
import { LiveClusterState } from './providers/cluster/liveClusterState';

const YAML: vscode.DocumentSelector = [{ language: 'yaml' }];
export const CONTEXT_HAS_SETS = 'statefulsetStorage.hasStatefulSets';

/** What tests and other extensions get from `activate()`. */
export interface StatefulSetStorageApi {
  readonly host: AnalysisHost;
  readonly session: ClusterSession;
  readonly states: StepStates;
  readonly tree: ProvisioningTree;
  readonly live: LiveClusterState;
  /** the Problems panel's publisher: `published()` resolves when every analysis so far is set */
  readonly diagnostics: DiagnosticsPublisher;
}

export const VIEW_ID = 'statefulsetStorage.provisioningView';

class Ctx extends Disposable {
  readonly host: AnalysisHost;
  readonly session = this._register(new ClusterSession());
  readonly states = this._register(new StepStates());
  readonly log = this._register(vscode.window.createOutputChannel('StatefulSet Storage', { log: true }));
  readonly tree: ProvisioningTree;
  readonly live: LiveClusterState;
  readonly diagnostics: DiagnosticsPublisher;

  constructor(readonly extension: vscode.ExtensionContext) {
    super();
    this.host = this._register(new AnalysisHost(this.log));
    this.states.followTarget(this.session.onDidChange);
    const docs = vscode.Uri.joinPath(extension.extensionUri, 'docs', 'rules.md');
    this.diagnostics = this._register(new DiagnosticsPublisher(this.host, docs));
    this._register(new InternalErrorLog(this.host.onDidAnalyze, this.log));
    this._register(vscode.languages.registerCodeLensProvider(YAML, this._register(new StorageCodeLensProvider(this.host))));
    this._register(vscode.languages.registerHoverProvider(YAML, new StorageHoverProvider(this.host)));
    this._register(vscode.languages.registerCodeActionsProvider(YAML, new StorageCodeActionProvider(this.host), StorageCodeActionProvider.metadata));
    this._register(vscode.workspace.registerTextDocumentContentProvider(PLAN_URI.scheme, this._register(new PlanDocumentProvider(this.host))));
    this.tree = this._register(new ProvisioningTree(this.host, this.session, this.states));
    this.live = this._register(new LiveClusterState(this.session, this.host, this.log));
    this._register(vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this.tree, showCollapseAll: true }));
    for (const [id, run] of Object.entries(this.commands())) this._register(vscode.commands.registerCommand(id, run));
    // `when` clauses of package.json read this context key
    this.host.onDidAnalyze((a) => void vscode.commands.executeCommand('setContext', CONTEXT_HAS_SETS, a.statefulSetCount > 0), this, this._disposables);
    this.host.start();
    // off unless statefulsetStorage.cluster.readLive: then the first read waits for the first scan
    void this.live.refresh();
  }

  private commands(): Record<string, (...args: never[]) => unknown> {
    return {
      [COMMANDS.generateVolumes]: (args?: GenerateArgs) => generateVolumesCommand(this.host, args),
      [COMMANDS.showPlan]: async () => vscode.window.showTextDocument(await vscode.workspace.openTextDocument(PLAN_URI), { preview: true }),
      [COMMANDS.revealObject]: async (file: string, range: Range) => {
        const editor = await vscode.window.showTextDocument(toUri(file));
        editor.selection = new vscode.Selection(toRange(range).start, toRange(range).end);
        editor.revealRange(toRange(range), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      },
      [COMMANDS.reanalyze]: () => this.host.reanalyze(),
      [COMMANDS.provision]: (arg?: ProvisionArgs | TreeNode) => provisionCommand(this, false, this.setArgs(arg)),
      [COMMANDS.dryRun]: (arg?: ProvisionArgs | TreeNode) => provisionCommand(this, true, this.setArgs(arg)),
      [COMMANDS.simulate]: () => simulateCommand(this.host, this.session, this.states, this.log),
      [COMMANDS.refresh]: async () => { await this.session.refresh(); this.host.rescan(); },
      [COMMANDS.refreshClusterState]: () => this.live.refresh(),
      [COMMANDS.switchContext]: () => this.session.switchContext(),
      [COMMANDS.revealFromCluster]: (node?: TreeNode) => revealFromCluster(this.session, node),
    };
  }

  /** Tree items carry the set itself; command arguments name it. */
  private setArgs(arg: ProvisionArgs | TreeNode | undefined): ProvisionArgs | { set?: SetRef } {
    if (arg && 'type' in arg) return arg.type === 'set' || arg.type === 'step' || arg.type === 'pod' ? { set: arg.set } : {};
    return arg ?? {};
  }
}

export function activate(context: vscode.ExtensionContext): StatefulSetStorageApi {
  const ctx = new Ctx(context);
  context.subscriptions.push(ctx);
  return { host: ctx.host, session: ctx.session, states: ctx.states, tree: ctx.tree, live: ctx.live, diagnostics: ctx.diagnostics };
}

export function deactivate(): void {
  // everything is disposed through context.subscriptions
}
