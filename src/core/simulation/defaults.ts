// Server-side defaults (pkg/apis/core/v1/defaults.go, pkg/apis/apps/v1/defaults.go, storage/v1 defaults)
// for the fields a client comparing its manifest with the stored object may meet.
import { KObject, Json } from './types';

let nextClusterIp = 10;

function defaultPodSpec(spec: Json): void {
  if (!spec || typeof spec !== 'object') return;
  spec.restartPolicy ??= 'Always';
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.securityContext ??= {};
  for (const list of ['initContainers', 'containers']) {
    for (const c of Array.isArray(spec[list]) ? spec[list] : []) {
      if (!c || typeof c !== 'object') continue;
      c.terminationMessagePath ??= '/dev/termination-log';
      c.terminationMessagePolicy ??= 'File';
      c.imagePullPolicy ??= typeof c.image === 'string' && (c.image.endsWith(':latest') || !c.image.includes(':')) ? 'Always' : 'IfNotPresent';
      c.resources ??= {};
      for (const p of Array.isArray(c.ports) ? c.ports : []) if (p && typeof p === 'object') p.protocol ??= 'TCP';
    }
  }
}

/** Fills defaults in place on a new object (and on updates, which are defaulted the same way). */
export function applyDefaults(kind: string, o: KObject): void {
  const spec = (o.spec ??= {});
  switch (kind) {
    case 'Namespace':
      spec.finalizers ??= ['kubernetes'];
      o.metadata.labels = { ...(o.metadata.labels ?? {}), 'kubernetes.io/metadata.name': o.metadata.name ?? '' };
      break;
    case 'PersistentVolume':
      spec.persistentVolumeReclaimPolicy ??= 'Retain';
      spec.volumeMode ??= 'Filesystem';
      break;
    case 'PersistentVolumeClaim':
      spec.volumeMode ??= 'Filesystem';
      break;
    case 'Service': {
      spec.type ??= 'ClusterIP';
      spec.sessionAffinity ??= 'None';
      if (spec.clusterIP === undefined || spec.clusterIP === '') {
        spec.clusterIP = `10.96.${Math.floor(nextClusterIp / 250)}.${(nextClusterIp % 250) + 1}`;
        nextClusterIp++;
      }
      spec.clusterIPs ??= [spec.clusterIP];
      spec.ipFamilies ??= ['IPv4'];
      spec.ipFamilyPolicy ??= 'SingleStack';
      spec.internalTrafficPolicy ??= 'Cluster';
      for (const p of Array.isArray(spec.ports) ? spec.ports : []) {
        if (!p || typeof p !== 'object') continue;
        p.protocol ??= 'TCP';
        p.targetPort ??= p.port;
      }
      break;
    }
    case 'StatefulSet':
      spec.replicas ??= 1;
      spec.podManagementPolicy ??= 'OrderedReady';
      spec.updateStrategy ??= { type: 'RollingUpdate', rollingUpdate: { partition: 0 } };
      spec.revisionHistoryLimit ??= 10;
      spec.persistentVolumeClaimRetentionPolicy ??= { whenDeleted: 'Retain', whenScaled: 'Retain' };
      defaultPodSpec(spec.template?.spec);
      for (const t of Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : []) {
        if (t && typeof t === 'object') {
          t.apiVersion ??= 'v1';
          t.kind ??= 'PersistentVolumeClaim';
          t.spec ??= {};
          t.spec.volumeMode ??= 'Filesystem';
        }
      }
      break;
    case 'Pod':
      defaultPodSpec(spec);
      break;
    case 'StorageClass':
      delete o.spec; // a StorageClass keeps its fields at the top level
      o.reclaimPolicy ??= 'Delete';
      o.volumeBindingMode ??= 'Immediate';
      return;
    case 'Event':
      delete o.spec;
      return;
  }
}

/** The status a new object starts with (clients cannot set it on create). */
export function initialStatus(kind: string): Json {
  switch (kind) {
    case 'Namespace': return { phase: 'Active' };
    case 'PersistentVolume': return { phase: 'Pending' };
    case 'PersistentVolumeClaim': return { phase: 'Pending' };
    case 'Pod': return { phase: 'Pending', qosClass: 'BestEffort' };
    case 'Service': return { loadBalancer: {} };
    case 'StatefulSet': return { replicas: 0, availableReplicas: 0 };
    default: return undefined;
  }
}
