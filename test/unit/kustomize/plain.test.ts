// Kustomizations read without kubectl: patches are not objects (issue 11, cause 2); resources are seen
// through namespace, labels/commonLabels (into selectors and templates) and namePrefix/nameSuffix
// (cause 7); one info finding on each top kustomization says it was not rendered.
import * as assert from 'node:assert/strict';
import { Workspace } from '../../../src/core/analysis';
import { analyze, findingsWithCode, noFinding, onlyFinding } from '../helpers/analyze';

const SET_WITHOUT_SELECTOR = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 2
  template:
    spec:
      containers:
        - name: db
          image: postgres:16
          volumeMounts:
            - name: data
              mountPath: /var/lib/postgresql
  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        accessModes: [ReadWriteOnce]
        resources:
          requests:
            storage: 1Gi
`;

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
  ports:
    - port: 5432
`;

// A strategic-merge patch: a StatefulSet with no selector, no template, no claim templates.
const PATCH = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  replicas: 3
  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        resources:
          requests:
            storage: 5Gi
`;

describe('kustomize without rendering', () => {
  it('files named as patches (patchesStrategicMerge, patches path, patchesJson6902 path) are not analysed as objects', () => {
    const a = analyze({
      'app/kustomization.yaml': `resources:
  - sts.yaml
  - svc.yaml
commonLabels:
  app: db
patchesStrategicMerge:
  - smp.yaml
patches:
  - path: patch.yaml
    target:
      kind: StatefulSet
patchesJson6902:
  - path: json.yaml
    target: {group: apps, version: v1, kind: StatefulSet, name: db}
