// The validation that matters for provisioning storage (pkg/apis/core/validation, pkg/apis/apps/validation,
// pkg/apis/storage/validation): names, required claim fields, the StatefulSet selector, and the
// fields that cannot change after creation. Returns field causes; the API layer turns them into 422s.
import { isEmptySelector, LabelSelector, selectorMatches } from '../labels';
import { compareQuantities, parseQuantity } from '../quantity';
import { field, StatusCause } from './errors';
import { isPlainObject, Json, jsonEqual, KObject } from './types';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

const SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_MSG = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

export const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const VOLUME_SOURCES = ['rbd', 'cephfs', 'glusterfs', 'nfs', 'csi', 'local', 'hostPath', 'iscsi', 'fc', 'awsElasticBlockStore',
  'gcePersistentDisk', 'azureDisk', 'azureFile', 'cinder', 'flexVolume', 'flocker', 'photonPersistentDisk', 'portworxVolume',
  'quobyte', 'scaleIO', 'storageos', 'vsphereVolume'];

/** A plain `{matchLabels, matchExpressions}` as the engine's LabelSelector. */
export function toSelector(s: Json): LabelSelector {
  const matchLabels = isPlainObject(s?.matchLabels) ? (s.matchLabels as Record<string, string>) : {};
  const matchExpressions = Array.isArray(s?.matchExpressions)
    ? s.matchExpressions.map((e: Json) => ({ key: String(e?.key ?? ''), operator: String(e?.operator ?? ''), values: Array.isArray(e?.values) ? e.values.map(String) : [] }))
    : [];
  return { matchLabels, matchExpressions };
}

function validateName(kind: string, name: string | undefined): StatusCause[] {
  if (!name) return [field.required('metadata.name', 'name or generateName is required')];
  if (kind === 'Service') return name.length <= 63 && DNS1035_LABEL.test(name) ? [] : [field.invalid('metadata.name', name, DNS1035_MSG)];
  if (kind === 'Namespace') return name.length <= 63 && DNS1123_LABEL.test(name) ? [] : [field.invalid('metadata.name', name, LABEL_MSG)];
  if (kind === 'Event') return [];
  return name.length <= 253 && DNS1123_SUBDOMAIN.test(name) ? [] : [field.invalid('metadata.name', name, SUBDOMAIN_MSG)];
}

function validateClaimSpec(spec: Json, path: string): StatusCause[] {
  const out: StatusCause[] = [];
  const modes = spec?.accessModes;
  if (!Array.isArray(modes) || modes.length === 0) out.push(field.required(`${path}.accessModes`, 'at least 1 access mode is required'));
  else for (const m of modes) if (!ACCESS_MODES.includes(m)) out.push(field.notSupported(`${path}.accessModes`, m, ACCESS_MODES));
  const storage = spec?.resources?.requests?.storage;
  if (storage === undefined || storage === null) out.push(field.required(`${path}.resources[storage]`));
  else if (!parseQuantity(String(storage))) out.push(field.invalid(`${path}.resources.requests[storage]`, storage, 'quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\''));
  if (spec?.volumeMode !== undefined && !['Block', 'Filesystem'].includes(spec.volumeMode)) out.push(field.notSupported(`${path}.volumeMode`, spec.volumeMode, ['Block', 'Filesystem']));
  return out;
}

