// The live cluster state of the editor (opt-in: statefulsetStorage.cluster.readLive, trusted workspaces
// only): reads a snapshot of each kube context the units deploy to, keeps the last good one per context
// in memory, and hands them to the analysis. Reading happens on start, on "Refresh cluster state", on a
// context switch and when the setting changes — never while typing: the analysis uses the last snapshot.
// The status bar says which context was read when, or that it is unreachable and what is used instead.
import * as vscode from 'vscode';
import type { ClusterSnapshot } from '../../core/clusterSnapshot';
import { COMMANDS } from '../commandIds';
import { Disposable } from '../disposable';
import { SECTION } from '../settings';
import type { ClusterSession } from './clusterSession';
import { loadCluster } from './loadCluster';

/** What the live state needs of the analysis: where to read, and where the snapshots go. */
export interface LiveStateSink {
  /** the namespaces each context is asked about, for units without a context the current one's */
  namespacesByContext(currentContext: string | undefined): Promise<ReadonlyMap<string, readonly string[]>>;
  setClusterSnapshots(snapshots: ReadonlyMap<string, ClusterSnapshot>, currentContext: string | undefined): void;
}

/** One context's last read. */
export type ContextState =
  | { readonly kind: 'read'; readonly snapshot: ClusterSnapshot }
  | { readonly kind: 'unreachable'; readonly message: string; readonly last?: ClusterSnapshot };

export const READ_LIVE = 'cluster.readLive';
const TIMEOUT = 'cluster.readTimeoutSeconds';

const time = (iso: string) => new Date(iso).toLocaleTimeString();

export class LiveClusterState extends Disposable {
  private readonly contexts = new Map<string, ContextState>();
  private readonly item = this._register(vscode.window.createStatusBarItem('statefulset-storage.live-state', vscode.StatusBarAlignment.Left, 10));
  private reading: { abort: AbortController; done: Promise<void> } | undefined;
  /** whether the analysis holds snapshots of ours: off from the start, there is nothing to take back */
  private sent = false;
  private readonly _onDidRead = this._register(new vscode.EventEmitter<void>());
  /** fires after every read, good or not */
  readonly onDidRead = this._onDidRead.event;

