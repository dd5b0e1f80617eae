// "Provision stateful set" and its dry run: the set under the cursor (or picked), apply's preflight (check
// errors and the server's dry run: a failed dry run refuses provisioning with nothing written), a
// confirmation that names context and namespace and lists the check errors (typing the context name
// for protected ones), a cancellable progress notification, the log in the output channel, and live
// states in the tree.
import * as vscode from 'vscode';
import { Analysis } from '../../core/analysis';
import { compileGlobs } from '../../core/glob';
import { StatefulSet } from '../../core/model';
import type { Finding } from '../../core/findings';
import type { ClusterProfile } from '../../core/profile';
import type { SetRef } from '../../core/service/protocol';
import { engine } from '../loadEngine';
import { AnalysisHost } from '../analysisHost';
import { pickStatefulSet } from '../pickStatefulSet';
import { readGuardSetting } from '../settings';
import { ClusterSession } from './clusterSession';
import { Cluster, loadCluster } from './loadCluster';
import { runManualStepFor } from './backingVolumeRunner';
import { confirmAfterPreflight, PreflightRefusal, showRefusal } from './preflightPrompt';
import { StepState, StepStates, stepKey } from './stepStates';

export interface ProvisionArgs {
  readonly file?: string;
  readonly namespace?: string;
  readonly name?: string;
  /** skip the confirmation (tests, keybindings); never for protected contexts */
  readonly yes?: boolean;
  /** with `yes`: provision despite check errors (never despite a failed dry run) */
  readonly force?: boolean;
}

export interface ProvisionDeps {
  readonly host: AnalysisHost;
  readonly session: ClusterSession;
  readonly states: StepStates;
  readonly log: vscode.LogOutputChannel;
}


function sameSet(analysis: Analysis, set: SetRef): StatefulSet | undefined {
  return analysis.index.statefulSets().find((s) => s.src.file === set.file && s.name === set.name && s.src.index === set.index);
}

interface TargetUnit {
  readonly analysis: Analysis;
  readonly profile: ClusterProfile | undefined;
  /** the findings `check` reports for the unit: its config's `rules:` and inline ignores applied */
  readonly findings: readonly Finding[];
}

/**
 * The set's deployment unit as `kubectl apply -n <namespace>` would create it: the namespace of the unit's
 * config (`.statefulset-storage.yaml`), as `apply` takes it, else the session's. The cluster code
 * provisions the engine's objects (their YAML documents), so this one unit is read again here, on a
 * user's command; the engine sends its texts, options and rule settings.
 */
async function unitForTarget(host: AnalysisHost, set: SetRef, sessionNamespace: string): Promise<TargetUnit | undefined> {
  const sources = await host.request({ type: 'unitSources', file: set.file });
  if (!sources) return undefined;
  const { Workspace, filterFindings } = engine();
  const ws = new Workspace({ ...sources.options, defaultNamespace: sources.options.profile?.namespace ?? sessionNamespace });
  for (const f of sources.files) ws.setFile(f.file, f.text);
  const analysis = ws.analyze();
  const findings = filterFindings(analysis.findings, new Map(Object.entries(sources.rules)), (f) => ws.parsed(f)).kept;
  return { analysis, profile: sources.options.profile, findings };
}

const OUTCOME_STATE: Record<Cluster.Outcome, StepState> = {
  created: 'created', 'would-create': 'would-create', unchanged: 'unchanged', drift: 'drift', updated: 'created', 'would-update': 'drift',
  failed: 'failed', manual: 'manual', 'manual-done': 'created', 'not-run': 'planned',
};

type Plan = ReturnType<ReturnType<typeof engine>['planForSet']>;