`,
      'app/sts.yaml': SET_WITHOUT_SELECTOR,
      'app/svc.yaml': SERVICE,
      'app/smp.yaml': PATCH,
      'app/patch.yaml': PATCH,
      'app/json.yaml': PATCH,
    });
    for (const file of ['app/smp.yaml', 'app/patch.yaml', 'app/json.yaml']) assert.deepEqual(a.findingsFor(file), [], file);
    assert.equal(a.statefulSetCount, 1);
  });

  it('the same patch file outside any kustomization is analysed (and its missing selector reported)', () => {
    const a = analyze({ 'smp.yaml': PATCH });
    onlyFinding(a, 'selector-missing');
  });

  it('commonLabels go into the selector, the pod template and the claim templates: no selector-missing', () => {
    const files = {
      'base/kustomization.yaml': 'resources:\n  - sts.yaml\n  - svc.yaml\ncommonLabels:\n  app: db\n',
      'base/sts.yaml': SET_WITHOUT_SELECTOR,
      'base/svc.yaml': SERVICE,
    };
    const a = analyze(files);
    noFinding(a, 'selector-missing');
    noFinding(a, 'selector-mismatch');
    const set = a.index.objects.find((o) => o.kind === 'StatefulSet');
    assert.ok(set && set.kind === 'StatefulSet');
    assert.deepEqual(set.selector?.matchLabels, { app: 'db' });
    assert.deepEqual(set.templateLabels, { app: 'db' });
    assert.deepEqual(set.claimTemplates[0].labels, { app: 'db' });
    // the Service's selector got the label too (commonlabels.go: Service spec/selector)
    const svc = a.index.objects.find((o) => o.kind === 'Service');
    assert.ok(svc && svc.kind === 'Service');
    assert.deepEqual(svc.selector, { app: 'db' });
  });

  it('labels with includeSelectors behave like commonLabels; without it they reach metadata only', () => {
    const withSelectors = analyze({
      'k/kustomization.yaml': 'resources: [sts.yaml]\nlabels:\n  - pairs: {app: db}\n    includeSelectors: true\n',
      'k/sts.yaml': SET_WITHOUT_SELECTOR,
    });
    noFinding(withSelectors, 'selector-missing');
    const metadataOnly = analyze({
      'k/kustomization.yaml': 'resources: [sts.yaml]\nlabels:\n  - pairs: {app: db}\n',
      'k/sts.yaml': SET_WITHOUT_SELECTOR,
    });
    onlyFinding(metadataOnly, 'selector-missing');
  });

  it('namespace, namePrefix and nameSuffix give the names kubectl apply -k creates, references renamed with them', () => {
    const a = analyze({
      'o/kustomization.yaml': 'namespace: prod\nnamePrefix: eu-\nnameSuffix: -v2\nresources:\n  - ../base\n',
      'base/kustomization.yaml': 'resources:\n  - sts.yaml\n  - svc.yaml\ncommonLabels:\n  app: db\n',
      'base/sts.yaml': SET_WITHOUT_SELECTOR,
      'base/svc.yaml': SERVICE,
    });
    const set = a.index.objects.find((o) => o.kind === 'StatefulSet');
    assert.ok(set && set.kind === 'StatefulSet');
    assert.equal(set.key, 'StatefulSet/prod/eu-db-v2');
    // kustomize renames serviceName with the Service it names (namereference.go)
    assert.equal(set.serviceName, 'eu-db-v2');
    noFinding(a, 'service-not-found');
    // the finding of the whole unit is on the top kustomization only
    const info = onlyFinding(a, 'kustomize-not-rendered');
    assert.equal(info.file, 'o/kustomization.yaml');
    assert.equal(info.severity, 'info');
    assert.match(info.message, /not rendered \(rendering with kubectl is not available here\)/);
    // names found in a finding are the created ones
    assert.ok(findingsWithCode(a, 'pvc-missing').every((f) => f.message.includes('data-eu-db-v2-0') || f.message.includes('data-eu-db-v2-1')));
  });

  it('a reference to an object outside the kustomization keeps its name', () => {
    const a = analyze({
      'k/kustomization.yaml': 'namePrefix: x-\nresources: [sts.yaml]\ncommonLabels: {app: db}\n',
      'k/sts.yaml': SET_WITHOUT_SELECTOR,
    });
    const set = a.index.objects.find((o) => o.kind === 'StatefulSet');
    assert.ok(set && set.kind === 'StatefulSet');
    assert.equal(set.name, 'x-db');
    assert.equal(set.serviceName, 'db');
  });

  it('editing the kustomization re-reads its resources', () => {
    const ws = new Workspace();
    ws.setFile('k/kustomization.yaml', 'resources: [sts.yaml]\n');
    ws.setFile('k/sts.yaml', SET_WITHOUT_SELECTOR);
    assert.equal(findingsWithCode(ws.analyze(), 'selector-missing').length, 1);
    ws.setFile('k/kustomization.yaml', 'resources: [sts.yaml]\ncommonLabels: {app: db}\n');
    assert.equal(findingsWithCode(ws.analyze(), 'selector-missing').length, 0);
    ws.deleteFile('k/kustomization.yaml');
    assert.equal(findingsWithCode(ws.analyze(), 'selector-missing').length, 1);
  });

  it('renaming the Service in its file renames the reference kustomize rewrites with the prefix', () => {
    const ws = new Workspace();
    ws.setFile('k/kustomization.yaml', 'namePrefix: x-\nresources: [sts.yaml, svc.yaml]\ncommonLabels: {app: db}\n');
    ws.setFile('k/sts.yaml', SET_WITHOUT_SELECTOR.replace('serviceName: db', 'serviceName: other'));
    ws.setFile('k/svc.yaml', SERVICE);
    const serviceName = () => ws.analyze().index.statefulSets()[0].serviceName;
    assert.equal(serviceName(), 'other');
    ws.setFile('k/svc.yaml', SERVICE.replace('name: db', 'name: other'));
    assert.equal(serviceName(), 'x-other');
  });

  it('the not-rendered reason given by the host is stated', () => {
    const a = analyze({ 'k/kustomization.yaml': 'resources: []\npatches: []\n' }, { kustomizeNotRendered: 'rendering is turned off' });
    assert.match(onlyFinding(a, 'kustomize-not-rendered').message, /\(rendering is turned off\).*Not applied: patches\./);
  });
});
