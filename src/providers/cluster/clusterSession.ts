// The kube context the extension works against: the kubeconfig's current context unless the user
// switched (in memory only: the user's kubeconfig is never written), with the namespace to use.
import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import { Cluster, loadCluster } from './loadCluster';

export type SessionState =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'ready'; readonly target: Cluster.TargetDescription; readonly contexts: readonly string[] }
  | { readonly kind: 'error'; readonly message: string };

export class ClusterSession extends Disposable {
  private overrides: { context?: string; namespace?: string } = {};
  private target: Cluster.ClusterTarget | undefined;
  private _state: SessionState = { kind: 'unknown' };
  private readonly _onDidChange = this._register(new vscode.EventEmitter<SessionState>());
  readonly onDidChange = this._onDidChange.event;

  get state(): SessionState {
    return this._state;
  }

  /** Reads the kubeconfig again (cheap: no request is sent). */
  async refresh(): Promise<SessionState> {
    try {
      const cluster = loadCluster();
      this.target = await cluster.loadTarget({ context: this.overrides.context, namespace: this.overrides.namespace });
      this._state = { kind: 'ready', target: cluster.describeTarget(this.target), contexts: this.target.kubeConfig.getContexts().map((c) => c.name) };
    } catch (e) {
      this.target = undefined;
      this._state = { kind: 'error', message: (e as Error).message };
    }
    this._onDidChange.fire(this._state);
    return this._state;
  }

  async currentTarget(): Promise<Cluster.ClusterTarget> {
    if (!this.target) await this.refresh();
    if (!this.target) throw new Error(this._state.kind === 'error' ? this._state.message : 'no kube context');
    return this.target;
  }

  async connect(): Promise<Cluster.ClusterClient> {
    return loadCluster().ClusterClient.connect(await this.currentTarget());
  }

  /** Quick pick of the kubeconfig's contexts, then the namespace. */
  async switchContext(): Promise<void> {
    const state = this._state.kind === 'ready' ? this._state : await this.refresh();
    if (state.kind !== 'ready') {
      void vscode.window.showErrorMessage(`No kube context: ${state.kind === 'error' ? state.message : 'unknown'}`);
      return;
    }
    const context = await vscode.window.showQuickPick(state.contexts.map((c) => ({ label: c, description: c === state.target.context ? 'current' : undefined })), {
      title: 'Kube context for StatefulSet Storage (your kubeconfig is not changed)',
    });
    if (!context) return;
    const namespace = await vscode.window.showInputBox({ title: 'Namespace', value: context.label === state.target.context ? state.target.namespace : '', prompt: 'Empty: the context\'s namespace' });
    if (namespace === undefined) return;
    this.overrides = { context: context.label, namespace: namespace.trim() || undefined };
    await this.refresh();
  }
}
