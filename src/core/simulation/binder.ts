// The PV binder (pkg/controller/volume/persistentvolume/pv_controller.go): one pass over volumes and
// claims, using the engine's pure rules (src/core/binding.ts syncUnboundClaim) on stored objects, then
// writing what the real controller writes — in the same order (PV first, then the claim).
import { syncUnboundClaim } from '../binding';
import { claimClassIsNil, defaultStorageClass } from './admission';
import { SimApi } from './api';
import { EventRecorder } from './events';
import { claimClass, claimFacts, volumeFacts } from './facts';
import { resource } from './resources';
import { clone, KObject } from './types';

export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
const NO_CLASS_MESSAGE = 'no persistent volumes available for this claim and no storage class is set';

const PVS = resource('persistentvolumes');
const PVCS = resource('persistentvolumeclaims');
const CLASSES = resource('storageclasses');

export class PvBinder {
  constructor(private readonly api: SimApi, private readonly recorder: EventRecorder) {}

  /** One controller pass; every write is conditional on a change, so a quiet cluster writes nothing. */
  sync(): void {
    // Volumes first: a new PV must be Available before a claim may take it (it starts Pending).
    for (const pv of this.api.list(PVS).items) this.syncVolume(pv);
    // one read of volumes and classes per pass (kept current as this pass binds), not one per claim
    const volumes = this.api.list(PVS).items;
    const classes = this.api.list(CLASSES).items;
    for (const claim of this.claimsInQueueOrder()) this.syncClaim(claim, volumes, classes);
  }

  private claimsInQueueOrder(): KObject[] {
    return this.api.list(PVCS).items.sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '')
      || (a.metadata.uid ?? '').localeCompare(b.metadata.uid ?? ''));
  }

  private syncVolume(stale: KObject): void {
    const pv = this.api.tryGet(PVS, undefined, stale.metadata.name ?? '');
    if (!pv) return;
    const ref = pv.spec?.claimRef;
    let phase = 'Available';
    if (ref) {
      const claim = this.api.tryGet(PVCS, ref.namespace, ref.name ?? '');
      if (!claim) phase = ref.uid ? 'Released' : 'Available'; // pre-bound: waits for its claim
      else if (ref.uid && claim.metadata.uid !== ref.uid) phase = 'Released';
      else if (claim.spec?.volumeName === pv.metadata.name) phase = 'Bound';
    }
    this.setPhase(PVS, pv, phase);
  }

  private syncClaim(stale: KObject, volumes: KObject[], classes: readonly KObject[]): void {
    let claim = this.api.tryGet(PVCS, stale.metadata.namespace, stale.metadata.name ?? '');
    if (!claim) return;
    if (claim.metadata.annotations?.[ANN_BIND_COMPLETED] === 'yes' && claim.spec?.volumeName) {
      const pv = this.api.tryGet(PVS, undefined, claim.spec.volumeName);
      if (!pv) this.setPhase(PVCS, claim, 'Lost');
      return;
    }
    // Since 1.28 the controller gives unbound claims with a nil class the default class retroactively.
    const def = defaultStorageClass(classes);
    if (claimClassIsNil(claim) && def) {
      const next = clone(claim);
      next.spec.storageClassName = def.metadata.name;
      claim = this.api.update(PVCS, claim.metadata.namespace, claim.metadata.name ?? '', next);
    }
    const className = claimClass(claim);
    const storageClass = classes.find((c) => c.metadata.name === className);
    const delayBinding = storageClass?.volumeBindingMode === 'WaitForFirstConsumer' && !claim.metadata.annotations?.[ANN_SELECTED_NODE];
    const outcome = syncUnboundClaim(claimFacts(claim), volumes.map(volumeFacts), () => false, delayBinding);
    if (outcome.kind === 'bind') {
      const i = volumes.findIndex((v) => v.metadata.name === outcome.volume.name);
      volumes[i] = this.bind(volumes[i], claim);
      return;
    }
    this.setPhase(PVCS, claim, 'Pending');
    if (outcome.event) {
      const i = outcome.event.indexOf(': ');
      this.recorder.record(claim, 'Warning', outcome.event.slice(0, i), outcome.event.slice(i + 2));
    } else if (claim.spec?.volumeName) {
      // the requested volume does not exist yet: the real controller retries quietly
    } else if (delayBinding) {
      this.recorder.record(claim, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding');
    } else if (className === '') {
      this.recorder.record(claim, 'Normal', 'FailedBinding', NO_CLASS_MESSAGE);
    } else if (!storageClass) {
      this.recorder.record(claim, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`);
    } else if (claim.spec?.selector) {
      this.recorder.record(claim, 'Warning', 'ProvisioningFailed', 'Failed to provision volume with StorageClass "' + className + '": claim Selector is not supported');
    } else {
      const provisioner = String((storageClass as { provisioner?: string }).provisioner ?? '');
      this.recorder.record(claim, 'Normal', 'ExternalProvisioning',
        `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`);
    }
  }

  /** bind(): the volume's claimRef and phase first, then the claim's volumeName, annotations and status. */
  private bind(pv: KObject, claim: KObject): KObject {
    const ref = pv.spec?.claimRef;
    const prebound = ref && ref.name === claim.metadata.name && (ref.namespace ?? '') === claim.metadata.namespace;
    const nextPv = clone(pv);
    nextPv.spec.claimRef = {
      kind: 'PersistentVolumeClaim', namespace: claim.metadata.namespace, name: claim.metadata.name,
      uid: claim.metadata.uid, apiVersion: 'v1', resourceVersion: claim.metadata.resourceVersion,
    };
    if (!prebound) nextPv.metadata.annotations = { ...(nextPv.metadata.annotations ?? {}), [ANN_BOUND_BY_CONTROLLER]: 'yes' };
    const savedPv = this.setPhase(PVS, this.api.update(PVS, undefined, pv.metadata.name ?? '', nextPv), 'Bound');

    const nextClaim = clone(claim);
    const annotations: Record<string, string> = { ...(nextClaim.metadata.annotations ?? {}), [ANN_BIND_COMPLETED]: 'yes' };
    if (!nextClaim.spec.volumeName) annotations[ANN_BOUND_BY_CONTROLLER] = 'yes';
    nextClaim.metadata.annotations = annotations;
    nextClaim.spec.volumeName = pv.metadata.name;
    const savedClaim = this.api.update(PVCS, claim.metadata.namespace, claim.metadata.name ?? '', nextClaim);
    const status = { ...(savedClaim.status ?? {}), phase: 'Bound', accessModes: clone(pv.spec?.accessModes), capacity: clone(pv.spec?.capacity) };
    this.api.update(PVCS, claim.metadata.namespace, claim.metadata.name ?? '', { ...savedClaim, status }, { subresource: 'status' });
    return savedPv;
  }

  private setPhase(r: typeof PVS, o: KObject, phase: string): KObject {
    if (o.status?.phase === phase) return o;
    return this.api.update(r, o.metadata.namespace, o.metadata.name ?? '', { ...o, status: { ...(o.status ?? {}), phase } }, { subresource: 'status' });
  }
}