export async function provisionCommand(deps: ProvisionDeps, dryRun: boolean, args: ProvisionArgs | { set?: SetRef } = {}): Promise<Cluster.ProvisionReport | PreflightRefusal | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showErrorMessage('Provisioning is disabled in an untrusted workspace.');
    return undefined;
  }
  let target: Cluster.ClusterTarget;
  try {
    target = await deps.session.currentTarget();
  } catch (e) {
    void vscode.window.showErrorMessage(`No kube context to provision into: ${(e as Error).message}`);
    return undefined;
  }
  const picked = 'set' in args && args.set ? args.set : await pickStatefulSet(deps.host, args as ProvisionArgs, dryRun ? 'Dry-run which StatefulSet?' : 'Provision which StatefulSet?');
  if (!picked) return undefined;
  const unit = await unitForTarget(deps.host, picked, target.namespace);
  if (!unit) return undefined;
  // the unit's config names its cluster: provisioning it elsewhere is what the config is there to prevent
  const wanted = unit.profile?.context;
  if (wanted && wanted !== target.context) {
    void vscode.window.showErrorMessage(`${picked.name} was not provisioned: its .statefulset-storage.yaml names kube context "${wanted}", `
      + `and the current one is "${target.context}". Switch to it (StatefulSet Storage: Switch kube context) or change the config.`);
    return { refused: 'other-context', problems: [] };
  }
  const { analysis } = unit;
  const set = sameSet(analysis, picked);
  if (!set) return undefined;
  const { buildPlan, planForSet } = engine();
  const plan = planForSet(buildPlan(analysis, unit.profile), analysis, set);
  const where = `context "${target.context}", namespace "${set.namespace}"`;
  const { yes, force } = args as ProvisionArgs;

  const cluster = loadCluster();
  const checked = await runPreflight(deps, plan, unit.findings, set, target);
  if (!checked) return undefined;
  if (dryRun) { summarize(deps, set, checked.dryRun, checked.checkErrors.length); return checked.dryRun; }
  const verdict = cluster.preflightVerdict(checked, Boolean(yes && force));
  if (verdict !== 'go' && !(verdict === 'check-errors' && !yes)) {
    const refusal: PreflightRefusal = { refused: verdict as PreflightRefusal['refused'], problems: [...checked.dryRunFailures, ...checked.checkErrors] };
    showRefusal(cluster, checked, refusal, set.name, !yes);
    return refusal;
  }
  if (!await confirm(cluster, checked, set, plan.steps.length, target, where, Boolean(yes))) return undefined;

  deps.log.info(`Provisioning StatefulSet ${set.name} into ${where} (${target.server})`);
  const report = await withCancellableProgress(`Provisioning ${set.name} (${target.context})`, deps, async (signal, progress) => {
    // the target the user confirmed, even if the context was switched meanwhile
    const client = await cluster.ClusterClient.connect(target);
    return cluster.provision(client, plan, { signal, runManualStep: runManualStepFor(deps.log, signal), onProgress: tracker(deps, 'provision', progress) });
  });
  if (report) { markNotRun(deps, report); summarize(deps, set, report, 0); }
  return report;
}

/** Steps the run did not reach: cancelled, or planned (the run stopped earlier) — not the dry run's "would create". */
function markNotRun(deps: ProvisionDeps, report: Cluster.ProvisionReport): void {
  for (const s of report.steps) {
    if (s.outcome !== 'not-run') continue;
    const detail = report.cancelled ? 'cancelled before this step' : report.stoppedBecause ? `not run: ${report.stoppedBecause}` : undefined;
    deps.states.set(stepKey(s.kind, s.namespace, s.name), { state: report.cancelled ? 'cancelled' : 'planned', detail, source: 'provision' });
  }
}

/** The preflight under a cancellable notification; its dry-run states show in the tree; problems in the log. */
async function runPreflight(deps: ProvisionDeps, plan: Plan, findings: readonly Finding[], set: StatefulSet, target: Cluster.ClusterTarget): Promise<Cluster.PreflightResult | undefined> {
  // a new run starts from what it finds: an earlier or cancelled run's statuses of these steps would linger
  deps.states.forget([...plan.steps.map((s) => stepKey(s.kind, s.namespace, s.name)), ...plan.statefulSets.flatMap((p) => p.pods.map((pod) => stepKey('Pod', p.namespace, pod)))]);
  deps.log.info(`Preflight of StatefulSet ${set.name}: checks, then a server-side dry run in context "${target.context}" (${target.server})`);
  const checked = await withCancellableProgress(`Checking ${set.name} (server-side dry run, ${target.context})`, deps, async (signal, progress) => {
    const client = await loadCluster().ClusterClient.connect(target);
    return loadCluster().preflight(client, plan, findings, { signal, onProgress: tracker(deps, 'dry-run', progress) });
  });
  for (const p of [...checked?.dryRunFailures ?? [], ...checked?.checkErrors ?? []]) deps.log.warn(`preflight: ${loadCluster().formatProblem(p)}`);
  return checked;
}

