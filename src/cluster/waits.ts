// What happens after the objects exist: claims binding (PVC phase) and a StatefulSet's pods becoming
// Ready in ordinal order — both observed through watches, with the controllers' own words (events,
// pod conditions) when something stays Pending.
import { claimClass } from '../core/simulation/facts';
import { ClusterClient, Json, KObject } from './client';
import { CancelledError } from './errors';
import { observe } from './observe';
import { PodReport, StepReport } from './report';

/** The newest event about an object (`reason: message`), e.g. the binder's "no persistent volumes available …". */
export async function latestEvent(client: ClusterClient, namespace: string, kind: string, name: string, signal?: AbortSignal): Promise<string | undefined> {
  const { items } = await client.list('v1', 'Event', namespace, { field: `involvedObject.kind=${kind},involvedObject.name=${name}` }, signal);
  const time = (e: Json) => String(e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? '');
  const last = items.sort((a, b) => time(a).localeCompare(time(b))).pop() as Json;
  return last ? `${last.reason}: ${last.message}` : undefined;
}

const boundClaim = (o: KObject): StepReport['claim'] => ({ phase: 'Bound', volume: String(o.spec?.volumeName ?? '') });

/**
 * The PV controller's events on a claim of a WaitForFirstConsumer class: before a pod uses it, then until
 * the scheduler has placed that pod (its PodScheduled condition says why not). No verdict on the claim.
 */
const NO_VERDICT = ['WaitForFirstConsumer:', 'WaitForPodScheduled:'];
const LATE_BINDING = 'binds when the pod that uses it is scheduled (its StorageClass is WaitForFirstConsumer)';

/**
 * Whether a Pending claim waits for its pod: its class (as the cluster holds it) binds late, and it names
 * no volume (a claim with spec.volumeName is bound at once whatever its class). Classes are read once each;
 * one that cannot be read counts as binding at once (the claim is then waited for, as before).
 */