function validateStatefulSet(o: KObject): StatusCause[] {
  const spec = o.spec ?? {};
  const out: StatusCause[] = [];
  if (typeof spec.replicas === 'number' && spec.replicas < 0) out.push(field.invalid('spec.replicas', spec.replicas, 'must be greater than or equal to 0'));
  if (!['OrderedReady', 'Parallel'].includes(spec.podManagementPolicy)) out.push(field.notSupported('spec.podManagementPolicy', spec.podManagementPolicy, ['OrderedReady', 'Parallel']));
  if (!spec.selector) {
    out.push(field.required('spec.selector'));
  } else {
    const selector = toSelector(spec.selector);
    const labels = spec.template?.metadata?.labels ?? {};
    if (isEmptySelector(selector)) out.push(field.invalid('spec.selector', spec.selector, 'empty selector is invalid for statefulset'));
    else if (!selectorMatches(selector, labels)) {
      out.push(field.invalid('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
    }
  }
  const containers = spec.template?.spec?.containers;
  if (!Array.isArray(containers) || containers.length === 0) out.push(field.required('spec.template.spec.containers'));
  (Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : []).forEach((t: Json, i: number) => {
    out.push(...validateClaimSpec(t?.spec, `spec.volumeClaimTemplates[${i}].spec`));
  });
  return out;
}

function validatePersistentVolume(o: KObject): StatusCause[] {
  const spec = o.spec ?? {};
  const out: StatusCause[] = [];
  if (spec.capacity?.storage === undefined) out.push(field.required('spec.capacity'));
  else if (!parseQuantity(String(spec.capacity.storage))) out.push(field.invalid('spec.capacity[storage]', spec.capacity.storage, 'must be a quantity'));
  if (!Array.isArray(spec.accessModes) || spec.accessModes.length === 0) out.push(field.required('spec.accessModes'));
  const sources = VOLUME_SOURCES.filter((s) => spec[s] !== undefined);
  if (sources.length === 0) out.push(field.required('spec', 'must specify a volume type'));
  if (sources.length > 1) out.push(field.forbidden(`spec.${sources[1]}`, 'may not specify more than 1 volume type'));
  if (spec.local !== undefined && !spec.nodeAffinity) out.push(field.required('spec.nodeAffinity', 'Local volume requires node affinity'));
  const policy = spec.persistentVolumeReclaimPolicy;
  if (policy !== undefined && !['Delete', 'Recycle', 'Retain'].includes(policy)) out.push(field.notSupported('spec.persistentVolumeReclaimPolicy', policy, ['Delete', 'Recycle', 'Retain']));
  return out;
}

function validateService(o: KObject): StatusCause[] {
  const spec = o.spec ?? {};
  const headless = spec.clusterIP === 'None';
  if (spec.type !== 'ExternalName' && !headless && (!Array.isArray(spec.ports) || spec.ports.length === 0)) return [field.required('spec.ports')];
  return [];
}

/** Validation of a new object (after defaults and admission). */
export function validateCreate(kind: string, o: KObject): StatusCause[] {
  const out = validateName(kind, o.metadata.name);
  switch (kind) {
    case 'StatefulSet': out.push(...validateStatefulSet(o)); break;
    case 'PersistentVolumeClaim': out.push(...validateClaimSpec(o.spec, 'spec')); break;
    case 'PersistentVolume': out.push(...validatePersistentVolume(o)); break;
    case 'Service': out.push(...validateService(o)); break;
    case 'StorageClass': if (!(o as Json).provisioner) out.push(field.required('provisioner')); break;
  }
  return out;
}

// as the API server of 1.32 (the version the test API server reports) has it: revisionHistoryLimit became
// mutable in 1.33 (kubernetes issue 130263), and the message below is 1.32's
const STS_MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];

/**
 * The claim templates with each storage quantity as the first one of equal value seen in `like`: the API
 * server stores quantities in canonical form, so `1024Mi` sent for a stored `1Gi` is no change.
 */
function sameQuantitiesAs(templates: Json, like: Json): Json {
  if (!Array.isArray(templates) || !Array.isArray(like)) return templates;
  return templates.map((t, i) => {
    const resources = t?.spec?.resources;
    if (!isPlainObject(resources)) return t;
    const out: Json = {};
    for (const [kind, list] of Object.entries(resources)) {
      const stored = like[i]?.spec?.resources?.[kind]?.storage;
      const a = isPlainObject(list) && list.storage !== undefined ? parseQuantity(String(list.storage)) : undefined;
      const b = stored === undefined ? undefined : parseQuantity(String(stored));
      out[kind] = a && b && compareQuantities(a, b) === 0 ? { ...(list as Json), storage: stored } : list;
    }
    return { ...t, spec: { ...t.spec, resources: out } };
  });
}

function without(spec: Json, keys: readonly string[]): Json {
  const copy = { ...(spec ?? {}) };
  for (const k of keys) delete copy[k];
  return copy;
}

/** Validation of a change to a stored object: the new object's own rules plus what may not change. */
export function validateUpdate(kind: string, next: KObject, current: KObject): StatusCause[] {
  const out = validateCreate(kind, next);
  switch (kind) {
    case 'StatefulSet': {
      const nextSpec = { ...next.spec, volumeClaimTemplates: sameQuantitiesAs(next.spec?.volumeClaimTemplates, current.spec?.volumeClaimTemplates) };
      if (!jsonEqual(without(nextSpec, STS_MUTABLE), without(current.spec, STS_MUTABLE))) {
        out.push(field.forbidden('spec', "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
      }
      break;
    }
    case 'PersistentVolumeClaim': {
      // the binder fills volumeName once; the PV controller may set a nil class to the default (1.28+)
      const ignore = ['resources'];
      if (!current.spec?.volumeName) ignore.push('volumeName');
      if (current.spec?.storageClassName === undefined) ignore.push('storageClassName');
      if (!jsonEqual(without(next.spec, ignore), without(current.spec, ignore))) {
        out.push(field.forbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
      }
      break;
    }
    case 'PersistentVolume':
      for (const s of VOLUME_SOURCES) {
        if (current.spec?.[s] !== undefined && !jsonEqual(next.spec?.[s], current.spec[s])) out.push(field.forbidden(`spec.persistentvolumesource`, 'spec.persistentvolumesource is immutable after creation'));
      }
      break;
    case 'StorageClass':
      for (const f of ['provisioner', 'parameters', 'reclaimPolicy', 'volumeBindingMode']) {
        if (!jsonEqual((next as Json)[f], (current as Json)[f])) out.push(field.forbidden(f, `updates to ${f} are forbidden.`));
      }
      break;
    case 'Service':
      if (current.spec?.clusterIP && next.spec?.clusterIP !== current.spec.clusterIP) out.push(field.invalid('spec.clusterIPs[0]', next.spec?.clusterIP, 'may not change once set'));
      break;
  }
  return out;
}
