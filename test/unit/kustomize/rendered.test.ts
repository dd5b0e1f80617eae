// Findings on kubectl kustomize's output land in the source files: the document that defines the
// object, at the same field (matched through namespace and namePrefix/nameSuffix), else the
// kustomization line that brings the object in.
import * as assert from 'node:assert/strict';
import { analyzeRendered } from '../../../src/core/kustomize/rendered';
import { locate, rangeOf } from '../helpers/analyze';

const BASE_STS = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  template:
    spec:
      containers:
        - name: db
          image: postgres:16
          volumeMounts:
            - name: datum
              mountPath: /data
  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        accessModes: [ReadWriteOnce]
        resources: {requests: {storage: 1Gi}}
`;

// what kubectl kustomize prints for overlay/ (namespace prod, namePrefix eu-, commonLabels app=db in base)
const RENDERED = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  labels:
    app: db
  name: eu-db
  namespace: prod
spec:
  replicas: 3
  selector:
    matchLabels:
      app: db
  serviceName: eu-db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - image: postgres:16
        name: db
        volumeMounts:
        - mountPath: /data
          name: datum
  volumeClaimTemplates:
  - metadata:
      labels:
        app: db
      name: data
    spec:
      accessModes:
      - ReadWriteOnce
      resources:
        requests:
          storage: 1Gi
---
apiVersion: v1
kind: PersistentVolume
metadata:
  name: remote-pv
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Recycle
  nfs: {server: nfs, path: /x}
`;

const OVERLAY = `namespace: prod
namePrefix: eu-
resources:
  - ../base
  - https://example.com/pv.yaml
patches:
  - path: replicas.yaml
`;

describe('kustomize rendered with kubectl: findings mapped back', () => {
  const result = analyzeRendered({
    kustomizationFile: 'overlay/kustomization.yaml',
    rendered: RENDERED,
    sources: [
      { file: 'overlay/kustomization.yaml', text: OVERLAY },
      { file: 'overlay/replicas.yaml', text: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  replicas: 3\n' },
      { file: 'base/kustomization.yaml', text: 'resources: [sts.yaml]\ncommonLabels: {app: db}\n' },
      { file: 'base/sts.yaml', text: BASE_STS },
    ],
  });

  it('a finding on a rendered object points at the same field of the document that defines it', () => {
    const f = result.findings.find((x) => x.code === 'mount-unknown-volume');
    assert.ok(f, JSON.stringify(result.findings.map((x) => x.code)));
    assert.equal(f.file, 'base/sts.yaml');
    assert.deepEqual(rangeOf(f), locate(BASE_STS, 'datum'));
    // the message names what the cluster gets: the rendered (prefixed) names
    assert.match(f.message, /datum/);
  });

  it('an object no local file defines points at the kustomization line that brings it in', () => {
    const f = result.findings.find((x) => x.code === 'reclaim-policy-recycle');
    assert.ok(f);
    assert.equal(f.file, 'overlay/kustomization.yaml');
    assert.deepEqual(rangeOf(f), locate(OVERLAY, 'https://example.com/pv.yaml'));
  });

  it('nothing is reported on the patch, nor on the rendered text, and the analysis sees rendered names', () => {
    assert.ok(result.findings.every((f) => f.file !== 'overlay/replicas.yaml'));
    assert.ok(result.findings.every((f) => f.code !== 'selector-missing'));
    const set = result.analysis.index.statefulSets()[0];
    assert.equal(set.key, 'StatefulSet/prod/eu-db');
    assert.equal(set.replicas, 3);
  });
});
