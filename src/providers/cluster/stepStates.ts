// What is known about each provisioning step of each StatefulSet: planned until a run, a dry run or a
// simulation says more. The tree shows these; provisioning progress updates them live.
import * as vscode from 'vscode';
import { Disposable } from '../disposable';

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

  /** Replaces every status that came from `source` (a new simulation forgets the old one). */
  replaceFrom(source: StepStatus['source'], entries: Iterable<[string, StepStatus]>): void {
    for (const [k, v] of [...this.states]) if (v.source === source) this.states.delete(k);
    for (const [k, v] of entries) this.states.set(k, v);
    this._onDidChange.fire();
  }
}
