// "Provision stateful set" and its dry run: the set under the cursor (or picked), a confirmation that
// names context and namespace (typing the context name for protected ones), a cancellable progress
// notification, the log in the output channel, and live states in the tree.
import * as vscode from 'vscode';
import { Analysis } from '../../core/analysis';
import { compileGlobs } from '../../core/glob';
import { StatefulSet } from '../../core/model';
import { engine } from '../loadEngine';
import { AnalysisHost } from '../analysisHost';
import { pickStatefulSet } from '../pickStatefulSet';
import { SECTION } from '../settings';
import { ClusterSession } from './clusterSession';
import { Cluster, loadCluster } from './loadCluster';
import { StepState, StepStates, stepKey } from './stepStates';

export interface ProvisionArgs {
  readonly file?: string;
  readonly namespace?: string;
  readonly name?: string;
  /** skip the confirmation (tests, keybindings); never for protected contexts */
  readonly yes?: boolean;
}

export interface ProvisionDeps {
  readonly host: AnalysisHost;
  readonly session: ClusterSession;
  readonly states: StepStates;
  readonly log: vscode.LogOutputChannel;
}


function sameSet(analysis: Analysis, set: StatefulSet): StatefulSet | undefined {
  return analysis.index.statefulSets().find((s) => s.src.file === set.src.file && s.name === set.name && s.src.index === set.src.index);
}

const OUTCOME_STATE: Record<Cluster.Outcome, StepState> = {
  created: 'created', 'would-create': 'would-create', unchanged: 'unchanged', drift: 'drift', updated: 'created', 'would-update': 'drift',
  failed: 'failed', manual: 'manual', 'manual-done': 'created', 'not-run': 'planned',
};

export async function provisionCommand(deps: ProvisionDeps, dryRun: boolean, args: ProvisionArgs | { set?: StatefulSet } = {}): Promise<Cluster.ProvisionReport | undefined> {
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
  const picked = 'set' in args && args.set ? args.set : await pickStatefulSet(await deps.host.current(), args as ProvisionArgs, dryRun ? 'Dry-run which StatefulSet?' : 'Provision which StatefulSet?');
  if (!picked) return undefined;
  // the set's deployment unit as `kubectl apply -n <target namespace>` would create it
  const analysis = deps.host.engine.workspaceFor(picked.src.file)?.withDefaultNamespace(target.namespace).analyze();
  if (!analysis) return undefined;
  const set = sameSet(analysis, picked);
  if (!set) return undefined;
  const { buildPlan, planForSet } = engine();
  const plan = planForSet(buildPlan(analysis), analysis, set);
  const where = `context "${target.context}", namespace "${set.namespace}"`;

  if (!dryRun && !await confirm(set, plan.steps.length, target, where, Boolean((args as ProvisionArgs).yes))) return undefined;

  const stateSource = dryRun ? 'dry-run' : 'provision';
  deps.log.info(`${dryRun ? 'Dry run' : 'Provisioning'} StatefulSet ${set.name} into ${where} (${target.server})`);
  const report = await vscode.window.withProgress({
    location: vscode.ProgressLocation.Notification, title: `${dryRun ? 'Dry run of' : 'Provisioning'} ${set.name} (${target.context})`, cancellable: true,
  }, async (progress, token) => {
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    try {
      const cluster = loadCluster();
      const client = await deps.session.connect();
      return await cluster.provision(client, plan, {
        dryRun,
        signal: abort.signal,
        runManualStep: runManualStepFor(deps.log),
        onProgress: (e: Cluster.ProgressEvent) => {
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
        },
      });
    } finally {
      sub.dispose();
    }
  }).then((r) => r, (e: unknown) => {
    void vscode.window.showErrorMessage(`${dryRun ? 'Dry run' : 'Provisioning'} failed: ${(e as Error).message}`);
    deps.log.error((e as Error).message);
    return undefined;
  });
  if (!report) return undefined;
  deps.log.info(`summary: ${JSON.stringify(report.summary)}${report.stoppedBecause ? `; stopped: ${report.stoppedBecause}` : ''}`);
  const s = report.summary;
  const text = `${set.name}: ${dryRun ? `${s['would-create']} would be created` : `${s.created} created`}, ${s.unchanged} unchanged, ${s.drift} drifted, ${s.failed} failed`
    + (s['pending-claims'] ? `, ${s['pending-claims']} claims Pending` : '') + (report.pods.length ? `, ${s['pods-ready']}/${report.pods.length} pods Ready` : '')
    + (report.cancelled ? ' (cancelled: run again to resume)' : '');
  if (report.ok || (dryRun && s.failed === 0)) void vscode.window.showInformationMessage(text);
  else void vscode.window.showWarningMessage(`${text}${report.stoppedBecause && !report.cancelled ? ` — ${report.stoppedBecause}` : ''}`, 'Show log').then((a) => { if (a) deps.log.show(); });
  return report;
}

async function confirm(set: StatefulSet, steps: number, target: Cluster.ClusterTarget, where: string, yes: boolean): Promise<boolean> {
  const protectedGlobs = vscode.workspace.getConfiguration(SECTION).get<string[]>('protectedContexts', ['*prod*']);
  const isProtected = compileGlobs(protectedGlobs)(target.context);
  if (isProtected) {
    const typed = await vscode.window.showInputBox({
      title: `"${target.context}" is a protected context`,
      prompt: `Type the context name to provision StatefulSet ${set.name} (${steps} steps) into ${where}`,
      validateInput: (v) => (v === target.context ? undefined : 'Type the context name exactly'),
      ignoreFocusOut: true,
    });
    return typed === target.context;
  }
  if (yes) return true;
  const go = await vscode.window.showWarningMessage(
    `Provision StatefulSet ${set.name} into ${where}?`,
    { modal: true, detail: `${steps} steps, in order: backing volumes (manual), PVs, claims (waiting for Bound), Service, StatefulSet, then pods. Existing objects are not changed; nothing is deleted.` },
    'Provision',
  );
  return go === 'Provision';
}

/** Backing-volume commands run only when the setting allows it and the user confirms the exact commands. */
function runManualStepFor(log: vscode.LogOutputChannel): ((step: Cluster.ManualStep) => Promise<boolean>) | undefined {
  if (!vscode.workspace.getConfiguration(SECTION).get<boolean>('runBackingVolumeCommands', false)) return undefined;
  return async (step) => {
    const run = await vscode.window.showWarningMessage(`Run these commands for backing volume ${step.name} on this machine?`,
      { modal: true, detail: `${step.commands.join('\n')}\n\n(meant for ${step.where})` }, 'Run');
    if (run !== 'Run') return false;
    for (const command of step.commands) {
      log.info(`$ ${command}`);
      // loaded here: node:child_process costs milliseconds to load, and activation does not need it
      const { execFile } = await import('node:child_process');
      const ok = await new Promise<boolean>((resolve) => execFile('sh', ['-c', command], (err, stdout, stderr) => {
        if (stdout) log.info(stdout.trimEnd());
        if (stderr) log.warn(stderr.trimEnd());
        resolve(!err);
      }));
      if (!ok) return false;
    }
    return true;
  };
}
