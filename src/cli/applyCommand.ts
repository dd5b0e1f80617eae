// `statefulset-storage apply [paths…] [--context C] [--namespace N] [--kubeconfig F] [--dry-run] [--yes] [--force] [--format text|json]`:
// provisions the plan of the given files into the chosen cluster, printing progress as it goes and the
// report at the end. Before the first write a preflight (the check errors of the objects, and a
// server-side dry run of each) must pass: a failure writes nothing. Changing a cluster needs consent:
// --yes, or an answer on a terminal.
import { createInterface } from 'node:readline/promises';
import { buildPlan, Plan } from '../core/plan';
import type { ClusterProfile } from '../core/profile';
import { manualLines } from '../core/planText';
import type { ClusterTarget, PreflightResult, PreflightVerdict } from '../cluster';
import type { ProgressEvent, ProvisionReport, StepReport } from '../cluster/report';
import { flagChoice, flagString, ParsedArgs } from './args';
import { InputError } from './files';
import { WORKSPACE_FLAGS } from './loadWorkspace';
import { loadApplyUnit } from './applyInputs';
import { Cluster, loadCluster } from './loadCluster';
import type { CommandIo } from '../cli';

export interface ApplyCommand {
  readonly flags: string[];
  /** `io.signal` (Ctrl-C): the run stops, and the report says what was created and what was not */
  run(args: ParsedArgs, out: NodeJS.WritableStream, io?: Pick<CommandIo, 'signal' | 'stopsOnSignal'>): Promise<number>;
}

const where = (s: { namespace: string | null; name: string }) => (s.namespace ? `${s.namespace}/${s.name}` : s.name);

function stepLine(s: StepReport): string[] {
  const head = `  [${s.phase}] ${s.outcome.padEnd(12)} ${s.kind} ${where(s)}`;
  const lines = [s.message ? `${head}: ${s.reason ? `${s.reason}: ` : ''}${s.message}` : head];
  if (s.manual && (s.outcome === 'manual')) {
    // shell-quoted: the lines are for copy-paste into a shell on that host
    lines.push(`      run on ${s.manual.where}:`, ...manualLines(s.manual).map((c) => `        ${c}`));
  }
  for (const d of s.drift ?? []) lines.push(`      ${d.path}: cluster has ${JSON.stringify(d.cluster) ?? 'unset'}, manifest has ${JSON.stringify(d.manifest)}`);
  return lines;
}

function progressLine(e: ProgressEvent): string[] {
  switch (e.type) {
    case 'phase': return [`${e.phase}:`];
    case 'step': return stepLine(e.step);
    case 'claim': return [claimLine(e.step)];
    case 'pod': return [`  pod ${e.pod.namespace}/${e.pod.name} ${e.pod.state}${e.pod.reason ? `: ${e.pod.reason}` : ''}`];
  }
}

function claimLine(step: StepReport): string {
  const c = step.claim;
  if (c?.phase === 'Bound') return `  claim ${where(step)} Bound to ${c.volume}`;
  return `  claim ${where(step)} ${c?.waitsForConsumer ? 'Pending' : 'still Pending'}: ${c?.reason ?? ''}`;
}

export function formatReportText(r: ProvisionReport): string {
  const s = r.summary;
  const lines = [
    '',
    `${r.dryRun ? 'Dry run' : 'Provisioning'} ${r.cancelled ? 'cancelled' : r.ok ? 'complete' : 'incomplete'} — context ${r.target.context}, namespace ${r.target.namespace}`,
    `  ${r.dryRun ? `${s['would-create']} would be created, ${s['would-update']} would be updated` : `${s.created} created, ${s.updated} updated`}, ${s.unchanged} unchanged, ${s.drift} drift, ${s.failed} failed, ${s['not-run']} not run, ${s.manual} manual`
      + (r.dryRun ? '' : `; claims pending: ${s['pending-claims']}; pods ready: ${s['pods-ready']}/${s['pods-ready'] + s['pods-waiting']}`),
  ];
  if (r.stoppedBecause) lines.push(`  stopped: ${r.stoppedBecause}`);
  for (const st of r.steps.filter((x) => x.outcome === 'failed' || x.outcome === 'drift')) lines.push(...stepLine(st));
  if (s.drift) lines.push('  drift is left as it is; fix the manifest or the cluster object, then run again');
  if (s['not-run'] && !r.cancelled) lines.push('  run again after fixing the failure: objects that exist and match are left unchanged');
  return lines.join('\n') + '\n';
}

async function confirm(out: NodeJS.WritableStream, question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: out as NodeJS.WritableStream });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

function countObjects(plan: Plan): number {
  return plan.steps.filter((s) => s.object).length;
}

