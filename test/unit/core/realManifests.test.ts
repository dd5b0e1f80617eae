// Issue 11 ("Real manifests"): kubectl's YAML is the reference, removals by version for every kind,
// working idioms stay quiet, and the misses of the issue are found. Each repro is the issue's, minimal.
import * as assert from 'node:assert/strict';
import { AnalysisOptions } from '../../../src/core/analysis';
import { DEFAULT_PROFILE } from '../../../src/core/profile';
import { analyze, docs, findingsWithCode, HEADLESS_SERVICE, locate, noFinding, onlyFinding, pv, pvc, rangeOf, statefulSet } from '../helpers/analyze';

const at = (kubernetesVersion: string): Partial<AnalysisOptions> => ({ profile: { ...DEFAULT_PROFILE, kubernetesVersion } });
const codes = (files: Record<string, string>, options: Partial<AnalysisOptions> = {}) => analyze(files, options).findings.map((f) => f.code).sort();

describe('issue 11: kubectl reads the YAML', () => {
  // cause 1: the closing quote line sits at the key's indentation; go-yaml v2 (kubectl) and js-yaml read it
  const quoted = statefulSet({ replicas: 3 }).replace('metadata:\n  name: web\n', "metadata:\n  name: web\n  annotations:\n    example.com/json: '[\n        1\n    ]'\n");

  it('analyses a document strict YAML rejects but kubectl accepts, with one yaml-portability warning', () => {
    const a = analyze({ 'sts.yaml': docs(HEADLESS_SERVICE, quoted) });
    noFinding(a, 'yaml-syntax');
    const w = onlyFinding(a, 'yaml-portability');
    assert.equal(w.severity, 'warning');
    assert.match(w.message, /kubectl accepts it/);
    // the set is analysed: its three claims are predicted, as kubectl would create them
    assert.deepEqual(a.prediction.claims.map((c) => c.name), ['www-web-0', 'www-web-1', 'www-web-2']);
    assert.equal(a.index.statefulSets()[0].annotations['example.com/json'], '[ 1 ]');
  });

  it('keeps best-effort positions in the leniently read document', () => {
    const text = quoted.replace('app: nginx\n  template', 'app: db\n  template');
    const f = onlyFinding(analyze({ 'sts.yaml': text }), 'selector-mismatch');
    assert.equal(rangeOf(f)[0], locate(text, 'selector:')[0]);
  });

  it('still reports yaml-syntax where neither reader accepts the document', () => {
    const a = analyze({ 'pv.yaml': 'apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: x\nspec:\n  capacity:\n    storage: 1Gi\n   accessModes: [ReadWriteOnce]\n' });
    assert.ok(findingsWithCode(a, 'yaml-syntax').length > 0);
    noFinding(a, 'yaml-portability');
  });

  it('expands merge keys << as kubectl does (cause 6): no selector-mismatch', () => {
    const text = docs(HEADLESS_SERVICE, statefulSet()
      .replace('  selector:\n    matchLabels:\n      app: nginx\n', '  selector:\n    matchLabels: &l\n      app: nginx\n')
      .replace('      labels:\n        app: nginx\n', '      labels: {<<: *l, tier: db}\n'));
    const a = analyze({ 'sts.yaml': text });
    assert.deepEqual(a.findings, []);
    assert.deepEqual(a.index.statefulSets()[0].templateLabels, { app: 'nginx', tier: 'db' });
  });

  it('applies pairs in order like go-yaml v2: a later << overrides an earlier key, the first map of a << list wins', () => {
    const text = 'apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pv-a\n  labels: &l {tier: yy, app: db}\n'
      + '  annotations: {tier: x, <<: [*l, {app: other, z: "1"}]}\nspec:\n  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n  nfs: {server: s, path: /p}\n';
    const volume = analyze({ 'pv.yaml': text }).index.volumes()[0];
    assert.deepEqual(volume.annotations, { tier: 'yy', app: 'db', z: '1' }); // what kubectl 1.32 prints for this document
  });

  it('reads the last of duplicate keys, as kubectl does, and warns that kustomize rejects them', () => {
    const text = docs(HEADLESS_SERVICE, statefulSet({ replicas: 1 }).replace('  replicas: 1\n', '  replicas: 1\n  replicas: 3\n'));
    const a = analyze({ 'sts.yaml': text });
    assert.equal(a.index.statefulSets()[0].replicas, 3);
    const w = onlyFinding(a, 'yaml-portability');
    assert.match(w.message, /kubectl keeps the last value/);
    assert.match(w.message, /kustomize/);
    assert.deepEqual(rangeOf(w).slice(0, 2), locate(text, 'replicas: 3').slice(0, 2));
  });

  describe('yaml-implicit-type', () => {
    const cm = (labels: string, data = 'mode: fast') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  labels: {${labels}}\ndata:\n  ${data}\n`;

    it('flags YAML 1.1 booleans (on/yes/y/no) and octal numbers in label values as kubectl reads them', () => {
      const a = analyze({ 'cm.yaml': cm('cache: on, mode: 0755') });
      const [on, octal] = findingsWithCode(a, 'yaml-implicit-type');
      assert.equal(on.severity, 'error');
      assert.match(on.message, /kubectl reads on, the unquoted value of label "cache", as the boolean true \(YAML 1\.1/);
      assert.match(octal.message, /as the number 493/);
    });

    it('flags env values and ConfigMap data, and stays quiet on quoted values and non-string fields', () => {
      const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: x\n    env:\n    - {name: A, value: no}\n    - {name: B, value: "no"}\n    volumeMounts:\n    - {name: v, mountPath: /v, readOnly: yes}\n  volumes:\n  - {name: v, emptyDir: {}}\n';
      const envFinding = onlyFinding(analyze({ 'pod.yaml': pod }), 'yaml-implicit-type');
      assert.match(envFinding.message, /env var "A"/);
      onlyFinding(analyze({ 'cm.yaml': cm('app: web', 'enabled: y') }), 'yaml-implicit-type');
      noFinding(analyze({ 'cm.yaml': cm('cache: "on", mode: "0755"', 'enabled: "y"') }), 'yaml-implicit-type');
    });
  });
});

describe('issue 11: removals everywhere, by version', () => {
  const rbdPv = pv({ name: 'pv-a', className: '' }).replace('  nfs:\n    server: 10.0.0.5\n    path: /exports/pv-a\n', '  rbd:\n    monitors: [10.0.0.1:6789]\n    pool: kube\n    image: img-a\n');

  it('an in-tree rbd PV: a warning naming 1.31 for a 1.30 cluster, an error from 1.31 on', () => {
    const before = analyze({ 'pv.yaml': rbdPv }, at('1.30'));
    noFinding(before, 'removed-volume-plugin');
    assert.match(onlyFinding(before, 'deprecated-volume-plugin').message, /Kubernetes 1\.31 removes \(the target is 1\.30/);
    const after = analyze({ 'pv.yaml': rbdPv }, at('1.31'));
    noFinding(after, 'deprecated-volume-plugin');
    const e = onlyFinding(after, 'removed-volume-plugin');
    assert.equal(e.severity, 'error');
    assert.deepEqual(rangeOf(e), locate(rbdPv, 'rbd'));
  });

  it('PVs with the storageos source (removed in 1.25)', () => {
    const text = rbdPv.replace(/ {2}rbd:[\s\S]*$/, '  storageos:\n    volumeName: redis-vol01\n');
    assert.match(onlyFinding(analyze({ 'pv.yaml': text }), 'removed-volume-plugin').message, /"storageos" volume plugin, removed in Kubernetes 1\.25/);
  });

  it('StorageClasses whose provisioner is a removed in-tree plugin; CSI-migrated ones name their driver', () => {
    for (const provisioner of ['kubernetes.io/rbd', 'kubernetes.io/glusterfs']) {
      const sc = `apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: slow\nprovisioner: ${provisioner}\n`;
      const e = onlyFinding(analyze({ 'sc.yaml': sc }), 'removed-volume-plugin');
      assert.match(e.message, /claims stay Pending/);
      assert.deepEqual(rangeOf(e), locate(sc, provisioner));
    }
    const ebs = 'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: gp2\nprovisioner: kubernetes.io/aws-ebs\n';
    const w = onlyFinding(analyze({ 'sc.yaml': ebs }), 'deprecated-volume-plugin');
    assert.match(w.message, /redirects it to the CSI driver ebs\.csi\.aws\.com/);
  });

  it('inline volumes in every workload kind, e.g. rbd in a ReplicationController', () => {
    const volume = '      volumes:\n      - name: data\n        rbd: {monitors: [10.0.0.1:6789], image: img}\n';
    const podSpec = (indent: string) => `${indent}containers:\n${indent}- {name: c, image: x}\n${volume.replace(/^ {6}/gm, indent)}`;
    const workloads: Record<string, string> = {
      ReplicationController: `apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n${podSpec('      ')}`,
      Deployment: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n${podSpec('      ')}`,
      DaemonSet: `apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n${podSpec('      ')}`,
      ReplicaSet: `apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n${podSpec('      ')}`,
      Job: `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n${podSpec('      ')}`,
      CronJob: `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: w\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n${podSpec('          ')}`,
      Pod: `apiVersion: v1\nkind: Pod\nmetadata:\n  name: w\nspec:\n${podSpec('  ')}`,
    };
    for (const [kind, text] of Object.entries(workloads)) {
      const e = onlyFinding(analyze({ 'w.yaml': text }), 'removed-volume-plugin');
      assert.match(e.message, new RegExp(`Volume "data" of ${kind} "w" uses the in-tree "rbd" volume plugin`), kind);
      assert.deepEqual(rangeOf(e), locate(text, 'rbd'), kind);
    }
    const sts = docs(HEADLESS_SERVICE, statefulSet().replace('      containers:\n', '      volumes:\n      - name: data\n        rbd: {monitors: [m], image: img}\n      containers:\n'));
    assert.match(onlyFinding(analyze({ 'sts.yaml': sts }), 'removed-volume-plugin').message, /of StatefulSet "web"/);
  });

  it('a kustomize patch is no object: its apiVersion names what it patches, not what is applied', () => {
    const patch = 'apiVersion: apps/v1beta2\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  replicas: 3\n';
    const kustomization = 'resources:\n  - sts.yaml\npatchesStrategicMerge:\n  - patch.yaml\n';
    const a = analyze({ 'app/kustomization.yaml': kustomization, 'app/sts.yaml': docs(HEADLESS_SERVICE, statefulSet()), 'app/patch.yaml': patch });
    noFinding(a, 'removed-api-version');
    // the same file, when nothing names it as a patch, is a StatefulSet kubectl would reject
    onlyFinding(analyze({ 'app/patch.yaml': patch }), 'removed-api-version');
  });

  it('removed API versions of other kinds in the same folders: policy/v1beta1 PDB, extensions/v1beta1 Deployment, a v1beta1 CRD', () => {
    const pdb = 'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: db\nspec:\n  minAvailable: 1\n';
    const deploy = 'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: db\nspec: {}\n';
    const crd = 'apiVersion: apiextensions.k8s.io/v1beta1\nkind: CustomResourceDefinition\nmetadata:\n  name: cephclusters.ceph.rook.io\nspec: {}\n';
    const a = analyze({ 'pdb.yaml': pdb, 'deploy.yaml': deploy, 'crd.yaml': crd });
    const found = findingsWithCode(a, 'removed-api-version');
    assert.deepEqual(found.map((f) => f.file).sort(), ['crd.yaml', 'deploy.yaml', 'pdb.yaml']);
    assert.match(found.find((f) => f.file === 'pdb.yaml')!.message, /removed in Kubernetes 1\.25.*Use policy\/v1/);
    assert.match(found.find((f) => f.file === 'crd.yaml')!.message, /removed in Kubernetes 1\.22.*Use apiextensions\.k8s\.io\/v1/);
    // a cluster that still serves them: warnings naming the removal version
    const old = analyze({ 'pdb.yaml': pdb }, at('1.24'));
    noFinding(old, 'removed-api-version');
    assert.match(onlyFinding(old, 'deprecated-api-version').message, /Kubernetes 1\.25 stops serving it/);
  });
});

