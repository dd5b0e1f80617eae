// The structured outcome of a provisioning run: one entry per plan step, the claims' binding, the pods'
// readiness, and totals. Everything in it is safe to print (no credential ever reaches it).
import type { ManualCommands, Phase, PlanStep } from '../core/plan';
import type { DriftEntry } from './compare';
import type { TargetDescription } from './kubeconfig';

export type Outcome =
  | 'created' | 'would-create' | 'unchanged' | 'drift' | 'updated' | 'would-update'
  | 'failed' | 'manual' | 'manual-done' | 'not-run';

/** A plan step (without its object) and what happened to it. */
export interface StepReport extends Pick<PlanStep, 'order' | 'phase' | 'kind' | 'name' | 'namespace' | 'file'> {
  outcome: Outcome;
  /** the API's reason (Forbidden, Invalid, …) for failures, or ours (Unreachable, Cancelled) */
  reason?: string;
  code?: number;
  message?: string;
  drift?: DriftEntry[];
  /** manual steps: where and what to run (argv arrays), or why nothing is offered */
  manual?: ManualCommands;
  /**
   * claims: what the binder did after the claim existed. `waitsForConsumer`: its class binds when the pod
   * that uses it is scheduled (WaitForFirstConsumer), so it was not waited for; Pending is expected until then.
   */
  claim?: { phase: 'Bound'; volume: string } | { phase: 'Pending'; reason: string; waitsForConsumer?: true };
}

export interface PodReport {
  readonly statefulSet: string;
  readonly namespace: string;
  readonly name: string;
  readonly ordinal: number;
  state: 'ready' | 'waiting' | 'not-created';
  reason?: string;
}

export interface ProvisionReport {
  readonly target: TargetDescription;
  readonly dryRun: boolean;
  readonly steps: StepReport[];
  readonly pods: PodReport[];
  cancelled: boolean;
  /** the first failure or the cancellation, as one sentence */
  stoppedBecause?: string;
  readonly summary: Record<Outcome | 'pending-claims' | 'pods-ready' | 'pods-waiting', number>;
  ok: boolean;
}

export type ProgressEvent =
  | { readonly type: 'phase'; readonly phase: Phase }
  | { readonly type: 'step'; readonly step: StepReport }
  | { readonly type: 'claim'; readonly step: StepReport }
  | { readonly type: 'pod'; readonly pod: PodReport };

export function summarize(report: Pick<ProvisionReport, 'steps' | 'pods' | 'cancelled'>): { summary: ProvisionReport['summary']; ok: boolean } {
  const summary: ProvisionReport['summary'] = {
    created: 0, 'would-create': 0, unchanged: 0, drift: 0, updated: 0, 'would-update': 0, failed: 0, manual: 0, 'manual-done': 0, 'not-run': 0,
    'pending-claims': 0, 'pods-ready': 0, 'pods-waiting': 0,
  };
  for (const s of report.steps) {
    summary[s.outcome]++;
    // a claim left to its pod's scheduling is no failure: if that pod does not run, the pods say so
    if (s.claim?.phase === 'Pending' && !s.claim.waitsForConsumer) summary['pending-claims']++;
  }
  for (const p of report.pods) {
    if (p.state === 'ready') summary['pods-ready']++; else summary['pods-waiting']++;
  }
  const ok = !report.cancelled && summary.failed === 0 && summary.drift === 0 && summary['not-run'] === 0
    && summary['pending-claims'] === 0 && summary['pods-waiting'] === 0;
  return { summary, ok };
}
