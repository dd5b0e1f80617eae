// Opt-in: the provisioning scenario on a real cluster, in a throwaway namespace.
//   KUBECONFIG=… STATEFULSET_STORAGE_REAL_CLUSTER=1 npm run test:cluster
// Skipped unless both are set. It creates hostPath PVs (one node, e.g. kind/minikube) named after the
// namespace, and never deletes anything: it prints the cleanup commands.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { ClusterClient, loadTarget, provision } from '../../src/cluster';
import { analyzeTexts } from '../../src/core/analysis';
import { buildPlan } from '../../src/core/plan';
import { DEFAULT_LIMITS } from '../../src/core/source';

const enabled = Boolean(process.env.KUBECONFIG) && process.env.STATEFULSET_STORAGE_REAL_CLUSTER === '1';

function manifests(ns: string, replicas: number): string {
  const docs: string[] = [];
  for (let i = 0; i < replicas; i++) {
    docs.push(`apiVersion: v1
kind: PersistentVolume
metadata: {name: ${ns}-data-${i}, labels: {app: web}}
spec:
  capacity: {storage: 64Mi}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: ""
  claimRef: {name: data-web-${i}, namespace: ${ns}}
  hostPath: {path: /tmp/${ns}/data-${i}, type: DirectoryOrCreate}`);
  }
  docs.push(`apiVersion: v1
kind: Service
metadata: {name: web, namespace: ${ns}}
spec: {clusterIP: None, selector: {app: web}, ports: [{port: 80, name: web}]}`);
  docs.push(`apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web, namespace: ${ns}}
spec:
  serviceName: web
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: pause
        image: registry.k8s.io/pause:3.9
        volumeMounts: [{name: data, mountPath: /data}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce]
      storageClassName: ""
      resources: {requests: {storage: 64Mi}}`);
  return docs.join('\n---\n') + '\n';
}

describe('real cluster (opt-in)', function () {
  this.timeout(300_000);
  before(function () { if (!enabled) this.skip(); });

  it('provisions PVs, the Service and the StatefulSet; pods become Ready in order; a rerun skips everything', async () => {
    const ns = `sts-storage-test-${randomBytes(3).toString('hex')}`;
    const target = await loadTarget({ namespace: ns });
    const client = await ClusterClient.connect(target);
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, false);
    const plan = buildPlan(analyzeTexts([{ file: 'real.yaml', text: manifests(ns, 2) }], { defaultNamespace: ns, limits: { ...DEFAULT_LIMITS, maxFileBytes: 1 << 20 } }));
    try {
      const dry = await provision(client, plan, { dryRun: true });
      assert.ok(dry.steps.every((s) => s.outcome === 'would-create' || s.outcome === 'manual'), JSON.stringify(dry.steps));
      const report = await provision(client, plan, { readyTimeoutMs: 240_000 });
      assert.deepEqual(report.pods.map((p) => [p.name, p.state]), [['web-0', 'ready'], ['web-1', 'ready']], JSON.stringify(report, null, 2));
      const rerun = await provision(client, plan, { readyTimeoutMs: 60_000 });
      assert.ok(rerun.steps.every((s) => s.outcome === 'unchanged' || s.outcome === 'manual'), JSON.stringify(rerun.steps));
    } finally {
      process.stdout.write(`cleanup: kubectl delete namespace ${ns} && kubectl delete pv ${ns}-data-0 ${ns}-data-1\n`);
    }
  });
});
