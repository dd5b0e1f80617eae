import * as assert from 'node:assert/strict';
import { checkVolumeSatisfyClaim, ClaimFacts, findBestMatchForClaim, syncUnboundClaim, VolumeFacts } from '../../../src/core/binding';
import { parseQuantity } from '../../../src/core/quantity';
import { analyze, docs, pv, pvc, statefulSet, storageClass, HEADLESS_SERVICE } from '../helpers/analyze';

const Q = (s: string) => parseQuantity(s)!;
const vol = (name: string, o: Partial<VolumeFacts> = {}): VolumeFacts => ({
  name, capacity: Q('1Gi'), accessModes: ['ReadWriteOnce'], storageClassName: '', labels: {}, phase: 'Available', deleting: false, ...o,
});
const claim = (o: Partial<ClaimFacts> = {}): ClaimFacts => ({
  name: 'data-db-0', namespace: 'default', storageClassName: '', accessModes: ['ReadWriteOnce'], storage: Q('1Gi'), ...o,
});
const bound = (c: ClaimFacts, vs: VolumeFacts[]) => findBestMatchForClaim(c, vs).volume?.name;

const DEFAULT_SC = storageClass({ name: 'standard', provisioner: 'rancher.io/local-path', isDefault: true });

describe('binding (binder rules)', () => {
  it('access-mode groups: the smallest mode set is searched first', () => {
    const rwo10 = vol('rwo-10', { capacity: Q('10Gi') });
    const rwoRox1 = vol('rwo-rox-1', { accessModes: ['ReadWriteOnce', 'ReadOnlyMany'] });
    assert.equal(bound(claim(), [rwoRox1, rwo10]), 'rwo-10');
    // a claim asking for both modes can only use the larger group
    assert.equal(bound(claim({ accessModes: ['ReadWriteOnce', 'ReadOnlyMany'] }), [rwo10, rwoRox1]), 'rwo-rox-1');
    assert.equal(bound(claim({ accessModes: ['ReadWriteMany'] }), [rwo10, rwoRox1]), undefined);
  });

  it('capacity is compared exactly: a 1G PV does not satisfy a 1Gi claim', () => {
    const m = findBestMatchForClaim(claim(), [vol('one-g', { capacity: Q('1G') })]);
    assert.equal(m.volume, undefined);
    assert.match(m.rejected[0].reason, /capacity 1G < 1Gi/);
    assert.equal(bound(claim(), [vol('mi', { capacity: Q('1024Mi') })]), 'mi');
    assert.equal(bound(claim({ storage: Q('1G') }), [vol('gi', { capacity: Q('1Gi') })]), 'gi');
  });

  it('the smallest fitting capacity wins', () => {
    assert.equal(bound(claim(), [vol('big', { capacity: Q('100Gi') }), vol('small', { capacity: Q('2Gi') }), vol('mid', { capacity: Q('50Gi') })]), 'small');
  });

  it('volumeMode: nil is Filesystem; Block and Filesystem never bind', () => {
    assert.equal(bound(claim({ volumeMode: 'Filesystem' }), [vol('v')]), 'v');
    assert.equal(bound(claim(), [vol('v', { volumeMode: 'Filesystem' })]), 'v');
    assert.equal(bound(claim({ volumeMode: 'Block' }), [vol('v')]), undefined);
    assert.equal(bound(claim(), [vol('v', { volumeMode: 'Block' })]), undefined);
    assert.equal(bound(claim({ volumeMode: 'Block' }), [vol('v', { volumeMode: 'Block' })]), 'v');
  });

  it('class must be equal ("" binds only class-less PVs)', () => {
    assert.equal(bound(claim(), [vol('fast', { storageClassName: 'fast' })]), undefined);
    assert.equal(bound(claim({ storageClassName: 'fast' }), [vol('none')]), undefined);
    assert.equal(bound(claim({ storageClassName: 'fast' }), [vol('fast', { storageClassName: 'fast' })]), 'fast');
  });

  it('selector with matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist)', () => {
    const a = vol('a', { labels: { tier: 'db', zone: 'x' } });
    const b = vol('b', { labels: { tier: 'web' } });
    const sel = (matchExpressions: { key: string; operator: string; values: string[] }[], matchLabels = {}) => claim({ selector: { matchLabels, matchExpressions } });
    assert.equal(bound(sel([{ key: 'tier', operator: 'In', values: ['db', 'cache'] }]), [b, a]), 'a');
    assert.equal(bound(sel([{ key: 'tier', operator: 'NotIn', values: ['db'] }]), [a, b]), 'b');
    assert.equal(bound(sel([{ key: 'zone', operator: 'Exists', values: [] }]), [b, a]), 'a');
    assert.equal(bound(sel([{ key: 'zone', operator: 'DoesNotExist', values: [] }]), [a, b]), 'b');
    assert.equal(bound(sel([], { tier: 'web' }), [a, b]), 'b');
    assert.equal(bound(sel([{ key: 'tier', operator: 'In', values: ['db'] }], { zone: 'y' }), [a, b]), undefined, 'matchLabels AND matchExpressions');
    // NotIn also matches PVs without the label
    assert.equal(bound(sel([{ key: 'zone', operator: 'NotIn', values: ['x'] }]), [a, vol('c')]), 'c');
  });

  it('a PV pre-bound by claimRef is taken without selector or class checks, but with capacity and mode checks', () => {
    const ref = { name: 'data-db-0', namespace: 'default' };
    const pinned = vol('pinned', { storageClassName: 'other', labels: {}, claimRef: ref, capacity: Q('5Gi') });
    const free = vol('free', { capacity: Q('1Gi') });
    const c = claim({ selector: { matchLabels: { tier: 'db' }, matchExpressions: [] } });
    const m = findBestMatchForClaim(c, [free, pinned]);
    assert.equal(m.volume?.name, 'pinned');
    assert.equal(m.prebound, true);
    // too small: skipped even though reserved
    assert.equal(bound(claim(), [vol('small', { claimRef: ref, capacity: Q('1G') })]), undefined);
    assert.equal(bound(claim(), [vol('block', { claimRef: ref, volumeMode: 'Block' })]), undefined);
    // reserved for another claim, or another namespace: skipped
    const other = findBestMatchForClaim(claim(), [vol('x', { claimRef: { name: 'data-db-1', namespace: 'default' } })]);
    assert.equal(other.volume, undefined);
    assert.match(other.rejected[0].reason, /reserved for claim default\/data-db-1/);
    assert.equal(bound(claim(), [vol('y', { claimRef: { name: 'data-db-0', namespace: 'prod' } })]), undefined);
    // a uid that differs from the claim's
    assert.equal(bound(claim({ uid: 'u1' }), [vol('z', { claimRef: { ...ref, uid: 'u2' } })]), undefined);
  });

  it('a PV being deleted, or not Available, is skipped', () => {
    const m = findBestMatchForClaim(claim(), [vol('d', { deleting: true })]);
    assert.equal(m.volume, undefined);
    assert.match(m.rejected[0].reason, /being deleted/);
    assert.equal(bound(claim(), [vol('r', { phase: 'Released' })]), undefined);
  });

  it('PVs taken by other claims are skipped', () => {
    const a = vol('a');
    const b = vol('b', { capacity: Q('2Gi') });
    const m = findBestMatchForClaim(claim(), [a, b], (v) => v === a);
    assert.equal(m.volume?.name, 'b');
    assert.equal(m.rejected.find((r) => r.volume === a)?.reason, 'already bound to another claim');
  });

  it('volumeName: checked against that PV only (VolumeMismatch)', () => {
    const small = vol('named', { capacity: Q('1G') });
    const other = vol('other', { capacity: Q('1Gi') });
    const out = syncUnboundClaim(claim({ volumeName: 'named' }), [other, small], () => false);
    assert.equal(out.kind, 'pending');
    assert.ok(out.kind === 'pending' && /^VolumeMismatch: Cannot bind to requested volume "named": requested PV is too small/.test(out.event ?? ''));
    const ok = syncUnboundClaim(claim({ volumeName: 'other' }), [small, other], () => false);
    assert.ok(ok.kind === 'bind' && ok.volume === other && ok.how === 'volumeName');
    // class, mode and access modes are checked too
    assert.match(checkVolumeSatisfyClaim(vol('c', { storageClassName: 'x' }), claim()) ?? '', /storageClassName/);
    assert.equal(checkVolumeSatisfyClaim(vol('m', { volumeMode: 'Block' }), claim()), 'incompatible volumeMode');
    assert.equal(checkVolumeSatisfyClaim(vol('a', { accessModes: ['ReadOnlyMany'] }), claim()), 'incompatible accessMode');
    // the named PV reserved for another claim
    const taken = syncUnboundClaim(claim({ volumeName: 'r' }), [vol('r', { claimRef: { name: 'x', namespace: 'default' } })], () => false);
    assert.ok(taken.kind === 'pending' && /already bound to a different claim/.test(taken.reason));
    // a missing volume
    const missing = syncUnboundClaim(claim({ volumeName: 'nope' }), [other], () => false);
    assert.ok(missing.kind === 'pending' && /does not exist/.test(missing.reason));
  });
});

