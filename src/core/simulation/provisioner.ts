// A stand-in for external provisioners (sigs.k8s.io/sig-storage-lib-external-provisioner): a claim that
// waits for its StorageClass's provisioner gets a new PV, pre-bound to it, which the binder then binds.
// Real clusters run a provisioner for the classes they offer; without this stand-in such claims would
// stay Pending forever and an OrderedReady rollout would stall where a real one goes on.
// The library provisions only claims that: are unbound, name no volume, have no selector, whose class
// exists with a provisioner other than kubernetes.io/no-provisioner, and — for WaitForFirstConsumer —
// carry the scheduler's selected-node annotation.
import { SimApi } from './api';
import { ANN_SELECTED_NODE } from './binder';
import { EventRecorder } from './events';
import { claimClass } from './facts';
import { resource } from './resources';
import { Json, KObject } from './types';

export const NO_PROVISIONER = 'kubernetes.io/no-provisioner';
export const ANN_PROVISIONED_BY = 'pv.kubernetes.io/provisioned-by';

const PVS = resource('persistentvolumes');
const PVCS = resource('persistentvolumeclaims');
const CLASSES = resource('storageclasses');

export class ProvisionerStandIn {
  constructor(private readonly api: SimApi, private readonly recorder: EventRecorder) {}

  sync(): void {
    const classes = new Map(this.api.list(CLASSES).items.map((c) => [c.metadata.name ?? '', c as Json]));
    for (const claim of this.api.list(PVCS).items) {
      const cls = classes.get(claimClass(claim));
      if (!cls || !wantsProvisioning(claim, cls)) continue;
      const name = `pvc-${claim.metadata.uid}`;
      if (this.api.tryGet(PVS, undefined, name)) continue;
      this.api.create(PVS, undefined, volumeFor(claim, cls, name));
      this.recorder.record(claim, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${name}`);
    }
  }
}

function wantsProvisioning(claim: KObject, cls: Json): boolean {
  const spec: Json = claim.spec ?? {};
  if (claim.status?.phase === 'Bound' || spec.volumeName || spec.selector) return false;
  if (!cls.provisioner || cls.provisioner === NO_PROVISIONER) return false;
  return cls.volumeBindingMode !== 'WaitForFirstConsumer' || Boolean(claim.metadata.annotations?.[ANN_SELECTED_NODE]);
}

function volumeFor(claim: KObject, cls: Json, name: string): KObject {
  const spec: Json = claim.spec ?? {};
  return {
    apiVersion: 'v1', kind: 'PersistentVolume',
    metadata: { name, annotations: { [ANN_PROVISIONED_BY]: String(cls.provisioner) } },
    spec: {
      capacity: { storage: String(spec.resources?.requests?.storage ?? '1Gi') },
      accessModes: Array.isArray(spec.accessModes) ? spec.accessModes : ['ReadWriteOnce'],
      ...(spec.volumeMode ? { volumeMode: spec.volumeMode } : {}),
      storageClassName: cls.metadata?.name,
      persistentVolumeReclaimPolicy: cls.reclaimPolicy ?? 'Delete',
      claimRef: { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: claim.metadata.namespace, name: claim.metadata.name, uid: claim.metadata.uid },
      csi: { driver: String(cls.provisioner), volumeHandle: name },
    },
  };
}
