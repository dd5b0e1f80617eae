// The benchmark workload: one file with `sets` StatefulSets, each with its headless Service and
// 3 PersistentVolumes pinned to its claims (5 documents per set).
export function generateManifest(sets: number): string {
  const docs: string[] = [];
  for (let i = 0; i < sets; i++) {
    const name = `app${i}`;
    docs.push(`apiVersion: v1
kind: Service
metadata:
  name: ${name}
  labels:
    app: ${name}
spec:
  clusterIP: None
  ports:
  - port: 80
    name: web
  selector:
    app: ${name}`);
    docs.push(`apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
spec:
  serviceName: ${name}
  replicas: 3
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
    spec:
      storageClassName: ""
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 1Gi`);
    for (let o = 0; o < 3; o++) {
      docs.push(`apiVersion: v1
kind: PersistentVolume
metadata:
  name: ${name}-pv-${o}
spec:
  capacity:
    storage: 1Gi
  accessModes: ["ReadWriteOnce"]
  storageClassName: ""
  persistentVolumeReclaimPolicy: Retain
  claimRef:
    name: data-${name}-${o}
    namespace: default
  nfs:
    server: 192.0.2.10
    path: /exports/${name}-${o}`);
    }
  }
  return docs.join('\n---\n') + '\n';
}