/** Prints the preflight's problems; says whether apply may go on (and, forced, that it goes on anyway). */
function reportPreflight(cluster: typeof Cluster, r: PreflightResult, force: boolean, say: (lines: string[]) => void): PreflightVerdict {
  const { formatProblem } = cluster;
  const verdict = cluster.preflightVerdict(r, force);
  const problems = [...r.checkErrors, ...r.dryRunFailures];
  if (problems.length === 0) { say(['Preflight: checks and server-side dry run passed']); return verdict; }
  say([`Preflight: ${r.checkErrors.length} check error${r.checkErrors.length === 1 ? '' : 's'}, ${r.dryRunFailures.length} object${r.dryRunFailures.length === 1 ? '' : 's'} refused by the server's dry run`,
    ...problems.map((p) => `  ${formatProblem(p)}`)]);
  if (verdict === 'dry-run-failed') say(['Nothing was written: the server refuses the objects above (--force overrides check errors only).']);
  else if (verdict === 'check-errors') say(['Nothing was written: fix the check errors above, or pass --force to apply despite them.']);
  else if (verdict === 'go' && r.checkErrors.length) say(['--force: applying despite the check errors above.']);
  return verdict;
}

function preflightJson(r: PreflightResult): object {
  return { checkErrors: r.checkErrors, dryRunFailures: r.dryRunFailures };
}

export const applyCommand: ApplyCommand = {
  flags: ['format', 'context', 'kubeconfig', 'dry-run', 'yes', 'overwrite', 'force', 'kube-version', 'default-storage-class', ...WORKSPACE_FLAGS],
  async run(args, out, io) {
    const format = flagChoice(args, 'format', ['text', 'json'] as const, 'text');
    const dryRun = args.flags.get('dry-run') === true;
    const force = args.flags.get('force') === true;
    const overwrite = args.flags.get('overwrite') === true;
    const interactive = Boolean((out as { isTTY?: boolean }).isTTY && process.stdin.isTTY);
    if (!dryRun && args.flags.get('yes') !== true && !interactive) {
      throw new InputError('apply changes the cluster: pass --yes to confirm (or --dry-run to only check)');
    }
    const input = await loadApplyUnit(args);
    // loaded here, not at start-up: the other commands never parse the Kubernetes client
    const cluster = loadCluster();
    const target = await targetOf(cluster, args, input.profile);
    const { project, unit } = await input.analyze(target.namespace);
    const plan = buildPlan(unit.analysis, unit.profile);
    if (countObjects(plan) === 0) throw new InputError('nothing to apply: no StorageClass, PersistentVolume, PersistentVolumeClaim, Service or StatefulSet in the given paths');
    const text = format === 'text';
    const say = (lines: string[]) => { if (text) out.write(lines.join('\n') + '\n'); };
    say([`${dryRun ? 'Dry run against' : 'Applying to'} context ${target.context} (cluster ${target.cluster}, ${target.server}), namespace ${target.namespace}: ${countObjects(plan)} objects`]);
    const controller = new AbortController();
    const onCancel = () => { say(['Cancelling… (objects already created stay; run again to continue)']); controller.abort(); };
    io?.signal?.addEventListener('abort', onCancel, { once: true });
    // from here on, Ctrl-C lets the run stop and print its report (a second one ends the process)
    io?.stopsOnSignal?.();
    try {
      const client = await cluster.ClusterClient.connect(target);
      // before the first write, and before asking: the answer should know what the server will refuse
      const checked = await cluster.preflight(client, plan, project.findings, { overwrite, signal: controller.signal });
      const verdict = reportPreflight(cluster, checked, force, say);
      if (dryRun || verdict !== 'go') {
        // a refused apply prints the problems only; a dry run also its step by step report
        if (!text) out.write(JSON.stringify({ version: 1, preflight: preflightJson(checked), ...checked.dryRun }, null, 2) + '\n');
        else if (dryRun) out.write(formatReportText(checked.dryRun));
        return verdict === 'go' && checked.dryRun.ok ? 0 : 1;
      }
      if (args.flags.get('yes') !== true && !(await confirm(out, `Create them in ${target.context}/${target.namespace}? [y/N] `))) {
        say(['Nothing done.']);
        return 2;
      }
      const report = await cluster.provision(client, plan, { overwrite, signal: controller.signal, onProgress: (e) => say(progressLine(e)) });
      out.write(text ? formatReportText(report) : JSON.stringify({ version: 1, preflight: preflightJson(checked), ...report }, null, 2) + '\n');
      return report.cancelled ? 130 : report.ok ? 0 : 1;
    } finally {
      io?.signal?.removeEventListener('abort', onCancel);
    }
  },
};

/** --context/--namespace, else the config's context/namespace, else the kubeconfig's current ones */
async function targetOf(cluster: typeof Cluster, args: ParsedArgs, profile: ClusterProfile): Promise<ClusterTarget> {
  try {
    return await cluster.loadTarget({
      kubeconfig: flagString(args, 'kubeconfig'),
      context: flagString(args, 'context') ?? profile.context,
      namespace: flagString(args, 'namespace') ?? profile.namespace,
    });
  } catch (e) {
    if (e instanceof cluster.ClusterError) throw new InputError(e.message);
    throw e;
  }
}