async function withCancellableProgress<T>(title: string, deps: ProvisionDeps, work: (signal: AbortSignal, progress: vscode.Progress<{ message?: string }>) => Promise<T>): Promise<T | undefined> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    try {
      return await work(abort.signal, progress);
    } finally {
      sub.dispose();
    }
  }).then((r) => r, (e: unknown) => {
    void vscode.window.showErrorMessage(`${title} failed: ${(e as Error).message}`);
    deps.log.error((e as Error).message);
    return undefined;
  });
}

/** Progress events → the tree's states, the notification and the log. */
function tracker(deps: ProvisionDeps, stateSource: 'dry-run' | 'provision', progress: vscode.Progress<{ message?: string }>): (e: Cluster.ProgressEvent) => void {
  return (e) => {
    if (e.type === 'phase') { progress.report({ message: e.phase.replace(/-/g, ' ') }); return; }
    if (e.type === 'pod') {
      deps.states.set(stepKey('Pod', e.pod.namespace, e.pod.name), { state: e.pod.state === 'ready' ? 'ready' : 'waiting', detail: e.pod.reason, source: stateSource });
      deps.log.info(`pod ${e.pod.name}: ${e.pod.state}${e.pod.reason ? ` (${e.pod.reason})` : ''}`);
      return;
    }
    const s = e.step;
    const state: StepState = e.type === 'claim' && s.claim ? (s.claim.phase === 'Bound' ? 'bound' : 'pending') : OUTCOME_STATE[s.outcome];
    const detail = s.claim ? (s.claim.phase === 'Bound' ? `bound to ${s.claim.volume}` : s.claim.reason) : s.message;
    deps.states.set(stepKey(s.kind, s.namespace, s.name), { state, detail, source: stateSource });
    deps.log.info(`${s.kind} ${s.name}: ${state}${detail ? ` — ${detail}` : ''}`);
  };
}

function summarize(deps: ProvisionDeps, set: StatefulSet, report: Cluster.ProvisionReport, checkErrors: number): void {
  deps.log.info(`summary: ${JSON.stringify(report.summary)}${report.stoppedBecause ? `; stopped: ${report.stoppedBecause}` : ''}`);
  const s = report.summary;
  const dryRun = report.dryRun;
  const text = `${set.name}: ${dryRun ? `${s['would-create']} would be created` : `${s.created} created`}, ${s.unchanged} unchanged, ${s.drift} drifted, ${s.failed} failed`
    + (checkErrors ? `, ${checkErrors} check error${checkErrors === 1 ? '' : 's'}` : '')
    + (s['pending-claims'] ? `, ${s['pending-claims']} claims Pending` : '') + (report.pods.length ? `, ${s['pods-ready']}/${report.pods.length} pods Ready` : '')
    + (report.cancelled ? ' (cancelled: run again to resume)' : '');
  if (report.ok || (dryRun && s.failed === 0 && checkErrors === 0)) void vscode.window.showInformationMessage(text);
  else void vscode.window.showWarningMessage(`${text}${report.stoppedBecause && !report.cancelled ? ` — ${report.stoppedBecause}` : ''}`, 'Show log').then((a) => { if (a) deps.log.show(); });
}

async function confirm(cluster: typeof Cluster, checked: Cluster.PreflightResult, set: StatefulSet, steps: number, target: Cluster.ClusterTarget, where: string, yes: boolean): Promise<boolean> {
  const detail = `${steps} steps, in order: backing volumes (manual), PVs, claims (waiting for Bound), Service, StatefulSet, then pods. Existing objects are not changed; nothing is deleted.`;
  const question = `Provision StatefulSet ${set.name} into ${where}?`;
  if (isProtected(target.context)) {
    // check errors are shown (and must be overridden) before the context name is asked for
    if (checked.checkErrors.length && !await confirmAfterPreflight(cluster, checked, question, detail)) return false;
    const typed = await vscode.window.showInputBox({
      title: `"${target.context}" is a protected context`,
      prompt: `Type the context name to provision StatefulSet ${set.name} (${steps} steps) into ${where}`,
      validateInput: (v) => (v === target.context ? undefined : 'Type the context name exactly'),
      ignoreFocusOut: true,
    });
    return typed === target.context;
  }
  if (yes) return true;
  return confirmAfterPreflight(cluster, checked, question, detail);
}

function isProtected(context: string): boolean {
  return compileGlobs(readGuardSetting<string[]>('protectedContexts', ['*prod*']))(context);
}