  constructor(private readonly session: ClusterSession, private readonly sink: LiveStateSink, private readonly log: vscode.LogOutputChannel) {
    super();
    this.item.name = 'StatefulSet Storage: live cluster state';
    this.item.command = COMMANDS.refreshClusterState;
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration(`${SECTION}.${READ_LIVE}`)) void this.refresh(); }, this, this._disposables);
    vscode.workspace.onDidGrantWorkspaceTrust(() => void this.refresh(), this, this._disposables);
    this.session.onDidChange(() => { if (this.enabled) void this.refresh(); }, this, this._disposables);
    this._register({ dispose: () => this.reading?.abort.abort() });
  }

  /** On only when the setting is on and the workspace trusted: reading a cluster uses the user's credentials. */
  get enabled(): boolean {
    return vscode.workspace.isTrusted && vscode.workspace.getConfiguration(SECTION).get<boolean>(READ_LIVE, false);
  }

  /** every context read or tried, with its state */
  get states(): ReadonlyMap<string, ContextState> {
    return this.contexts;
  }

  /**
   * Reads every context again (a read under way is cancelled first). Off: the analysis drops the
   * snapshots and the status bar item goes. Never rejects: an unreachable cluster is a state.
   */
  async refresh(): Promise<void> {
    this.reading?.abort.abort();
    await this.reading?.done;
    if (!this.enabled) {
      this.contexts.clear();
      this.item.hide();
      // activation with the setting off (the usual case) sends nothing and asks for no analysis
      if (this.sent) this.sink.setClusterSnapshots(new Map(), undefined);
      this.sent = false;
      return;
    }
    const abort = new AbortController();
    const done = this.readAll(abort.signal);
    this.reading = { abort, done };
    await done;
    if (this.reading?.done === done) this.reading = undefined;
  }

  private async readAll(signal: AbortSignal): Promise<void> {
    const session = this.session.state.kind === 'unknown' ? await this.session.refresh() : this.session.state;
    const current = session.kind === 'ready' ? session.target.context : undefined;
    const wanted = await this.sink.namespacesByContext(current);
    if (signal.aborted) return;
    this.showReading([...wanted.keys()]);
    await Promise.all([...wanted].map(([context, namespaces]) => this.readOne(context, namespaces, signal)));
    if (signal.aborted) return;
    const snapshots = new Map<string, ClusterSnapshot>();
    for (const [context, state] of this.contexts) {
      const snapshot = state.kind === 'read' ? state.snapshot : state.last;
      if (snapshot && wanted.has(context)) snapshots.set(context, snapshot);
    }
    this.sink.setClusterSnapshots(snapshots, current);
    this.sent = true;
    this.show([...wanted.keys()], session.kind === 'error' ? session.message : undefined);
    this._onDidRead.fire();
  }

  private async readOne(context: string, namespaces: readonly string[], signal: AbortSignal): Promise<void> {
    const cluster = loadCluster();
    const seconds = Math.max(1, vscode.workspace.getConfiguration(SECTION).get<number>(TIMEOUT, 5));
    const previous = this.contexts.get(context);
    const last = previous?.kind === 'read' ? previous.snapshot : previous?.last;
    try {
      const client = await cluster.ClusterClient.connect(await cluster.loadTarget({ context }));
      const snapshot = await cluster.readClusterSnapshot(client, namespaces, { timeoutMs: seconds * 1000, signal });
      if (signal.aborted) return;
      this.contexts.set(context, { kind: 'read', snapshot });
      this.log.info(`Read the live state of context "${context}": Kubernetes ${snapshot.kubernetesVersion}, ${snapshot.persistentVolumes.length} PVs, `
        + `${snapshot.persistentVolumeClaims.length} claims and ${snapshot.statefulSets.length} StatefulSets in ${namespaces.join(', ') || 'no namespace'}`);
    } catch (e) {
      if (signal.aborted) return;
      // ClusterErrors are redacted: no token or key reaches the log or the status bar
      const message = (e as Error).message;
      this.contexts.set(context, { kind: 'unreachable', message, ...(last ? { last } : {}) });
      this.log.warn(`Live state of context "${context}" not read: ${message}. ${last ? `Using the snapshot read at ${time(last.takenAt)}.` : 'Using the offline profile.'}`);
    }
  }

  private showReading(contexts: readonly string[]): void {
    this.item.text = `$(sync~spin) ${contexts.join(', ') || 'cluster'}`;
    this.item.tooltip = 'StatefulSet Storage: reading the live cluster state…';
    this.item.show();
  }

  private show(wanted: readonly string[], noContext: string | undefined): void {
    const states = wanted.flatMap((c) => { const s = this.contexts.get(c); return s ? [[c, s] as const] : []; });
    const failed = states.filter(([, s]) => s.kind === 'unreachable');
    if (states.length === 0) {
      this.item.text = '$(warning) no kube context';
      this.item.tooltip = `StatefulSet Storage could not read a cluster: ${noContext ?? 'no kube context'}. The offline profile is used.`;
    } else if (failed.length) {
      const [context, state] = failed[0] as readonly [string, Extract<ContextState, { kind: 'unreachable' }>];
      this.item.text = `$(warning) ${context} unreachable`;
      this.item.tooltip = `${state.message}\n${state.last ? `Using the snapshot read at ${time(state.last.takenAt)}.` : 'Using the offline profile (settings, .statefulset-storage.yaml).'}\nClick to read it again.`;
    } else {
      const snaps = states.map(([, s]) => (s as Extract<ContextState, { kind: 'read' }>).snapshot);
      this.item.text = `$(cloud) ${snaps.map((s) => `${s.context} ${s.kubernetesVersion}`).join(', ')}`;
      this.item.tooltip = snaps.map((s) => `Live state of "${s.context}" read at ${time(s.takenAt)}: ${s.persistentVolumes.length} PVs, `
        + `${s.persistentVolumeClaims.length} claims in ${s.namespaces.join(', ')}`).join('\n') + '\nClick to read it again.';
    }
    this.item.show();
  }
}
