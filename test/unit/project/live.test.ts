// Live mode in the core: a ClusterSnapshot (plain JSON, as src/cluster reads it) consumed by the Project —
// the live version and default class as a profile layer, claims Bound on the cluster not missing, PVs
// bound on the cluster no candidates — and the plan (outcomes.ts) agreeing with the findings.
import * as assert from 'node:assert/strict';
import type { ClusterSnapshot, LiveObject } from '../../../src/core/clusterSnapshot';
import { liveDefaultClass } from '../../../src/core/liveState';
import { outcomesOf } from '../../../src/core/outcomes';
import { Project, ProjectOptions } from '../../../src/core/project/project';
import { DEFAULT_LIMITS } from '../../../src/core/source';
import { docs, HEADLESS_SERVICE, pv, pvc, statefulSet } from '../helpers/analyze';

function snapshot(o: Partial<ClusterSnapshot> & { context?: string } = {}): ClusterSnapshot {
  return {
    context: 'lab', takenAt: '2026-12-01T04:00:00.000Z', kubernetesVersion: '1.32', storageClasses: [], persistentVolumes: [],
    persistentVolumeClaims: [], statefulSets: [], namespaces: ['default'], ...o,
  };
}

const boundClaim = (name: string, volumeName: string, namespace = 'default'): LiveObject => ({
  apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace },
  spec: { storageClassName: '', volumeName, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } }, status: { phase: 'Bound' },
});
const boundVolume = (name: string, claim: string, namespace = 'default'): LiveObject => ({
  apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name },
  spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], claimRef: { name: claim, namespace, uid: 'u-1' }, nfs: { server: 'n', path: '/x' } },
  status: { phase: 'Bound' },
});
const storageClass = (name: string, isDefault: boolean, created = '2026-01-01T00:00:00Z', extra: Record<string, unknown> = {}): LiveObject => ({
  apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass',
  metadata: { name, creationTimestamp: created, annotations: isDefault ? { 'storageclass.kubernetes.io/is-default-class': 'true' } : {} },
  provisioner: `${name}.csi`, ...extra,
} as LiveObject);

function project(files: Record<string, string>, options: Partial<ProjectOptions> = {}): Project {
  const p = new Project({ defaultNamespace: 'default', limits: DEFAULT_LIMITS, ...options });
  for (const [f, t] of Object.entries(files)) p.setFile(f, t);
  return p;
}

const codes = (p: Project) => p.analyze().findings.map((f) => f.code).sort();

// one pre-created claim (and its pinned PV) for ordinal 0 of a 2-replica set: ordinal 1's claim is missing
const HAND_MADE = {
  '/w/app/app.yaml': docs(HEADLESS_SERVICE, statefulSet({ replicas: 2, className: '' }),
    pv({ name: 'pv-0', className: '', claimRef: '    name: www-web-0\n    namespace: default\n' }), pvc({ name: 'www-web-0', className: '', extra: '  volumeName: pv-0\n' })),
};