describe('issue 11: misses', () => {
  it('a claim of class x, no StorageClass x in the files, and the only PV of class x too small', () => {
    const a = analyze({ 'a.yaml': docs(pvc({ name: 'data', className: 'x', storage: '10Gi' }), pv({ name: 'pv-x', className: 'x', storage: '5Gi' })) });
    const w = onlyFinding(a, 'pvc-unbindable');
    assert.match(w.message, /pv-x: capacity 5Gi < 10Gi/);
    assert.match(w.message, /if the cluster has it .*else stays Pending/);
    // with StorageClass x in the files the claim is provisioned: nothing to say
    const sc = 'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: x\nprovisioner: rbd.csi.ceph.com\n';
    noFinding(analyze({ 'a.yaml': docs(pvc({ name: 'data', className: 'x', storage: '10Gi' }), pv({ name: 'pv-x', className: 'x', storage: '5Gi' }), sc) }), 'pvc-unbindable');
  });

  describe('pv-shared-disk', () => {
    const rbd = (name: string, image: string, modes = '[ReadWriteOnce]') => pv({ name, className: '', accessModes: modes })
      .replace(`  nfs:\n    server: 10.0.0.5\n    path: /exports/${name}\n`, `  csi: {driver: rbd.csi.ceph.com, volumeHandle: ${image}}\n`);

    it('two ReadWriteOnce PVs on one CSI volumeHandle of one driver', () => {
      const text = docs(rbd('pv-a', 'kube/img'), rbd('pv-b', 'kube/img'));
      const w = onlyFinding(analyze({ 'pv.yaml': text }), 'pv-shared-disk');
      assert.deepEqual(rangeOf(w), locate(text, 'pv-b'));
      assert.match(w.message, /volumeHandle kube\/img of CSI driver rbd\.csi\.ceph\.com/);
    });

    it('the same RBD image, GCE disk or EBS volume', () => {
      const source = (s: string) => (name: string) => pv({ name, className: '' }).replace(`  nfs:\n    server: 10.0.0.5\n    path: /exports/${name}\n`, s);
      for (const s of ['  rbd: {monitors: [m1], pool: kube, image: img}\n', '  gcePersistentDisk: {pdName: disk-1}\n', '  awsElasticBlockStore: {volumeID: vol-1}\n']) {
        onlyFinding(analyze({ 'pv.yaml': docs(source(s)('pv-a'), source(s)('pv-b')) }), 'pv-shared-disk');
      }
    });

    it('quiet for other disks, shared modes, file shares and other folders (environments)', () => {
      noFinding(analyze({ 'pv.yaml': docs(rbd('pv-a', 'kube/img'), rbd('pv-b', 'kube/img2')) }), 'pv-shared-disk');
      noFinding(analyze({ 'pv.yaml': docs(rbd('pv-a', 'kube/img', '[ReadWriteMany]'), rbd('pv-b', 'kube/img', '[ReadWriteMany]')) }), 'pv-shared-disk');
      const nfs = (name: string) => pv({ name, className: '' }).replace(`/exports/${name}`, '/exports/shared');
      noFinding(analyze({ 'pv.yaml': docs(nfs('pv-a'), nfs('pv-b')) }), 'pv-shared-disk');
      noFinding(analyze({ 'staging/pv.yaml': rbd('pv-a', 'kube/img'), 'prod/pv.yaml': rbd('pv-a', 'kube/img') }), 'pv-shared-disk');
    });
  });
});

