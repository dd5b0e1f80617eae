// The benchmark workloads. `generateManifest` is the original shape: one file with `sets` StatefulSets,
// each with its headless Service and 3 PersistentVolumes pinned to its claims (5 documents per set).
// `generateShape` adds the shapes the seed's own workflow produces at scale (see SHAPES).

export interface ShapeOptions {
  readonly sets: number;
  readonly replicas?: number;
  /** namespaces the sets are spread over (round robin); 1 = all in `default` */
  readonly namespaces?: number;
  /**
   * how PVs find their claims: claimRef (pinned), nothing (pool), the template's selector (labels), or
   * claimRef and a pre-created claim naming the PV by volumeName (prebound: what `generate` writes)
   */
  readonly binding?: 'pinned' | 'pool' | 'labels' | 'prebound';
  /** the template's storageClassName: `""`, or unset (undefined), as the seed's workflow leaves it */
  readonly className?: string;
}

/** `default` is left implicit, as the original manifest did */
const nsLine = (namespace: string) => (namespace === 'default' ? '' : `\n  namespace: ${namespace}`);

function service(name: string, namespace: string): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}${nsLine(namespace)}
  labels:
    app: ${name}
spec:
  clusterIP: None
  ports:
  - port: 80
    name: web
  selector:
    app: ${name}`;
}

function statefulSet(name: string, namespace: string, replicas: number, className: string | undefined, selector: boolean): string {
  const cls = className === undefined ? '' : `\n      storageClassName: "${className}"`;
  const sel = selector ? `\n      selector:\n        matchLabels:\n          pool: ${name}` : '';
  return `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}${nsLine(namespace)}
spec:
  serviceName: ${name}
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: main
        image: nginx:1.27
        volumeMounts:
        - name: data
          mountPath: /data
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:${cls}${sel}
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 1Gi`;
}

function volumeName(set: string, namespace: string, ordinal: number): string {
  return `${namespace === 'default' ? '' : `${namespace}-`}${set}-pv-${ordinal}`;
}

function volume(set: string, namespace: string, ordinal: number, binding: NonNullable<ShapeOptions['binding']>): string {
  const labels = binding === 'labels' ? `\n  labels:\n    pool: ${set}` : '';
  const claimRef = binding === 'pinned' || binding === 'prebound' ? `\n  claimRef:\n    name: data-${set}-${ordinal}\n    namespace: ${namespace}` : '';
  return `apiVersion: v1
kind: PersistentVolume
metadata:
  name: ${volumeName(set, namespace, ordinal)}${labels}
spec:
  capacity:
    storage: 1Gi
  accessModes: ["ReadWriteOnce"]
  storageClassName: ""
  persistentVolumeReclaimPolicy: Retain${claimRef}
  nfs:
    server: 192.0.2.10
    path: /exports/${namespace === 'default' ? '' : `${namespace}/`}${set}-${ordinal}`;
}

/** A claim created before its set, pinned to its PV both ways, as `generate` writes it. */
function claim(set: string, namespace: string, ordinal: number): string {
  return `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data-${set}-${ordinal}${nsLine(namespace)}
spec:
  storageClassName: ""
  accessModes: ["ReadWriteOnce"]
  resources:
    requests:
      storage: 1Gi
  volumeName: ${volumeName(set, namespace, ordinal)}`;
}

/** The documents of `sets` StatefulSets, each with its Service and one PV per replica. */
export function generateDocuments(o: ShapeOptions): string[] {
  const docs: string[] = [];
  const replicas = o.replicas ?? 3;
  const binding = o.binding ?? 'pinned';
  const className = 'className' in o ? o.className : '';
  for (let i = 0; i < o.sets; i++) {
    const name = `app${i}`;
    const namespace = (o.namespaces ?? 1) > 1 ? `ns${i % o.namespaces!}` : 'default';
    docs.push(service(name, namespace), statefulSet(name, namespace, replicas, className, binding === 'labels'));
    for (let r = 0; r < replicas; r++) docs.push(volume(name, namespace, r, binding));
    if (binding === 'prebound') for (let r = 0; r < replicas; r++) docs.push(claim(name, namespace, r));
  }
  return docs;
}

export function joinDocuments(docs: readonly string[]): string {
  return docs.join('\n---\n') + '\n';
}

export function generateManifest(sets: number): string {
  return joinDocuments(generateDocuments({ sets }));
}

export interface ShapeFiles {
  readonly files: readonly { file: string; text: string }[];
  /** where an edit changes the replicas of one set: the file and the offset of the digit */
  readonly edit: { file: string; offset: number };
}

export interface Shape {
  readonly name: string;
  /** the size the shape is measured at; the doubling row measures it at n and 2n */
  readonly n: number;
  readonly describe: (n: number) => string;
  /** `perFile`: sets per file of the many-files shape (tests use fewer) */
  readonly make: (n: number, perFile?: number) => ShapeFiles;
}

function oneFile(docs: string[]): ShapeFiles {
  const text = joinDocuments(docs);
  return { files: [{ file: 'bench.yaml', text }], edit: { file: 'bench.yaml', offset: replicasDigit(text) } };
}

/** The offset of the replicas digit of a set in the middle of the text. */
function replicasDigit(text: string): number {
  const marker = '\n  replicas: ';
  const after = text.indexOf(marker, Math.floor(text.length / 2));
  return (after === -1 ? text.indexOf(marker) : after) + marker.length;
}

/** Every shape of the bench, at the size it is measured at. */
export const SHAPES: readonly Shape[] = [
  { name: 'pinned', n: 1000, describe: (n) => `${n} sets × 3 replicas, PVs pinned by claimRef`, make: (n) => oneFile(generateDocuments({ sets: n })) },
  {
    name: 'pool', n: 1000, describe: (n) => `${n} sets × 3, class unset, ${3 * n} PVs without claimRef, each fits every claim`,
    make: (n) => oneFile(generateDocuments({ sets: n, binding: 'pool', className: undefined })),
  },
  {
    name: 'labels', n: 1000, describe: (n) => `${n} sets × 3, each template selects its 3 PVs by label`,
    make: (n) => oneFile(generateDocuments({ sets: n, binding: 'labels' })),
  },
  {
    name: 'pre-bound claims', n: 1000, describe: (n) => `${n} sets × 3, PVs pinned by claimRef and ${3 * n} pre-created claims naming them (what generate writes)`,
    make: (n) => oneFile(generateDocuments({ sets: n, binding: 'prebound' })),
  },
  { name: 'one big set', n: 5000, describe: (n) => `1 set × ${n} replicas, ${n} pinned PVs`, make: (n) => oneFile(generateDocuments({ sets: 1, replicas: n })) },
  {
    name: '50 namespaces', n: 1000, describe: (n) => `${n} sets × 3 over 50 namespaces, pinned PVs`,
    make: (n) => oneFile(generateDocuments({ sets: n, namespaces: 50 })),
  },
  {
    name: 'many files', n: 50, describe: (n) => `${n} files × 1,000 documents (200 pinned sets each)`,
    make: (n, perFile = 200) => {
      const files: { file: string; text: string }[] = [];
      for (let f = 0; f < n; f++) {
        const docs = generateDocuments({ sets: perFile }).map((d) => d.replace(/\bapp(\d+)\b/g, `f${f}app$1`));
        files.push({ file: `bench-${f}.yaml`, text: joinDocuments(docs) });
      }
      const middle = files[Math.floor(n / 2)];
      return { files, edit: { file: middle.file, offset: replicasDigit(middle.text) } };
    },
  },
];
