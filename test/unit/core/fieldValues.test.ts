// Field validation as the API server does it (issue 13, items 4 and 5): counts are non-negative int32,
// storage sizes valid positive quantities; a finding says what the server (or kubectl) does, and no
// output ever shows NaN, Infinity or a null count. Plan reads malformed PV fields without crashing.
import * as assert from 'node:assert/strict';
import { buildPlan } from '../../../src/core/plan';
import { formatPlanText, planToJson } from '../../../src/core/planText';
import { analyze, docs, HEADLESS_SERVICE, noFinding, onlyFinding, pv, pvc, statefulSet } from '../helpers/analyze';

function outputs(files: Record<string, string>): string {
  const a = analyze(files);
  const plan = buildPlan(a);
  // a finding may quote kubectl's own words ("json: unsupported value: NaN"); nothing else may say NaN
  const messages = a.findings.map((f) => f.message.replace(/json: unsupported value: [^"]*/g, '')).join('\n');
  return `${JSON.stringify(planToJson(plan))}\n${formatPlanText(plan)}\n${messages}`;
}

describe('field values', () => {
  const cases: [string, RegExp][] = [
    ['.nan', /kubectl cannot convert the file to JSON \("json: unsupported value: NaN"\) and rejects the whole file/],
    ['.inf', /"json: unsupported value: \+Inf"/],
    ['-1', /the API server rejects it \("spec\.replicas: Invalid value: -1: must be greater than or equal to 0"\)/],
    ['"3"', /the API server cannot decode it \("json: cannot unmarshal string into Go struct field StatefulSetSpec\.spec\.replicas of type int32"\)/],
    ['1.5', /cannot unmarshal number 1\.5 into Go struct field StatefulSetSpec\.spec\.replicas of type int32/],
    ['3000000000', /cannot unmarshal number 3000000000 into/],
  ];
  for (const [value, message] of cases) {
    it(`replicas: ${value} is an error on the value; the set has no pods; no NaN, Infinity or null in any output`, () => {
      const text = docs(HEADLESS_SERVICE, statefulSet({ replicas: value }));
      const a = analyze({ 'a.yaml': text });
      const f = onlyFinding(a, 'invalid-value');
      assert.equal(f.severity, 'error');
      assert.equal(f.range.start.line, text.split('\n').findIndex((l) => l.startsWith('  replicas:')));
      assert.match(f.message, message);
      assert.match(f.message, /the StatefulSet is not created and has no pods/);
      const plan = planToJson(buildPlan(a)) as { statefulSets: { replicas: number; pods: string[] }[] };
      assert.deepEqual([plan.statefulSets[0].replicas, plan.statefulSets[0].pods], [0, []]);
      assert.doesNotMatch(outputs({ 'a.yaml': text }), /NaN|Infinity|"replicas":null/);
    });
  }

  it('replicas 0, 5 and an empty replicas (defaulted to 1) are fine', () => {
    for (const value of ['0', '5', '']) noFinding(analyze({ 'a.yaml': docs(HEADLESS_SERVICE, statefulSet({ replicas: value })) }), 'invalid-value');
    assert.equal(analyze({ 'a.yaml': statefulSet({ replicas: '' }) }).index.statefulSets()[0].replicas, 1);
  });

  it('ordinals.start: -1 is an error', () => {
    const text = statefulSet({ extraSpec: '  ordinals:\n    start: -1\n' });
    assert.match(onlyFinding(analyze({ 'a.yaml': text }), 'invalid-value').message, /spec\.ordinals\.start: Invalid value: -1: must be greater than or equal to 0/);
  });

  for (const size of ['-1Gi', '0']) {
    it(`storage ${size} on a PV, a PVC and a claim template: an error saying the server requires more than zero`, () => {
      const a = analyze({ 'pv.yaml': pv({ name: 'pv-a', storage: size }), 'pvc.yaml': pvc({ name: 'c', storage: size }), 'sts.yaml': statefulSet({ storage: size }) });
      const found = a.findings.filter((f) => f.code === 'invalid-value').map((f) => `${f.file}: ${f.message}`);
      assert.equal(found.length, 3, found.join('\n'));
      assert.match(found[0], new RegExp(`pv\\.yaml: Storage "${size}" is not positive \\("spec\\.capacity\\[storage\\]: Invalid value: \\\\"${size}\\\\": must be greater than zero"\\): the API server rejects the PersistentVolume`));
      assert.match(found[1], /pvc\.yaml: .*spec\.resources\[storage\].*must be greater than zero.*rejects the PersistentVolumeClaim/);
      assert.match(found[2], /sts\.yaml: Claim template "www" requests storage .*must be greater than zero.*the pods stay Pending/);
    });
  }

  it('storage 1e+999 is a valid quantity, as kubectl sends it: the plan prints its size, never Infinity', () => {
    const text = pv({ name: 'huge', storage: '1e+999' }).replace('  nfs:\n    server: 10.0.0.5\n    path: /exports/huge\n', '  rbd: {image: huge, monitors: [m]}\n');
    const a = analyze({ 'pv.yaml': text });
    noFinding(a, 'invalid-value');
    assert.equal(a.index.volumes()[0].capacityText, '1e+999');
    const out = outputs({ 'pv.yaml': text });
    assert.doesNotMatch(out, /Infinity|NaN/);
    assert.match(out, /rbd create rbd\/huge --size 9536743\d+ -m m/);
  });

  it('storage "ten" on a PV is not a quantity: an error with the API server\'s pattern', () => {
    assert.match(onlyFinding(analyze({ 'pv.yaml': pv({ name: 'pv-a', storage: 'ten' }) }), 'invalid-value').message, /Storage "ten" is not a quantity \("quantities must match the regular expression/);
  });

  describe('a local PV with malformed node affinity', () => {
    const local = (affinity: string) => `apiVersion: v1
kind: PersistentVolume
metadata:
  name: local-0
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  storageClassName: local
  local: {path: /mnt/disks/a}
  nodeAffinity:
    required:
${affinity}`;
    const shapes: [string, string][] = [
      ['nodeSelectorTerms: [oops]', '      nodeSelectorTerms: [oops]\n'],
      ['matchExpressions: [oops]', '      nodeSelectorTerms:\n      - matchExpressions: [oops]\n'],
    ];
    for (const [name, affinity] of shapes) {
      it(`${name}: plan builds (with the manual step) and check reports the item`, () => {
        const files = { 'pv.yaml': local(affinity), 'sts.yaml': docs(HEADLESS_SERVICE, statefulSet({ className: 'local' })) };
        const plan = buildPlan(analyze(files));
        assert.ok(plan.steps.some((s) => s.phase === 'backing-volume' && s.name === 'dir:node:/mnt/disks/a'));
        const f = onlyFinding(analyze(files), 'invalid-value');
        assert.match(f.message, /This item is not a map: the API server cannot decode the PersistentVolume \("json: cannot unmarshal string into Go struct field .* of type core\.NodeSelector(Term|Requirement)"\)/);
      });
    }
    it('a well-formed affinity has no finding and names its node', () => {
      const files = { 'pv.yaml': local('      nodeSelectorTerms:\n      - matchExpressions:\n        - {key: kubernetes.io/hostname, operator: In, values: [node-a]}\n') };
      noFinding(analyze(files), 'invalid-value');
      assert.ok(buildPlan(analyze(files)).steps.some((s) => s.name === 'dir:node-a:/mnt/disks/a'));
    });
  });
});