describe('issue 11: idioms stay quiet, messages stay true', () => {
  it('cause 3: a persistentVolumeClaim pod volume named like the claim template is the controller-replaced idiom', () => {
    const idiom = docs(HEADLESS_SERVICE, statefulSet().replace('      containers:\n', '      volumes:\n      - name: www\n        persistentVolumeClaim:\n          claimName: www\n      containers:\n'));
    assert.deepEqual(codes({ 'sts.yaml': idiom }), []);
    const shadowed = idiom.replace('persistentVolumeClaim:\n          claimName: www', 'emptyDir: {}');
    const w = onlyFinding(analyze({ 'sts.yaml': shadowed }), 'claim-template-shadows-volume');
    assert.match(w.message, /not a claim/);
  });

  it('cause 5: pv-contended speaks of ordinals only for claims of a StatefulSet', () => {
    const standalone = analyze({ 'a.yaml': docs(pvc({ name: 'a', className: '' }), pvc({ name: 'b', className: '' }), pv({ name: 'pv-1', className: '' }), pv({ name: 'pv-2', className: '' })) });
    for (const f of findingsWithCode(standalone, 'pv-contended')) assert.doesNotMatch(f.message, /ordinal/);
    assert.ok(findingsWithCode(standalone, 'pv-contended').length > 0);
    const set = analyze({ 'a.yaml': docs(HEADLESS_SERVICE, statefulSet({ className: '' }), pv({ name: 'pv-1', className: '' }), pv({ name: 'pv-2', className: '' })) });
    assert.match(findingsWithCode(set, 'pv-contended')[0].message, /which ordinal gets which PV/);
  });
});
