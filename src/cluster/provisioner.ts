// Applies the engine's plan to a cluster, in its order: backing volumes (manual: reported, run only
// through a caller-provided callback) → StorageClass → PVs → PVCs (then wait for Bound) → Service →
// StatefulSet (then watch pods become Ready in ordinal order). Objects of one phase go out in parallel,
// bounded. Idempotent: existing equal objects are left unchanged, different ones reported as drift and left
// alone unless `overwrite`. Nothing is ever deleted. A failed phase stops the run; a rerun resumes.
import type { ManualCommands, Plan, PlanStep } from '../core/plan';
import { PHASES } from '../core/plan';
import { ClusterClient, KObject } from './client';
import { wrongVolume } from './claimVolumes';
import { driftOf, overlay } from './compare';
import { CancelledError, ClusterError, throwIfAborted } from './errors';
import { describeTarget } from './kubeconfig';
import { mapLimit } from './pool';
import { PodReport, ProgressEvent, ProvisionReport, StepReport, summarize } from './report';
import { refreshLateClaims, waitForClaims, waitForPods } from './waits';

export const DEFAULT_CONCURRENCY = 16;

export type ManualStepResult = 'ran' | 'not-run' | 'failed';

/** A backing volume's commands: argv arrays, to run without a shell on `host` (see core/backingVolumes). */
export interface ManualStep extends ManualCommands {
  readonly name: string;
}

export interface ProvisionOptions {
  readonly dryRun?: boolean;
  /** replace objects that differ from their manifest (never a bound PV's claimRef) */
  readonly overwrite?: boolean;
  /** requests in flight within a phase (default 16: enough to hide round trips, far below API priority-and-fairness limits) */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (e: ProgressEvent) => void;
  /**
   * Runs a backing-volume step's commands — only if the caller provides it (after asking the user):
   * 'ran' when they succeeded, 'not-run' when the user chose not to run them here (the step stays manual),
   * 'failed' when one failed (the run stops: the PVs would name a volume that was not made). Without it,
   * the steps are reported as manual.
   */
  readonly runManualStep?: (step: ManualStep) => Promise<ManualStepResult>;
  readonly bindTimeoutMs?: number;
  readonly readyTimeoutMs?: number;
  /** watch pods become Ready after the StatefulSet (default true) */
  readonly waitForPods?: boolean;
}

/** The manifest a step creates, as plain JSON, with the namespace the plan resolved. */
export function manifestOf(step: PlanStep): KObject {
  const o = step.object!.src.yaml.toJS({ maxAliasCount: 100 }) as KObject;
  o.metadata ??= {};
  if (step.namespace) o.metadata.namespace = step.namespace;
  return o;
}

