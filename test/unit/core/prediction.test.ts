// The prediction matches claims through an index of PVs (volumeIndex.ts) instead of scanning every PV.
// Its result must be the plain binder's: syncUnboundClaim over every PV, claim after claim in the
// binder's queue order, with the volumes taken so far. Random workspaces mix classes, access-mode
// groups, capacities written differently (1G < 1Gi = 1024Mi), volumeModes, selectors, claimRefs,
// volumeName, Bound and deleted PVs.
import * as assert from 'node:assert/strict';
import { ClaimFacts, syncUnboundClaim, VolumeFacts, volumeRejection } from '../../../src/core/binding';
import { ClaimPrediction, pvFacts } from '../../../src/core/prediction';
import { analyze, docs, pv, pvc, statefulSet, storageClass } from '../helpers/analyze';

function lcg(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

const MODES = ['["ReadWriteOnce"]', '["ReadWriteOnce", "ReadOnlyMany"]', '["ReadWriteMany"]', '["ReadOnlyMany", "ReadWriteOnce"]'];
const SIZES = ['1Gi', '2Gi', '1G', '500Mi', '1024Mi'];

function randomWorkspace(r: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const claimNames = ['c-0', 'c-1', 'c-2', 'www-web-0', 'www-web-1', 'www-web-2'];
  const out: string[] = [];
  if (r() < 0.5) out.push(storageClass({ name: 'fast', provisioner: 'example.com/x', isDefault: r() < 0.5 }));
  const pvCount = Math.floor(r() * 14);
  for (let i = 0; i < pvCount; i++) {
    let text = pv({
      name: `pv-${i}`, className: pick(['', '', 'fast']), storage: pick(SIZES), accessModes: pick(MODES),
      labels: r() < 0.4 ? `    tier: ${pick(['a', 'b'])}\n` : undefined,
      claimRef: r() < 0.2 ? `    name: ${pick(claimNames)}\n    namespace: default\n` : undefined,
      extra: r() < 0.1 ? 'status:\n  phase: Bound\n' : undefined,
      metaExtra: r() < 0.05 ? '  deletionTimestamp: "2024-01-01T00:00:00Z"\n' : undefined,
    });
    if (r() < 0.1) text = text.replace('  persistentVolumeReclaimPolicy', '  volumeMode: Block\n  persistentVolumeReclaimPolicy');
    out.push(text);
  }
  const pvcCount = Math.floor(r() * 4);
  for (let i = 0; i < pvcCount; i++) {
    const selector = r() < 0.3 ? `  selector:\n    matchLabels: {tier: ${pick(['a', 'b'])}}\n` : '';
    const volumeName = r() < 0.15 ? `  volumeName: pv-${Math.floor(r() * (pvCount + 1))}\n` : '';
    out.push(pvc({ name: `c-${i}`, className: pick([null, '', 'fast']), storage: pick(SIZES), accessModes: pick(MODES), extra: selector + volumeName }));
  }
  out.push(statefulSet({ replicas: Math.floor(r() * 4), className: pick([null, '', '', 'fast']), storage: pick(SIZES) }));
  return docs(...out);
}

/** The plain binder: every PV, every claim in queue order. */
function reference(claims: readonly ClaimPrediction[], volumes: readonly VolumeFacts[]) {
  const taken = new Set<VolumeFacts>(volumes.filter((v) => v.phase === 'Bound'));
  return claims.map((c) => {
    const facts: ClaimFacts = {
      name: c.name, namespace: c.namespace, storageClassName: c.effectiveClass, accessModes: c.spec.accessModes ?? [], storage: c.spec.storage,
      volumeMode: c.spec.volumeMode, selector: c.spec.selector, volumeName: c.spec.volumeName,
    };
    const outcome = syncUnboundClaim(facts, volumes, (v) => taken.has(v));
    if (outcome.kind === 'bind') taken.add(outcome.volume);
    // PVs reserved for another claim are never among the ones the prediction lists for a claim
    const listed = (v: VolumeFacts) => !v.claimRef || (v.claimRef.name === c.name && v.claimRef.namespace === c.namespace);
    return {
      volume: outcome.kind === 'bind' ? outcome.volume.name : '-',
      candidates: volumes.filter((v) => !volumeRejection(facts, v)).map((v) => v.name).sort(),
      rejected: (outcome.rejected ?? []).filter((x) => listed(x.volume)).map((x) => `${x.volume.name}: ${x.reason}`).sort(),
    };
  });
}

describe('prediction through the volume index', () => {
  it('equals the plain binder on 300 random workspaces (chosen PV, candidates, rejections)', () => {
    const r = lcg(7);
    for (let i = 0; i < 300; i++) {
      const text = randomWorkspace(r);
      const a = analyze({ 'w.yaml': text });
      const claims = a.prediction.claims;
      const want = reference(claims, a.index.volumes().map(pvFacts));
      const got = claims.map((c) => ({
        volume: c.volume?.name ?? '-',
        candidates: c.candidates.map((v) => v.name).sort(),
        rejected: c.rejected.map((x) => `${x.volume.name}: ${x.reason}`).sort(),
      }));
      assert.deepEqual(got, want, `workspace ${i}:\n${text}`);
    }
  });

  it('claims of one spec share one candidate list (pv-contended groups by it)', () => {
    const a = analyze({ 'w.yaml': docs(statefulSet({ replicas: 3, className: '' }), pv({ name: 'a', className: '' }), pv({ name: 'b', className: '' })) });
    const [c0, c1, c2] = a.prediction.claims;
    assert.equal(c0.candidates, c1.candidates);
    assert.equal(c1.candidates, c2.candidates);
    assert.deepEqual(c0.candidates.map((v) => v.name), ['a', 'b']);
  });
});