describe('live mode in the core (Project.setClusterSnapshots)', () => {
  it('a claim Bound on the cluster is not reported missing, and the plan says it binds the PV it is bound to', () => {
    const p = project(HAND_MADE);
    assert.deepEqual(codes(p), ['pvc-missing'], 'offline: ordinal 1 has no claim');
    const live = snapshot({ persistentVolumeClaims: [boundClaim('www-web-1', 'pv-on-cluster-1')], persistentVolumes: [boundVolume('pv-on-cluster-1', 'www-web-1')] });
    assert.equal(p.setClusterSnapshots(new Map([['lab', live]]), 'lab'), true);
    assert.deepEqual(codes(p), []);
    const unit = p.analyze().units[0];
    const claim = unit.analysis.prediction.claims.find((c) => c.name === 'www-web-1')!;
    assert.deepEqual([claim.outcome, claim.how, claim.clusterVolume, claim.reason], ['bound', 'live', 'pv-on-cluster-1', 'is Bound to pv-on-cluster-1 on the cluster (context "lab")']);
    const planned = outcomesOf(unit.analysis, unit.profile).bySet.values().next().value!.find((c) => c.name === 'www-web-1')!;
    assert.deepEqual([planned.outcome, planned.bindsTo], ['binds', 'pv-on-cluster-1']);
    // the same snapshot again: nothing changes
    assert.equal(p.setClusterSnapshots(new Map([['lab', live]]), 'lab'), false);
    // a snapshot of another context does not apply to this unit
    assert.equal(p.setClusterSnapshots(new Map([['elsewhere', live]]), 'lab'), true);
    assert.deepEqual(codes(p), ['pvc-missing']);
  });

  it('a claim that exists on the cluster but is Pending is not missing either, and is predicted as the binder would', () => {
    const p = project(HAND_MADE, { snapshots: new Map([['lab', snapshot({ persistentVolumeClaims: [{ ...boundClaim('www-web-1', ''), spec: { storageClassName: '' }, status: { phase: 'Pending' } }] })]]), currentContext: 'lab' });
    assert.deepEqual(codes(p), []);
    const claim = p.analyze().units[0].analysis.prediction.claims.find((c) => c.name === 'www-web-1')!;
    assert.deepEqual([claim.outcome, claim.live?.phase], ['pending', 'Pending']);
  });

  it('a dynamically provisioned set scaled up: its Bound claims are not "hand-managed", so the new ordinal is not reported missing', () => {
    const files = { '/w/app/app.yaml': docs(HEADLESS_SERVICE, statefulSet({ replicas: 3, className: 'fast' })) };
    const live = snapshot({ persistentVolumeClaims: [boundClaim('www-web-0', 'pvc-1'), boundClaim('www-web-1', 'pvc-2')] });
    const p = project(files, { snapshots: new Map([['lab', live]]), currentContext: 'lab' });
    assert.deepEqual(codes(p), []);
  });

  it('a PV bound on the cluster to another claim is no candidate: the template claim it would have matched stays Pending', () => {
    const files = { '/w/app/app.yaml': docs(HEADLESS_SERVICE, statefulSet({ replicas: 1, className: '' }), pv({ name: 'pv-free', className: '' })) };
    const p = project(files);
    assert.equal(p.analyze().units[0].analysis.prediction.claims[0].volume?.name, 'pv-free');
    p.setClusterSnapshots(new Map([['lab', snapshot({ persistentVolumes: [boundVolume('pv-free', 'someone-else', 'other')] })]]), 'lab');
    const c = p.analyze().units[0].analysis.prediction.claims[0];
    assert.deepEqual([c.outcome, c.volume, c.candidates], ['pending', undefined, []]);
    assert.deepEqual(codes(p), ['pvc-unbindable']);
    assert.match(p.analyze().findings[0].message, /will not bind a pre-created PV/);
  });

  it('a PV of the files bound on the cluster to a template claim is not given to a pre-created claim that names it', () => {
    const files = { '/w/app/app.yaml': docs(HEADLESS_SERVICE, statefulSet({ replicas: 1, className: '' }), pv({ name: 'pv-x', className: '' }),
      pvc({ name: 'other', className: '', extra: '  volumeName: pv-x\n' })) };
    const live = snapshot({ persistentVolumeClaims: [boundClaim('www-web-0', 'pv-x')], persistentVolumes: [boundVolume('pv-x', 'www-web-0')] });
    const p = project(files, { snapshots: new Map([['lab', live]]), currentContext: 'lab' });
    const byName = Object.fromEntries(p.analyze().units[0].analysis.prediction.claims.map((c) => [c.name, [c.outcome, c.volume?.name]]));
    assert.deepEqual(byName, { other: ['pending', undefined], 'www-web-0': ['bound', 'pv-x'] });
  });

  it('a PV reserved on the cluster (claimRef there, not Bound yet) is a candidate for that claim only', () => {
    const files = { '/w/app/app.yaml': docs(HEADLESS_SERVICE, statefulSet({ replicas: 1, className: '' }), pv({ name: 'pv-free', className: '' })) };
    const reserved = (claim: string): LiveObject => ({ ...boundVolume('pv-free', claim), status: { phase: 'Available' }, spec: { ...boundVolume('pv-free', claim).spec, claimRef: { name: claim, namespace: 'default' } } });
    const other = project(files, { snapshots: new Map([['lab', snapshot({ persistentVolumes: [reserved('someone-else')] })]]), currentContext: 'lab' });
    assert.deepEqual(other.analyze().units[0].analysis.prediction.claims.map((c) => [c.outcome, c.volume?.name]), [['pending', undefined]]);
    const mine = project(files, { snapshots: new Map([['lab', snapshot({ persistentVolumes: [reserved('www-web-0')] })]]), currentContext: 'lab' });
    assert.deepEqual(mine.analyze().units[0].analysis.prediction.claims.map((c) => [c.outcome, c.volume?.name]), [['bound', 'pv-free']]);
  });

  it('a class the files do not define: the live state says whether the cluster has it (and whether it provisions)', () => {
    const files = { '/w/app/app.yaml': docs(HEADLESS_SERVICE, statefulSet({ replicas: 1, className: 'fast' })) };
    const reason = (classes: LiveObject[]) => project(files, { snapshots: new Map([['lab', snapshot({ storageClasses: classes })]]), currentContext: 'lab' })
      .analyze().units[0].analysis.prediction.claims.map((c) => [c.outcome, c.reason])[0];
    assert.deepEqual(reason([]), ['pending', 'stays Pending: no PV matches and StorageClass "fast" does not exist on the cluster (context "lab")']);
    assert.deepEqual(reason([storageClass('fast', false)]), ['dynamic', 'is provisioned dynamically by StorageClass "fast" (provisioner fast.csi, on the cluster), as no PV matches']);
    assert.deepEqual(reason([storageClass('fast', false, undefined, { provisioner: 'kubernetes.io/no-provisioner' })]), ['pending', 'stays Pending: no PV matches and StorageClass "fast" (on the cluster) has no provisioner']);
    assert.deepEqual(project(files).analyze().units[0].analysis.prediction.claims[0].reason, 'is provisioned dynamically by StorageClass "fast" if the cluster has it (no PV matches), else stays Pending', 'offline: both');
    // the cluster's default class without a provisioner (local volumes): a class-less claim stays Pending
    const classless = { '/w/app/app.yaml': docs(HEADLESS_SERVICE, statefulSet({ replicas: 1 })) };
    const local = project(classless, { snapshots: new Map([['lab', snapshot({ storageClasses: [storageClass('local', true, undefined, { provisioner: 'kubernetes.io/no-provisioner' })] })]]), currentContext: 'lab' });
    assert.deepEqual(local.analyze().units[0].analysis.prediction.claims.map((c) => [c.outcome, c.reason])[0], ['pending', 'stays Pending: no PV matches and StorageClass "local" has no provisioner']);
  });

  it('a claim naming a PV that only the cluster has: no "not in the analysed files" finding, and it binds that PV', () => {
    const files = { '/w/app/app.yaml': pvc({ name: 'data', className: '', extra: '  volumeName: pv-remote\n' }) };
    const offline = project(files);
    assert.deepEqual(codes(offline), ['prebind-mismatch']);
    const remote: LiveObject = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv-remote' }, spec: { capacity: { storage: '5Gi' }, accessModes: ['ReadWriteOnce'], nfs: { server: 'n', path: '/r' } }, status: { phase: 'Available' } };
    const p = project(files, { snapshots: new Map([['lab', snapshot({ persistentVolumes: [remote] })]]), currentContext: 'lab' });
    assert.deepEqual(codes(p), []);
    const unit = p.analyze().units[0];
    const c = unit.analysis.prediction.claims[0];
    assert.deepEqual([c.outcome, c.clusterVolume], ['bound', 'pv-remote']);
    assert.deepEqual(outcomesOf(unit.analysis, unit.profile).standalone.map((s) => [s.outcome, s.bindsTo]), [['binds', 'pv-remote']]);
    const absent = project(files, { snapshots: new Map([['lab', snapshot()]]), currentContext: 'lab' });
    assert.match(absent.analyze().findings[0].message, /names volume "pv-remote", which is neither in the analysed files nor on the cluster \(context "lab", read 2026-12-01T04:00:00.000Z\)/);
  });

  it('the live version and default class fill what flags, config and settings leave open', () => {
    const live = snapshot({ kubernetesVersion: '1.30', storageClasses: [storageClass('standard', true, undefined, { volumeBindingMode: 'WaitForFirstConsumer', allowVolumeExpansion: true }), storageClass('slow', false)] });
    const files = { '/w/a/app.yaml': HEADLESS_SERVICE, '/w/b/app.yaml': HEADLESS_SERVICE, '/w/b/.statefulset-storage.yaml': 'kubernetesVersion: "1.29"\n' };
    const p = project(files, { snapshots: new Map([['lab', live]]), currentContext: 'lab' });
    const profiles = Object.fromEntries(p.analyze().units.map((u) => [u.unit.root, u.profile]));
    assert.deepEqual(profiles['/w/a'], { kubernetesVersion: '1.30', defaultStorageClass: { kind: 'named', name: 'standard', provisioner: 'standard.csi', volumeBindingMode: 'WaitForFirstConsumer', allowVolumeExpansion: true } });
    assert.equal(profiles['/w/b'].kubernetesVersion, '1.29', 'the config file wins over the live version');
    const flagged = project(files, { snapshots: new Map([['lab', live]]), currentContext: 'lab', flags: { defaultStorageClass: { kind: 'none' } } });
    assert.deepEqual(flagged.analyze().units.map((u) => u.profile.defaultStorageClass.kind), ['none', 'none'], 'flags win over live');
  });

  it('a unit whose config names a context uses that context\'s snapshot', () => {
    const files = { '/w/a/app.yaml': HEADLESS_SERVICE, '/w/b/app.yaml': HEADLESS_SERVICE, '/w/b/.statefulset-storage.yaml': 'context: prod\n' };
    const p = project(files, { snapshots: new Map([['lab', snapshot({ kubernetesVersion: '1.31' })], ['prod', snapshot({ context: 'prod', kubernetesVersion: '1.29' })]]), currentContext: 'lab' });
    assert.deepEqual(p.analyze().units.map((u) => [u.unit.root, u.profile.kubernetesVersion]), [['/w/a', '1.31'], ['/w/b', '1.29']]);
    assert.deepEqual([...p.namespacesByContext('lab')], [['lab', ['default']], ['prod', ['default']]]);
  });
});