export async function provision(client: ClusterClient, plan: Plan, options: ProvisionOptions = {}): Promise<ProvisionReport> {
  const dryRun = Boolean(options.dryRun);
  const emit = (e: ProgressEvent) => options.onProgress?.(e);
  const steps: StepReport[] = plan.steps.map((s) => ({
    order: s.order, phase: s.phase, kind: s.kind, name: s.name, namespace: s.namespace, file: s.file, outcome: 'not-run',
    ...(s.manual ? { manual: s.manual } : {}),
  }));
  const report: ProvisionReport = {
    target: describeTarget(client.target), dryRun, steps, pods: [], cancelled: false, summary: summarize({ steps, pods: [], cancelled: false }).summary, ok: false,
  };
  const redact = (s: string) => client.target.redactor.redact(s);
  const fail = (step: StepReport, e: unknown) => {
    const err = e instanceof ClusterError ? e : client.error(e, { apiVersion: '', kind: step.kind, name: step.name });
    step.outcome = 'failed';
    step.reason = err.reason;
    if (err.code !== undefined) step.code = err.code;
    step.message = redact(err.message);
  };

  try {
    for (const phase of PHASES) {
      const indices = plan.steps.map((s, i) => (s.phase === phase ? i : -1)).filter((i) => i >= 0);
      if (indices.length === 0) continue;
      throwIfAborted(options.signal);
      emit({ type: 'phase', phase });
      if (phase === 'backing-volume') {
        for (const i of indices) await manualStep(steps[i], plan.steps[i], options, emit);
        const failed = indices.map((i) => steps[i]).find((s) => s.outcome === 'failed');
        if (failed) { report.stoppedBecause = `${failed.kind} ${failed.name}: ${failed.message}`; break; }
        continue;
      }
      const existing = await prefetch(client, plan.steps, indices, options.signal);
      await mapLimit(indices, options.concurrency ?? DEFAULT_CONCURRENCY, async (i) => {
        const step = steps[i];
        try {
          await applyStep(client, step, manifestOf(plan.steps[i]), existing, dryRun, Boolean(options.overwrite), options.signal);
        } catch (e) {
          if (e instanceof CancelledError) throw e;
          fail(step, e);
        }
        emit({ type: 'step', step });
      }, options.signal);
      const failed = indices.map((i) => steps[i]).filter((s) => s.outcome === 'failed');
      if (failed.length && !dryRun) {
        report.stoppedBecause = `${failed[0].kind} ${failed[0].name}: ${failed[0].message}`;
        break;
      }
      if (dryRun) continue;
      if (phase === 'persistent-volume-claim') {
        const waited = await waitOrWhy(client, 'the claims to bind', () => waitClaims(client, indices.map((i) => steps[i]), options, emit));
        const stop = waited ?? checkClaimVolumes(plan, steps, indices, emit, BEFORE_SET);
        if (stop) { report.stoppedBecause = stop; break; }
      }
      if (phase === 'stateful-set' && options.waitForPods !== false) {
        const waited = await waitOrWhy(client, 'the pods', async () => { report.pods.push(...await waitPods(client, plan, indices.map((i) => steps[i]), options, emit)); });
        report.stoppedBecause = waited ?? await lateClaimsChecked(client, plan, steps, options.signal, emit);
      }
    }
  } catch (e) {
    if (!(e instanceof CancelledError)) throw e;
    report.cancelled = true;
    report.stoppedBecause = 'cancelled';
  }
  const { summary, ok } = summarize(report);
  Object.assign(report.summary, summary);
  report.ok = ok && !report.stoppedBecause;
  return report;
}

/** Runs a wait; a failure of the wait itself (a watch refused, the server gone) is why the run stops, with what was done kept. */
async function waitOrWhy(client: ClusterClient, what: string, wait: () => Promise<void>): Promise<string | undefined> {
  try {
    await wait();
    return undefined;
  } catch (e) {
    if (e instanceof CancelledError) throw e;
    const err = e instanceof ClusterError ? e : client.error(e, { apiVersion: 'v1', kind: what, name: '' });
    return `waiting for ${what}: ${client.target.redactor.redact(err.message)}`;
  }
}

const BEFORE_SET = 'The StatefulSet was not applied: its pod would mount that volume. Delete or fix the claim, then run again.';
const WITH_POD = 'It bound when its pod was scheduled (WaitForFirstConsumer), and that pod mounts it.';

/**
 * The claims left to their pods' scheduling (WaitForFirstConsumer), read again once the pods were waited
 * for, and checked as the others were before the set: returns why the run failed, or undefined.
 */
async function lateClaimsChecked(client: ClusterClient, plan: Plan, steps: StepReport[], signal: AbortSignal | undefined, emit: (e: ProgressEvent) => void): Promise<string | undefined> {
  const late = steps.flatMap((s, i) => (s.claim?.phase === 'Pending' && s.claim.waitsForConsumer ? [i] : []));
  if (late.length === 0) return undefined;
  const why = await waitOrWhy(client, 'the claims bound with their pods', () => refreshLateClaims(client, late.map((i) => steps[i]), signal, (s) => emit({ type: 'claim', step: s })));
  return why ?? checkClaimVolumes(plan, steps, late, emit, WITH_POD);
}

/**
 * Fails each claim bound to a volume the manifests did not mean for it (claimVolumes.ts): the set's pods
 * would mount it (`consequence` says what that means at this point). Returns why the run stops, or undefined.
 */
