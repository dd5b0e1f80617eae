// Server-side printing, as kubectl asks for it (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`):
// a meta.k8s.io/v1 Table with the columns of kubernetes' pkg/printers/internalversion/printers.go for
// the kinds served here, and the default Name/Created At columns for the others (events).
import type { Json, KObject, ResourceType } from '../../../src/core/simulation';

interface Column { readonly name: string; readonly type?: string; readonly format?: string; readonly priority?: number; readonly description?: string }
type Cells = (o: KObject, now: number) => (string | number | boolean)[];

const NAME: Column = { name: 'Name', format: 'name', description: 'Name must be unique within a namespace.' };
const AGE: Column = { name: 'Age', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.' };
const col = (name: string, priority = 0): Column => ({ name, ...(priority ? { priority } : {}) });

/** GetAccessModesAsString: the short forms, in this fixed order. */
function accessModes(modes: readonly string[] | undefined): string {
  const short: [string, string][] = [['ReadWriteOnce', 'RWO'], ['ReadOnlyMany', 'ROX'], ['ReadWriteMany', 'RWX'], ['ReadWriteOncePod', 'RWOP']];
  return short.filter(([m]) => modes?.includes(m)).map(([, s]) => s).join(',');
}

/** k8s.io/apimachinery/pkg/util/duration.HumanDuration */
export function humanDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  if (h < 192) return h % 24 === 0 ? `${Math.floor(h / 24)}d` : `${Math.floor(h / 24)}d${h % 24}h`;
  return `${Math.floor(h / 24)}d`;
}

const age = (o: KObject, now: number) => {
  const t = Date.parse(String(o.metadata.creationTimestamp ?? ''));
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
};

function podStatus(o: KObject): string {
  const waiting = (o.status?.containerStatuses ?? []).map((c: Json) => c.state?.waiting?.reason).find(Boolean);
  return waiting ?? o.status?.reason ?? o.status?.phase ?? 'Pending';
}

function ports(o: KObject): string {
  const list = (o.spec?.ports ?? []).map((p: Json) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`);
  return list.length ? list.join(',') : '<none>';
}

const TABLES: Record<string, { columns: Column[]; cells: Cells }> = {
  PersistentVolume: {
    columns: [NAME, col('Capacity'), col('Access Modes'), col('Reclaim Policy'), col('Status'), col('Claim'), col('StorageClass'), col('VolumeAttributesClass'), col('Reason'), AGE, col('VolumeMode', 1)],
    cells: (o, now) => [o.metadata.name ?? '', o.spec?.capacity?.storage ?? '', accessModes(o.spec?.accessModes), o.spec?.persistentVolumeReclaimPolicy ?? '',
      o.status?.phase ?? '', o.spec?.claimRef ? `${o.spec.claimRef.namespace}/${o.spec.claimRef.name}` : '', o.spec?.storageClassName ?? '',
      o.spec?.volumeAttributesClassName ?? '<unset>', o.status?.reason ?? '', age(o, now), o.spec?.volumeMode ?? '<unset>'],
  },
  PersistentVolumeClaim: {
    columns: [NAME, col('Status'), col('Volume'), col('Capacity'), col('Access Modes'), col('StorageClass'), col('VolumeAttributesClass'), AGE, col('VolumeMode', 1)],
    cells: (o, now) => {
      const bound = o.status?.phase === 'Bound';
      return [o.metadata.name ?? '', o.status?.phase ?? '', o.spec?.volumeName ?? '', bound ? o.status?.capacity?.storage ?? '' : '', bound ? accessModes(o.status?.accessModes) : '',
        o.spec?.storageClassName ?? '', o.spec?.volumeAttributesClassName ?? '<unset>', age(o, now), o.spec?.volumeMode ?? '<unset>'];
    },
  },
  StatefulSet: {
    columns: [NAME, col('Ready'), AGE, col('Containers', 1), col('Images', 1)],
    cells: (o, now) => {
      const containers: Json[] = o.spec?.template?.spec?.containers ?? [];
      return [o.metadata.name ?? '', `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`, age(o, now), containers.map((c) => c.name).join(','), containers.map((c) => c.image).join(',')];
    },
  },
  Pod: {
    columns: [NAME, col('Ready'), col('Status'), col('Restarts'), AGE, col('IP', 1), col('Node', 1), col('Nominated Node', 1), col('Readiness Gates', 1)],
    cells: (o, now) => {
      const statuses: Json[] = o.status?.containerStatuses ?? [];
      const restarts = statuses.reduce((n, c) => n + (c.restartCount ?? 0), 0);
      return [o.metadata.name ?? '', `${statuses.filter((c) => c.ready).length}/${(o.spec?.containers ?? []).length}`, podStatus(o), String(restarts), age(o, now),
        o.status?.podIP ?? '<none>', o.spec?.nodeName ?? '<none>', o.status?.nominatedNodeName ?? '<none>', '<none>'];
    },
  },
  Service: {
    columns: [NAME, col('Type'), col('Cluster-IP'), col('External-IP'), col('Port(s)'), AGE, col('Selector', 1)],
    cells: (o, now) => [o.metadata.name ?? '', o.spec?.type ?? 'ClusterIP', o.spec?.clusterIP ?? '<none>', (o.spec?.externalIPs ?? []).join(',') || '<none>', ports(o), age(o, now),
      Object.entries(o.spec?.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>'],
  },
  StorageClass: {
    columns: [NAME, col('Provisioner'), col('ReclaimPolicy'), col('VolumeBindingMode'), col('AllowVolumeExpansion'), AGE],
    cells: (o, now) => {
      const isDefault = o.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true';
      return [`${o.metadata.name ?? ''}${isDefault ? ' (default)' : ''}`, (o as Json).provisioner ?? '', (o as Json).reclaimPolicy ?? 'Delete',
        (o as Json).volumeBindingMode ?? 'Immediate', String((o as Json).allowVolumeExpansion ?? false), age(o, now)];
    },
  },
  Namespace: {
    columns: [NAME, col('Status'), AGE],
    cells: (o, now) => [o.metadata.name ?? '', o.status?.phase ?? 'Active', age(o, now)],
  },
};

/** The default table of a resource without printer: the apiserver's Name and Created At columns. */
const DEFAULT_TABLE = {
  columns: [NAME, { name: 'Created At', type: 'date', description: AGE.description }],
  cells: ((o) => [o.metadata.name ?? '', String(o.metadata.creationTimestamp ?? '')]) as Cells,
};

/** Whether the request's Accept header asks for a Table (kubectl get does; client-node does not). */
export function wantsTable(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((t) => /;\s*as=Table/.test(t) && /g=meta\.k8s\.io/.test(t));
}

export function tableOf(r: ResourceType, items: readonly KObject[], resourceVersion: string, now: number): object {
  const t = TABLES[r.kind] ?? DEFAULT_TABLE;
  return {
    kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion },
    columnDefinitions: t.columns.map((c) => ({ name: c.name, type: c.type ?? 'string', format: c.format ?? '', description: c.description ?? '', priority: c.priority ?? 0 })),
    rows: items.map((o) => ({
      cells: t.cells(o, now),
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    })),
  };
}
