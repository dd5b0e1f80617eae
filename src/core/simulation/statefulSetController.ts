// The StatefulSet controller (stateful_set_control.go, stateful_pod_control.go): per set, claims from the
// templates when absent, then pods — OrderedReady one at a time waiting for Running+Ready, Parallel all at
// once — the retention policy's ownerReferences, scale-down from the highest ordinal, and the status.
import { SimApi } from './api';
import { ApiError } from './errors';
import { EventRecorder } from './events';
import {
  claimName, claimTemplates, isRunningAndReady, newClaim, newPod, ordinalRange, ownerRef, podName, POD_INDEX_LABEL, revisionHash,
} from './podTemplate';
import { resource } from './resources';
import { clone, Json, jsonEqual, KObject, OwnerReference } from './types';

const SETS = resource('statefulsets');
const PODS = resource('pods');
const PVCS = resource('persistentvolumeclaims');

export class StatefulSetController {
  constructor(private readonly api: SimApi, private readonly recorder: EventRecorder) {}

  sync(): void {
    for (const set of this.api.list(SETS).items) this.syncSet(set);
  }

  private ownedPods(set: KObject): Map<number, KObject> {
    const out = new Map<number, KObject>();
    for (const pod of this.api.list(PODS, set.metadata.namespace).items) {
      if (!pod.metadata.ownerReferences?.some((r) => r.uid === set.metadata.uid)) continue;
      const ordinal = Number(pod.metadata.labels?.[POD_INDEX_LABEL]);
      if (Number.isInteger(ordinal)) out.set(ordinal, pod);
    }
    return out;
  }

  private syncSet(set: KObject): void {
    const ns = set.metadata.namespace;
    const { start, end } = ordinalRange(set);
    const parallel = set.spec?.podManagementPolicy === 'Parallel';
    const pods = this.ownedPods(set);

    for (let ordinal = start; ordinal <= end; ordinal++) {
      const pod = pods.get(ordinal);
      if (pod) {
        this.updateRetention(set, ordinal, undefined);
        if (!parallel && !isRunningAndReady(pod)) break; // OrderedReady: the next pod waits for this one
        continue;
      }
      if (!this.createClaims(set, ordinal)) break;
      const created = this.createPod(set, ordinal);
      if (created) pods.set(ordinal, created);
      if (!parallel || !created) break;
    }

    // Scale down: the highest ordinal outside the range first; one at a time under OrderedReady.
    const condemned = [...pods.keys()].filter((o) => o < start || o > end).sort((a, b) => b - a);
    for (const ordinal of condemned) {
      const pod = pods.get(ordinal)!;
      this.updateRetention(set, ordinal, pod);
      this.api.delete(PODS, ns, pod.metadata.name ?? '');
      pods.delete(ordinal);
      this.recorder.record(set, 'Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`);
      if (!parallel) break;
    }
    this.updateStatus(set, pods);
  }

  /** createPersistentVolumeClaims: only absent claims are created; an existing one is used as is. */
  private createClaims(set: KObject, ordinal: number): boolean {
    for (const template of claimTemplates(set)) {
      const name = claimName(template?.metadata?.name, set.metadata.name ?? '', ordinal);
      const existing = this.api.tryGet(PVCS, set.metadata.namespace, name);
      if (existing) {
        if (existing.metadata.deletionTimestamp) {
          this.recorder.record(set, 'Warning', 'FailedCreate', `pvc ${name} is being deleted`);
          return false;
        }
        continue;
      }
      const claim = newClaim(set, template, ordinal);
      if (set.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted === 'Delete') claim.metadata.ownerReferences = [ownerRef(set)];
      try {
        this.api.create(PVCS, set.metadata.namespace, claim);
        this.recorder.record(set, 'Normal', 'SuccessfulCreate', `create Claim ${name} Pod ${podName(set.metadata.name ?? '', ordinal)} in StatefulSet ${set.metadata.name} success`);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        this.recorder.record(set, 'Warning', 'FailedCreate',
          `create Claim ${name} for Pod ${podName(set.metadata.name ?? '', ordinal)} in StatefulSet ${set.metadata.name} failed error: ${e.message}`);
        return false;
      }
    }
    return true;
  }

  private createPod(set: KObject, ordinal: number): KObject | undefined {
    const pod = newPod(set, ordinal);
    try {
      const created = this.api.create(PODS, set.metadata.namespace, pod);
      this.recorder.record(set, 'Normal', 'SuccessfulCreate', `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`);
      return created;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      this.recorder.record(set, 'Warning', 'FailedCreate', `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${e.message}`);
      return undefined;
    }
  }

  /**
   * isClaimOwnerUpToDate: whenDeleted=Delete → the set owns the claim; whenScaled=Delete → a condemned
   * pod owns its claim (so the garbage collector deletes it with the pod). Retain removes those refs.
   */
  private updateRetention(set: KObject, ordinal: number, condemnedPod: KObject | undefined): void {
    const policy = set.spec?.persistentVolumeClaimRetentionPolicy ?? {};
    for (const template of claimTemplates(set)) {
      const claim = this.api.tryGet(PVCS, set.metadata.namespace, claimName(template?.metadata?.name, set.metadata.name ?? '', ordinal));
      if (!claim) continue;
      // keep foreign references; re-derive the set's (and the condemned pod's) from the policy
      const refs: OwnerReference[] = (claim.metadata.ownerReferences ?? [])
        .filter((r) => r.uid !== set.metadata.uid && r.uid !== condemnedPod?.metadata.uid);
      if (policy.whenDeleted === 'Delete') refs.push(ownerRef(set));
      if (condemnedPod && policy.whenScaled === 'Delete') refs.push({ ...ownerRef(condemnedPod), controller: false });
      if (jsonEqual(refs, claim.metadata.ownerReferences ?? [])) continue;
      const next = clone(claim);
      if (refs.length) next.metadata.ownerReferences = refs; else delete next.metadata.ownerReferences;
      this.api.update(PVCS, claim.metadata.namespace, claim.metadata.name ?? '', next);
    }
  }

  private updateStatus(set: KObject, pods: Map<number, KObject>): void {
    const list = [...pods.values()];
    const ready = list.filter(isRunningAndReady).length;
    const revision = revisionHash(set);
    const status: Json = {
      observedGeneration: set.metadata.generation,
      replicas: list.length,
      readyReplicas: ready,
      currentReplicas: list.length,
      updatedReplicas: list.length,
      availableReplicas: ready,
      currentRevision: revision,
      updateRevision: revision,
      collisionCount: 0,
    };
    if (jsonEqual(status, set.status)) return;
    this.api.update(SETS, set.metadata.namespace, set.metadata.name ?? '', { ...set, status }, { subresource: 'status' });
  }
}