function checkClaimVolumes(plan: Plan, steps: StepReport[], indices: readonly number[], emit: (e: ProgressEvent) => void, consequence: string): string | undefined {
  const planVolumes = new Set(plan.steps.filter((s) => s.kind === 'PersistentVolume').map((s) => s.name));
  let first: string | undefined;
  for (const i of indices) {
    const step = steps[i];
    const why = wrongVolume(step, manifestOf(plan.steps[i]), plan, planVolumes);
    if (!why) continue;
    step.outcome = 'failed';
    step.reason = 'WrongVolume';
    step.message = `${why}. ${consequence}`;
    emit({ type: 'step', step });
    first ??= `${step.kind} ${step.name}: ${step.message}`;
  }
  return first;
}

async function manualStep(step: StepReport, plan: PlanStep, options: ProvisionOptions, emit: (e: ProgressEvent) => void): Promise<void> {
  step.outcome = 'manual';
  // a step whose values were unsafe has no command: there is nothing to offer
  if (options.runManualStep && plan.manual && plan.manual.commands.length && !options.dryRun) {
    const ran = await options.runManualStep({ name: plan.name, ...plan.manual });
    if (ran === 'ran') step.outcome = 'manual-done';
    if (ran === 'failed') {
      step.outcome = 'failed';
      step.reason = 'CommandFailed';
      step.message = `a command for this backing volume failed (the output channel has it): the PVs that name it were not applied`;
    }
  }
  emit({ type: 'step', step });
}

const key = (kind: string, namespace: string | null | undefined, name: string) => `${kind}/${namespace ?? ''}/${name}`;

/**
 * One LIST per kind and namespace instead of a GET per object: a rerun over 100 claims costs one request.
 * When a list is refused, those objects are read one by one (and a refusal then lands on the step).
 */
async function prefetch(client: ClusterClient, planSteps: readonly PlanStep[], indices: readonly number[], signal?: AbortSignal): Promise<Map<string, KObject | undefined> | undefined> {
  const groups = new Map<string, { apiVersion: string; kind: string; namespace?: string }>();
  for (const i of indices) {
    const o = planSteps[i].object!;
    groups.set(`${o.apiVersion}|${o.kind}|${planSteps[i].namespace ?? ''}`, { apiVersion: o.apiVersion, kind: o.kind, namespace: planSteps[i].namespace ?? undefined });
  }
  const found = new Map<string, KObject | undefined>();
  for (const g of groups.values()) {
    try {
      const { items } = await client.list(g.apiVersion, g.kind, g.namespace, {}, signal);
      for (const o of items) found.set(key(g.kind, g.namespace, o.metadata.name ?? ''), o);
      for (const i of indices) {
        const s = planSteps[i];
        if (s.object!.apiVersion === g.apiVersion && s.kind === g.kind && (s.namespace ?? undefined) === g.namespace && !found.has(key(s.kind, s.namespace, s.name))) {
          found.set(key(s.kind, s.namespace, s.name), undefined);
        }
      }
    } catch (e) {
      if (e instanceof CancelledError) throw e;
      // leave this group out: its steps GET their object and report the error themselves
    }
  }
  return found;
}

