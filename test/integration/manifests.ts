// The manifests the integration suites write into their sandboxes, built in one place: a headless
// Service, a StatefulSet with one claim template, a PersistentVolume (NFS unless another source is
// given). Each suite names only what its case is about; everything else is a plain valid default.

/** Joins documents into one multi-document YAML text. */
export const documents = (...docs: string[]): string => docs.join('---\n');

export function headlessService(name: string, o: { selector?: boolean; ports?: string } = {}): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  clusterIP: None
${o.selector === false ? '' : `  selector:\n    app: ${name}\n`}${o.ports ? `  ports: ${o.ports}\n` : ''}`;
}

export interface SetOptions {
  readonly name: string;
  /** default apps/v1 */
  readonly apiVersion?: string;
  /** default: the set's name */
  readonly serviceName?: string;
  /** left out when undefined (Kubernetes then runs 1) */
  readonly replicas?: number;
  /** `selector` and the template's labels (app: NAME); false: none (kustomize's commonLabels adds them) */
  readonly selector?: boolean;
  readonly container?: { readonly name: string; readonly image: string };
  /** the container's mount (default: the claim template's name, at /data) */
  readonly mount?: { readonly name?: string; readonly path: string };
  /** the claim template's name (default data); null: no claim template */
  readonly template?: string | null;
  /** the claim template's storageClassName: '' class-less, undefined left unset */
  readonly storageClassName?: string;
}

export function statefulSet(o: SetOptions): string {
  const template = o.template === undefined ? 'data' : o.template;
  const container = o.container ?? { name: o.name, image: 'busybox' };
  const mountName = o.mount?.name ?? template ?? 'data';
  const labels = o.selector === false ? '' : `  selector:\n    matchLabels:\n      app: ${o.name}\n`;
  return `apiVersion: ${o.apiVersion ?? 'apps/v1'}
kind: StatefulSet
metadata:
  name: ${o.name}
spec:
  serviceName: ${o.serviceName ?? o.name}
${o.replicas === undefined ? '' : `  replicas: ${o.replicas}\n`}${labels}  template:
${o.selector === false ? '' : `    metadata:\n      labels:\n        app: ${o.name}\n`}    spec:
      containers:
      - name: ${container.name}
        image: ${container.image}
        volumeMounts:
        - name: ${mountName}
          mountPath: ${o.mount?.path ?? '/data'}
${template === null ? '' : claimTemplate(template, o.storageClassName)}`;
}

function claimTemplate(name: string, storageClassName: string | undefined): string {
  return `  volumeClaimTemplates:
  - metadata:
      name: ${name}
    spec:
${storageClassName === undefined ? '' : `      storageClassName: ${JSON.stringify(storageClassName)}\n`}      accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: 1Gi
`;
}

export interface VolumeOptions {
  readonly name: string;
  /** '' class-less, undefined left unset */
  readonly storageClassName?: string;
  readonly reclaimPolicy?: string;
  /** the claim it is reserved for (claimRef), in namespace default */
  readonly claim?: string;
  /** the volume source's lines below `spec:` (default: an NFS export named after the PV) */
  readonly source?: string;
}

export function persistentVolume(o: VolumeOptions): string {
  return `apiVersion: v1
kind: PersistentVolume
metadata:
  name: ${o.name}
spec:
  capacity:
    storage: 1Gi
  accessModes: [ReadWriteOnce]
${o.storageClassName === undefined ? '' : `  storageClassName: ${JSON.stringify(o.storageClassName)}\n`}${o.reclaimPolicy ? `  persistentVolumeReclaimPolicy: ${o.reclaimPolicy}\n` : ''}${o.claim ? `  claimRef:\n    name: ${o.claim}\n    namespace: default\n` : ''}${o.source ?? nfs('192.0.2.10', `/exports/${o.name}`)}`;
}

/** An NFS volume source, as `source` of persistentVolume. */
export const nfs = (server: string, path: string): string => `  nfs:\n    server: ${server}\n    path: ${path}\n`;
