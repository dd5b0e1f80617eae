// Apply's preflight, run before the first write: the engine's error findings for the objects the plan
// writes, and a server-side dry run (dryRun=All, as `kubectl apply --dry-run=server`) of every one of
// them. Any problem stops apply with nothing written. `force` overrides the check errors only: a failed
// dry run means the server itself refuses the object (an unserved API, 422 Invalid, 403 Forbidden…),
// and writing the objects before it would leave the cluster half-provisioned.
import type { Finding } from '../core/findings';
import type { Plan } from '../core/plan';
import { planCheckErrors } from '../core/planChecks';
import { ClusterClient } from './client';
import { provision } from './provisioner';
import type { ProgressEvent, ProvisionReport } from './report';

export interface PreflightProblem {
  readonly stage: 'check' | 'dry-run';
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | null;
  readonly file: string;
  /** check: the finding's code; dry run: the API's reason (NotFound, Invalid, Forbidden…) */
  readonly reason: string;
  /** dry run: the HTTP status, when the server answered */
  readonly code?: number;
  /** check: 1-based position of the finding */
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

export interface PreflightResult {
  readonly checkErrors: readonly PreflightProblem[];
  readonly dryRunFailures: readonly PreflightProblem[];
  /** the dry run itself, step by step (what would be created, what is unchanged or drifted) */
  readonly dryRun: ProvisionReport;
}

export interface PreflightOptions {
  /** the run will replace drifted objects: dry-run those replacements too */
  readonly overwrite?: boolean;
  readonly signal?: AbortSignal;
  /** the dry run's steps as they are answered (the editor shows them in its tree) */
  readonly onProgress?: (e: ProgressEvent) => void;
}

export async function preflight(client: ClusterClient, plan: Plan, findings: readonly Finding[], options: PreflightOptions = {}): Promise<PreflightResult> {
  const checkErrors = planCheckErrors(plan, findings).map((e): PreflightProblem => ({
    stage: 'check', kind: e.kind, name: e.name, namespace: e.namespace, file: e.file,
    reason: e.finding.code, line: e.finding.range.start.line + 1, column: e.finding.range.start.character + 1, message: e.finding.message,
  }));
  const dryRun = await provision(client, plan, { dryRun: true, overwrite: options.overwrite, signal: options.signal, onProgress: options.onProgress, waitForPods: false });
  const dryRunFailures = dryRun.steps.filter((s) => s.outcome === 'failed').map((s): PreflightProblem => ({
    stage: 'dry-run', kind: s.kind, name: s.name, namespace: s.namespace, file: s.file,
    reason: s.reason ?? 'Failed', ...(s.code !== undefined ? { code: s.code } : {}), message: s.message ?? 'the dry run failed',
  }));
  return { checkErrors, dryRunFailures, dryRun };
}

export type PreflightVerdict = 'go' | 'check-errors' | 'dry-run-failed' | 'cancelled';

/** Whether apply may write: a failed or cancelled dry run always stops it; check errors unless forced. */
export function preflightVerdict(r: PreflightResult, force: boolean): PreflightVerdict {
  if (r.dryRun.cancelled) return 'cancelled';
  if (r.dryRunFailures.length) return 'dry-run-failed';
  if (r.checkErrors.length && !force) return 'check-errors';
  return 'go';
}

const where = (p: { namespace: string | null; name: string }) => (p.namespace ? `${p.namespace}/${p.name}` : p.name);

/** One line per problem: the object, then why (`StatefulSet default/mysql: dry run: NotFound (404): …`). */
export function formatProblem(p: PreflightProblem): string {
  const why = p.stage === 'check'
    ? `check: error ${p.reason} at ${p.file}:${p.line}:${p.column}: ${p.message}`
    : `dry run: ${p.reason}${p.code !== undefined ? ` (${p.code})` : ''}: ${p.message}`;
  return `${p.kind} ${where(p)}: ${why}`;
}