async function applyStep(
  client: ClusterClient, step: StepReport, manifest: KObject, existing: Map<string, KObject | undefined> | undefined,
  dryRun: boolean, overwrite: boolean, signal?: AbortSignal,
): Promise<void> {
  const k = key(step.kind, step.namespace, step.name);
  const live = existing?.has(k) ? existing.get(k) : await client.get({ apiVersion: manifest.apiVersion ?? 'v1', kind: step.kind, name: step.name, namespace: step.namespace }, signal);
  if (!live) {
    await client.create(manifest, dryRun, signal);
    step.outcome = dryRun ? 'would-create' : 'created';
    return;
  }
  const unusable = unusableLive(step, live);
  if (unusable) {
    step.outcome = 'failed';
    step.reason = unusable.reason;
    step.message = unusable.message;
    return;
  }
  const drift = driftOf(manifest, live);
  if (drift.length === 0) { step.outcome = 'unchanged'; return; }
  step.drift = drift;
  if (!overwrite) { step.outcome = 'drift'; return; }
  try {
    await client.replace(overlay(manifest, live), dryRun, signal);
  } catch (e) {
    if (!(e instanceof ClusterError) || e.code !== 409) throw e;
    // changed under us (a controller's status write): read again and retry once
    const fresh = await client.get({ apiVersion: manifest.apiVersion ?? 'v1', kind: step.kind, name: step.name, namespace: step.namespace }, signal);
    if (!fresh) throw e;
    await client.replace(overlay(manifest, fresh), dryRun, signal);
  }
  step.outcome = dryRun ? 'would-update' : 'updated';
}

/**
 * An existing object that equals its manifest but cannot serve: one being deleted, or a PV left Released
 * (its claimRef keeps the deleted claim's uid, so no new claim binds it) or Failed. Counting it unchanged
 * would leave the claims Pending for ever.
 */
function unusableLive(step: StepReport, live: KObject): { reason: string; message: string } | undefined {
  if (live.metadata.deletionTimestamp) {
    return { reason: 'Terminating', message: `${step.kind} ${step.name} is being deleted (deletionTimestamp ${live.metadata.deletionTimestamp}): run again once it is gone` };
  }
  if (step.kind !== 'PersistentVolume') return undefined;
  const phase = live.status?.phase;
  if (phase === 'Released') {
    const ref = live.spec?.claimRef ?? {};
    return {
      reason: 'Released',
      message: `PV ${step.name} is Released: its claimRef still names the deleted claim ${ref.namespace ?? ''}/${ref.name ?? ''} by uid, so no new claim binds it. `
        + `To reuse it with its data, remove that uid: kubectl patch pv ${step.name} --type json -p '[{"op":"remove","path":"/spec/claimRef/uid"}]'`,
    };
  }
  if (phase === 'Failed') return { reason: 'Failed', message: `PV ${step.name} is Failed (its reclaim failed): no claim binds it until an admin repairs or recreates it` };
  return undefined;
}

async function waitClaims(client: ClusterClient, steps: StepReport[], options: ProvisionOptions, emit: (e: ProgressEvent) => void): Promise<void> {
  const byNamespace = new Map<string, StepReport[]>();
  for (const s of steps) {
    // a claim that differs from its manifest (drift) exists all the same: its volume is checked too
    if (s.outcome === 'failed' || !s.namespace) continue;
    byNamespace.set(s.namespace, [...(byNamespace.get(s.namespace) ?? []), s]);
  }
  await Promise.all([...byNamespace].map(async ([ns, list]) => {
    await waitForClaims(client, ns, list, options.bindTimeoutMs ?? 60_000, options.signal, (s) => emit({ type: 'claim', step: s }));
    for (const s of list) if (s.claim?.phase === 'Pending') emit({ type: 'claim', step: s });
  }));
}

async function waitPods(client: ClusterClient, plan: Plan, steps: StepReport[], options: ProvisionOptions, emit: (e: ProgressEvent) => void): Promise<PodReport[]> {
  const out: PodReport[] = [];
  for (const step of steps) {
    if (step.kind !== 'StatefulSet' || step.outcome === 'failed') continue;
    const set = plan.statefulSets.find((s) => s.name === step.name && s.namespace === step.namespace);
    const planStep = plan.steps.find((s) => s.order === step.order);
    if (!set || !planStep?.object || set.replicas === 0) continue;
    const manifest = manifestOf(planStep);
    out.push(...await waitForPods(client, {
      name: set.name, namespace: set.namespace, ordinals: set.ordinals,
      parallel: manifest.spec?.podManagementPolicy === 'Parallel',
      matchLabels: manifest.spec?.selector?.matchLabels ?? {},
    }, options.readyTimeoutMs ?? 300_000, options.signal, (pod) => emit({ type: 'pod', pod })));
  }
  return out;
}
