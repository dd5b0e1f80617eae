// What is known about each provisioning step of each StatefulSet: planned until a run, a dry run or a
// simulation says more. The tree shows these; provisioning progress updates them live.
import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import type { SessionState } from './clusterSession';

export type StepState = 'planned' | 'exists' | 'unchanged' | 'created' | 'would-create' | 'bound' | 'ready' | 'pending' | 'drift' | 'failed' | 'manual' | 'waiting' | 'cancelled';

export interface StepStatus {
  readonly state: StepState;
  readonly detail?: string;
  /** where the status comes from */
  readonly source: 'provision' | 'dry-run' | 'simulation' | 'plan';
}

export function stepKey(kind: string, namespace: string | null | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

export class StepStates extends Disposable {
  private readonly states = new Map<string, StepStatus>();
  private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this._onDidChange.event;

  get(key: string): StepStatus | undefined {
    return this.states.get(key);
  }

  set(key: string, status: StepStatus): void {
    this.states.set(key, status);
    this._onDidChange.fire();
  }

  /**
   * The statuses describe one cluster: when the session's target (context, server, namespace) changes, they
   * go, rather than show another cluster's pods Ready. A refresh to the same target keeps them.
   */
  followTarget(onDidChange: vscode.Event<SessionState>): void {
    let last: string | undefined;
    onDidChange((s) => {
      const target = s.kind === 'ready' ? JSON.stringify([s.target.context, s.target.server, s.target.namespace]) : s.kind;
      if (last !== undefined && target !== last && this.states.size > 0) { this.states.clear(); this._onDidChange.fire(); }
      last = target;
    }, this, this._disposables);
  }

  /** Forgets the statuses of these steps: a new run of them starts from what it finds. */
  forget(keys: Iterable<string>): void {
    let changed = false;
    for (const k of keys) changed = this.states.delete(k) || changed;
    if (changed) this._onDidChange.fire();
  }

  /** Replaces every status that came from `source` (a new simulation forgets the old one). */
  replaceFrom(source: StepStatus['source'], entries: Iterable<[string, StepStatus]>): void {
    for (const [k, v] of [...this.states]) if (v.source === source) this.states.delete(k);
    for (const [k, v] of entries) this.states.set(k, v);
    this._onDidChange.fire();
  }
}