describe('the live default StorageClass (as the DefaultStorageClass admission plugin picks it)', () => {
  it('none, one, several (newest wins since 1.26, ties by name); before 1.26 several are unknown (admission refuses class-less claims)', () => {
    assert.deepEqual(liveDefaultClass([storageClass('a', false)], '1.30'), { kind: 'none' });
    assert.equal((liveDefaultClass([storageClass('a', true), storageClass('b', false)], '1.30') as { name: string }).name, 'a');
    const older = storageClass('zeta', true, '2025-01-01T00:00:00Z');
    const newer = storageClass('alpha', true, '2026-01-01T00:00:00Z');
    assert.equal((liveDefaultClass([newer, older], '1.26') as { name: string }).name, 'alpha');
    assert.equal((liveDefaultClass([older, newer], '1.30') as { name: string }).name, 'alpha');
    assert.equal((liveDefaultClass([storageClass('b', true), storageClass('a', true)], '1.30') as { name: string }).name, 'a', 'same time: by name');
    assert.deepEqual(liveDefaultClass([older, newer], '1.25'), { kind: 'unknown' });
    const beta: LiveObject = { metadata: { name: 'old', annotations: { 'storageclass.beta.kubernetes.io/is-default-class': 'true' } } };
    assert.equal(liveDefaultClass([beta], '1.30').kind, 'named');
  });
});
