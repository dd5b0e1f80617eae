// What the StatefulSet controller derives from a set (stateful_set_utils.go): names, the revision hash,
// a pod from the template with its identity labels, and the claims from volumeClaimTemplates.
import { OwnerReference, Json, KObject, clone } from './types';

export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
export const REVISION_LABEL = 'controller-revision-hash';

export function podName(set: string, ordinal: number): string { return `${set}-${ordinal}`; }
export function claimName(template: string, set: string, ordinal: number): string { return `${template}-${set}-${ordinal}`; }

/** FNV-1a over the template, shown like the controller's short revision hash. */
export function revisionHash(set: KObject): string {
  let h = 0x811c9dc5;
  for (const ch of JSON.stringify(set.spec?.template ?? {})) { h ^= ch.charCodeAt(0); h = Math.imul(h, 0x01000193) >>> 0; }
  return `${set.metadata.name}-${h.toString(16).padStart(8, '0').slice(0, 10)}`;
}

export function ownerRef(o: KObject): OwnerReference {
  return { apiVersion: o.apiVersion ?? 'v1', kind: o.kind ?? '', name: o.metadata.name ?? '', uid: o.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

export function ordinalRange(set: KObject): { start: number; end: number } {
  const start = Math.max(0, Number(set.spec?.ordinals?.start ?? 0));
  const replicas = Math.max(0, Number(set.spec?.replicas ?? 1));
  return { start, end: start + replicas - 1 };
}

export function claimTemplates(set: KObject): Json[] {
  return Array.isArray(set.spec?.volumeClaimTemplates) ? set.spec.volumeClaimTemplates : [];
}

/** newVersionedStatefulSetPod: the template, identity labels, hostname/subdomain and the claim volumes. */
export function newPod(set: KObject, ordinal: number): KObject {
  const name = podName(set.metadata.name ?? '', ordinal);
  const template: Json = clone(set.spec?.template ?? {});
  const spec: Json = template.spec ?? {};
  // a claim template replaces a pod volume of the same name (updateStorage)
  const claims = claimTemplates(set).map((t: Json) => ({ name: t?.metadata?.name, persistentVolumeClaim: { claimName: claimName(t?.metadata?.name, set.metadata.name ?? '', ordinal) } }));
  const names = new Set(claims.map((c) => c.name));
  spec.volumes = [...(Array.isArray(spec.volumes) ? spec.volumes.filter((v: Json) => !names.has(v?.name)) : []), ...claims];
  spec.hostname = name;
  if (set.spec?.serviceName) spec.subdomain = set.spec.serviceName;
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: set.metadata.namespace,
      labels: { ...(template.metadata?.labels ?? {}), [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal), [REVISION_LABEL]: revisionHash(set) },
      ...(template.metadata?.annotations ? { annotations: template.metadata.annotations } : {}),
      ownerReferences: [ownerRef(set)],
    },
    spec,
  };
}

/** A claim from a template: the template's labels merged with the set's selector.matchLabels. */
export function newClaim(set: KObject, template: Json, ordinal: number): KObject {
  const spec = clone(template?.spec ?? {});
  return {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim',
    metadata: {
      name: claimName(template?.metadata?.name, set.metadata.name ?? '', ordinal),
      namespace: set.metadata.namespace,
      labels: { ...(template?.metadata?.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) },
      ...(template?.metadata?.annotations ? { annotations: clone(template.metadata.annotations) } : {}),
    },
    spec,
  };
}

export function isRunningAndReady(pod: KObject): boolean {
  return pod.status?.phase === 'Running'
    && Array.isArray(pod.status?.conditions) && pod.status.conditions.some((c: Json) => c?.type === 'Ready' && c?.status === 'True');
}
