// A stand-in for the scheduler and the kubelet: a pod whose claims all exist and are Bound is scheduled
// and, after a configurable delay, Running and Ready. A pod with a missing or unbound claim stays Pending
// with the scheduler's reason — never Ready. Pods matched by `neverReady` stay Running but not Ready
// (a failing readiness probe), so tests can hold an OrderedReady rollout.
import { SimApi } from './api';
import { ANN_SELECTED_NODE } from './binder';
import { Clock } from './clock';
import { claimClass } from './facts';
import { resource } from './resources';
import { clone, Json, jsonEqual, KObject } from './types';

const PODS = resource('pods');
const PVCS = resource('persistentvolumeclaims');
const CLASSES = resource('storageclasses');
export const NODE_NAME = 'node-1';

export interface KubeletOptions {
  readonly readyDelayMs: number;
  readonly neverReady?: (pod: KObject) => boolean;
}

export class Kubelet {
  /** pods waiting for their start timer (by uid) */
  private readonly starting = new Map<string, () => void>();

  constructor(private readonly api: SimApi, private readonly clock: Clock, private readonly options: KubeletOptions) {}

  sync(): void {
    for (const pod of this.api.list(PODS).items) this.syncPod(pod);
  }

  stop(): void {
    for (const cancel of this.starting.values()) cancel();
    this.starting.clear();
  }

  /** Why the scheduler cannot place the pod, or undefined when every claim is Bound. */
  private unschedulableReason(pod: KObject): string | undefined {
    const names: string[] = (pod.spec?.volumes ?? []).flatMap((v: Json) => (v?.persistentVolumeClaim?.claimName ? [v.persistentVolumeClaim.claimName] : []));
    for (const name of names) {
      const claim = this.api.tryGet(PVCS, pod.metadata.namespace, name);
      if (!claim) return `0/1 nodes are available: persistentvolumeclaim "${name}" not found.`;
      if (claim.status?.phase === 'Bound') continue;
      const cls = this.api.tryGet(CLASSES, undefined, claimClass(claim));
      if ((cls as Json)?.volumeBindingMode === 'WaitForFirstConsumer') {
        // the scheduler picks a node and lets the binder proceed (volume.kubernetes.io/selected-node)
        if (!claim.metadata.annotations?.[ANN_SELECTED_NODE]) {
          const next = clone(claim);
          next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [ANN_SELECTED_NODE]: NODE_NAME };
          this.api.update(PVCS, claim.metadata.namespace, name, next);
        }
        return `0/1 nodes are available: waiting for claim "${name}" to be bound.`;
      }
      return '0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.';
    }
    return undefined;
  }

  private syncPod(pod: KObject): void {
    if (pod.status?.phase === 'Running' || pod.metadata.deletionTimestamp) return;
    const uid = pod.metadata.uid ?? '';
    const reason = this.unschedulableReason(pod);
    if (reason) {
      const conditions = [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: reason, lastTransitionTime: null, lastProbeTime: null }];
      this.writeStatus(pod, { ...(pod.status ?? {}), phase: 'Pending', conditions });
      return;
    }
    if (this.starting.has(uid)) return;
    const scheduled = this.writeStatus(pod, {
      ...(pod.status ?? {}), phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: this.time(), lastProbeTime: null }],
    });
    this.starting.set(uid, this.clock.schedule(this.options.readyDelayMs, () => {
      this.starting.delete(uid);
      this.start(scheduled);
    }));
  }

  private start(stale: KObject): void {
    const pod = this.api.tryGet(PODS, stale.metadata.namespace, stale.metadata.name ?? '');
    if (!pod || pod.metadata.uid !== stale.metadata.uid) return;
    const ready = !this.options.neverReady?.(pod);
    const now = this.time();
    const containers: Json[] = Array.isArray(pod.spec?.containers) ? pod.spec.containers : [];
    this.writeStatus(pod, {
      phase: 'Running',
      hostIP: '10.0.0.11',
      podIP: `10.244.0.${(Number(pod.metadata.uid?.slice(-4) ?? '0') % 250) + 2}`,
      startTime: now,
      qosClass: pod.status?.qosClass ?? 'BestEffort',
      conditions: [
        { type: 'PodScheduled', status: 'True', lastTransitionTime: now, lastProbeTime: null },
        { type: 'Initialized', status: 'True', lastTransitionTime: now, lastProbeTime: null },
        { type: 'ContainersReady', status: ready ? 'True' : 'False', lastTransitionTime: now, lastProbeTime: null },
        { type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: now, lastProbeTime: null, ...(ready ? {} : { reason: 'ContainersNotReady', message: 'readiness probe failed' }) },
      ],
      containerStatuses: containers.map((c: Json) => ({ name: c?.name, image: c?.image, ready, started: true, restartCount: 0, state: { running: { startedAt: now } } })),
    });
  }

  private writeStatus(pod: KObject, status: Json): KObject {
    if (jsonEqual(pod.status, status)) return pod;
    return this.api.update(PODS, pod.metadata.namespace, pod.metadata.name ?? '', { ...pod, status }, { subresource: 'status' });
  }

  private time(): string {
    return new Date(this.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
}