describe('prediction (manifests)', () => {
  const setAndPv = (setClass: string | null, pvClass: string | null, extra: string[] = []) =>
    analyze({ 'a.yaml': docs(HEADLESS_SERVICE, statefulSet({ replicas: 1, className: setClass }), pv({ name: 'pv-0', className: pvClass }), ...extra) });
  const only = (a: ReturnType<typeof analyze>) => {
    assert.equal(a.prediction.claims.length, 1);
    return a.prediction.claims[0];
  };

  it('class nil binds a class-less PV when no StorageClass is default', () => {
    const c = only(setAndPv(null, null));
    assert.equal(c.outcome, 'bound');
    assert.equal(c.volume?.name, 'pv-0');
    assert.equal(c.effectiveClass, '');
  });

  it('class nil with a default StorageClass in the files goes dynamic', () => {
    const a = setAndPv(null, null, [DEFAULT_SC]);
    const c = only(a);
    assert.equal(a.prediction.defaultClass?.name, 'standard');
    assert.equal(c.effectiveClass, 'standard');
    assert.equal(c.outcome, 'dynamic');
    assert.equal(c.volume, undefined);
    assert.match(c.reason, /is provisioned dynamically by StorageClass "standard" \(the default class\) \(provisioner rancher\.io\/local-path\), as no PV matches/);
  });

  it('class "" binds the class-less PV even with a default StorageClass', () => {
    const c = only(setAndPv('', '', [DEFAULT_SC]));
    assert.equal(c.outcome, 'bound');
    assert.equal(c.volume?.name, 'pv-0');
  });

  it('class "" and no PV: Pending with the binder\'s event text', () => {
    const c = only(analyze({ 'a.yaml': statefulSet({ replicas: 1, className: '' }) }));
    assert.equal(c.outcome, 'pending');
    assert.match(c.reason, /no persistent volumes available for this claim and no storage class is set/);
  });

  it('the beta storage-class annotation wins over spec.storageClassName, on claims and PVs', () => {
    const claim = pvc({ name: 'data', className: 'fast' }).replace('metadata:\n', 'metadata:\n  annotations:\n    volume.beta.kubernetes.io/storage-class: slow\n');
    const a = analyze({ 'c.yaml': claim, 'v.yaml': docs(pv({ name: 'fast-pv', className: 'fast' }), pv({ name: 'slow-pv', className: 'other' }).replace('metadata:\n', 'metadata:\n  annotations:\n    volume.beta.kubernetes.io/storage-class: slow\n')) });
    assert.equal(a.prediction.claims[0].volume?.name, 'slow-pv');
  });

  it('objects without a namespace are in the default namespace (configurable); a claimRef must name it', () => {
    const ref = '    name: www-web-0\n    namespace: prod\n';
    const files = { 'a.yaml': statefulSet({ replicas: 1, className: '' }), 'v.yaml': pv({ name: 'p', className: '', claimRef: ref }) };
    assert.equal(analyze(files).prediction.claims[0].volume, undefined);
    const inProd = analyze(files, { defaultNamespace: 'prod' });
    assert.equal(inProd.index.statefulSets()[0].namespace, 'prod');
    assert.equal(inProd.prediction.claims[0].volume?.name, 'p');
    assert.equal(inProd.prediction.claims[0].how, 'prebound');
  });

  it('claims of several ordinals take PVs one by one, smallest first, and a PV taken by ordinal 0 is not reused', () => {
    const a = analyze({ 'a.yaml': docs(statefulSet({ replicas: 3, className: '' }), pv({ name: 'big', storage: '5Gi', className: '' }), pv({ name: 'small', storage: '1Gi', className: '' })) });
    const claims = a.prediction.claims;
    assert.deepEqual(claims.map((c) => [c.name, c.volume?.name ?? null]), [['www-web-0', 'small'], ['www-web-1', 'big'], ['www-web-2', null]]);
  });

  it('a PV with deletionTimestamp or status phase Bound is not predicted to bind', () => {
    const a = analyze({ 'a.yaml': docs(statefulSet({ replicas: 1, className: '' }),
      pv({ name: 'gone', className: '', metaExtra: '  deletionTimestamp: "2024-01-01T00:00:00Z"\n' }),
      pv({ name: 'used', className: '', extra: 'status:\n  phase: Bound\n' })) });
    const c = a.prediction.claims[0];
    assert.equal(c.volume, undefined);
    assert.deepEqual(c.rejected.map((r) => `${r.volume.name}: ${r.reason}`).sort(), ['gone: being deleted', 'used: already bound to another claim']);
  });

  it('WaitForFirstConsumer: a matching local PV binds when the pod is scheduled (not "Pending")', () => {
    const sc = `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: local-storage
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
`;
    const local = `apiVersion: v1
kind: PersistentVolume
metadata:
  name: local-0
spec:
  capacity: {storage: 10Gi}
  accessModes: [ReadWriteOnce]
  storageClassName: local-storage
  local: {path: /mnt/disks/a}
  nodeAffinity:
    required:
      nodeSelectorTerms:
      - matchExpressions:
        - {key: kubernetes.io/hostname, operator: In, values: [node-1]}
`;
    const a = analyze({ 'a.yaml': docs(HEADLESS_SERVICE, sc, local, statefulSet({ replicas: 1, className: 'local-storage' })) });
    const c = a.prediction.claims.find((x) => x.name === 'www-web-0')!;
    assert.equal(c.outcome, 'bound');
    assert.equal(c.volume?.name, 'local-0');
    assert.match(c.reason, /when its pod is scheduled \(WaitForFirstConsumer\)/);
    assert.deepEqual(a.findings.map((f) => f.code), []);
  });
});