function lateBindingCheck(client: ClusterClient, signal: AbortSignal | undefined): (claim: KObject) => Promise<boolean> {
  const classes = new Map<string, Promise<boolean>>();
  return async (claim) => {
    const name = claimClass(claim); // the beta annotation first, as the PV controller reads it
    if (name === '' || claim.spec?.volumeName) return false;
    let late = classes.get(name);
    if (!late) {
      late = client.get({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', name }, signal).then(
        (c) => c?.volumeBindingMode === 'WaitForFirstConsumer',
        (e) => { if (e instanceof CancelledError) throw e; return false; }, // a cancel ends the wait at once
      );
      classes.set(name, late);
    }
    return late;
  };
}

/**
 * Waits until every claim step is Bound, or waits for its pod (WaitForFirstConsumer: it cannot bind
 * before the StatefulSet exists); fills `step.claim` either way.
 */
export async function waitForClaims(
  client: ClusterClient, namespace: string, steps: readonly StepReport[], timeoutMs: number, signal: AbortSignal | undefined, onBound: (s: StepReport) => void,
): Promise<void> {
  const pending = new Map(steps.map((s) => [s.name, s]));
  const bindsLate = lateBindingCheck(client, signal);
  await observe(client, { apiVersion: 'v1', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', namespace }, async (objects) => {
    for (const [name, step] of pending) {
      const o = objects.get(name);
      if (o?.status?.phase === 'Bound') {
        step.claim = boundClaim(o);
        pending.delete(name);
        onBound(step);
      } else if (o && await bindsLate(o)) {
        step.claim = { phase: 'Pending', reason: LATE_BINDING, waitsForConsumer: true };
        pending.delete(name);
      }
    }
    return pending.size === 0;
  }, { timeoutMs, signal });
  for (const [name, step] of pending) {
    const event = await latestEvent(client, namespace, 'PersistentVolumeClaim', name, signal);
    step.claim = { phase: 'Pending', reason: event ?? `still Pending after ${Math.round(timeoutMs / 1000)}s; the binder reported nothing` };
  }
}

/** Claims that waited for their pods (WaitForFirstConsumer), read again: each now Bound is reported. */
export async function refreshLateClaims(client: ClusterClient, steps: readonly StepReport[], signal: AbortSignal | undefined, onBound: (s: StepReport) => void): Promise<void> {
  for (const step of steps) {
    const o = await client.get({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: step.name, namespace: step.namespace ?? undefined }, signal);
    if (o?.status?.phase !== 'Bound') continue; // still Pending: the pods' report says why
    step.claim = boundClaim(o);
    onBound(step);
  }
}

export interface SetToWatch {
  readonly name: string;
  readonly namespace: string;
  readonly ordinals: { readonly start: number; readonly end: number };
  readonly parallel: boolean;
  readonly matchLabels: Readonly<Record<string, string>>;
}

const claimNamesOf = (pod: KObject): string[] =>
  (pod.spec?.volumes ?? []).flatMap((v: Json) => (v?.persistentVolumeClaim?.claimName ? [String(v.persistentVolumeClaim.claimName)] : []));

const isReady = (pod: KObject | undefined) => pod?.status?.phase === 'Running'
  && (pod.status?.conditions ?? []).some((c: Json) => c?.type === 'Ready' && c?.status === 'True');

/**
 * Watches a set's pods until all are Ready, or until the first waiting pod is stuck on a Pending claim
 * the binder has given up on (an event says why), or until the time is up.
 */
export async function waitForPods(
  client: ClusterClient, set: SetToWatch, timeoutMs: number, signal: AbortSignal | undefined, onPod: (p: PodReport) => void,
): Promise<PodReport[]> {
  const names: string[] = [];
  for (let o = set.ordinals.start; o <= set.ordinals.end; o++) names.push(`${set.name}-${o}`);
  const reasons = new Map<string, string>(); // pod name → why it waits (its claim's event)
  let announced = 0;
  let latest: ReadonlyMap<string, KObject> = new Map();

  /** why a Pending pod cannot proceed: a claim that does not exist, or a Pending one the binder commented on */
  const stuckReason = async (pod: KObject): Promise<string | undefined> => {
    const name = pod.metadata.name ?? '';
    if (reasons.has(name)) return reasons.get(name);
    const unscheduled = (pod.status?.conditions ?? []).find((c: Json) => c?.type === 'PodScheduled' && c?.status === 'False');
    if (!unscheduled) return undefined;
    for (const claim of claimNamesOf(pod)) {
      const c = await client.get({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: claim, namespace: set.namespace }, signal);
      if (c?.status?.phase === 'Bound') continue;
      const event = c ? await latestEvent(client, set.namespace, 'PersistentVolumeClaim', claim, signal) : undefined;
      // the late-binding events say the claim waits for this very pod: the pod's own condition says why it waits
      if (!c || (event && !NO_VERDICT.some((p) => event.startsWith(p)))) {
        // only a definite answer is kept: until the binder has spoken, the next check asks again
        const reason = c ? `claim ${claim} is Pending: ${event}` : `claim ${claim} does not exist`;
        reasons.set(name, reason);
        return reason;
      }
    }
    return undefined;
  };

  const labelSelector = Object.entries(set.matchLabels).map(([k, v]) => `${k}=${v}`).join(',');
  const done = await observe(client, { apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespace: set.namespace, labelSelector }, async (objects) => {
    latest = objects;
    while (announced < names.length && isReady(objects.get(names[announced]))) {
      onPod({ statefulSet: set.name, namespace: set.namespace, name: names[announced], ordinal: set.ordinals.start + announced, state: 'ready' });
      announced++;
    }
    if (announced === names.length) return true;
    const waiting = names.filter((n) => !isReady(objects.get(n)));
    const existing = waiting.map((n) => objects.get(n)).filter((p): p is KObject => Boolean(p));
    if (!set.parallel) return existing.length > 0 && Boolean(await stuckReason(existing[0])) && existing.length === 1;
    if (existing.length < waiting.length) return false;
    for (const p of existing) if (!(await stuckReason(p))) return false;
    return true;
  }, { timeoutMs, signal, recheckMs: 1000 });

  const reports: PodReport[] = [];
  let blocker: string | undefined;
  names.forEach((name, i) => {
    const pod = latest.get(name);
    const base = { statefulSet: set.name, namespace: set.namespace, name, ordinal: set.ordinals.start + i };
    if (isReady(pod)) { reports.push({ ...base, state: 'ready' }); return; }
    if (!pod) {
      reports.push({ ...base, state: 'not-created', reason: blocker && !set.parallel ? `OrderedReady: waits for ${blocker} to be Running and Ready` : 'not created by the StatefulSet controller yet' });
      return;
    }
    blocker ??= name;
    const condition = (pod.status?.conditions ?? []).find((c: Json) => c?.status === 'False' && (c?.type === 'PodScheduled' || c?.type === 'Ready'));
    const reason = reasons.get(name) ?? (condition ? String(condition.message ?? condition.reason ?? `${condition.type} False`) : undefined)
      ?? `${pod.status?.phase ?? 'Pending'}, not Ready after ${Math.round(timeoutMs / 1000)}s`;
    const report: PodReport = { ...base, state: 'waiting', reason };
    reports.push(report);
    onPod(report);
  });
  void done;
  return reports;
}
