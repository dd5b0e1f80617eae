import * as assert from 'node:assert/strict';
import {
  claimName, dns1035LabelProblem, dns1123SubdomainProblem, ordinalOfClaim, ordinalRange, ordinals, podDnsName, podName, summarizeNames,
} from '../../../src/core/names';
import { buildPlan } from '../../../src/core/plan';
import { MAX_LISTED_ORDINALS } from '../../../src/core/prediction';
import { analyze, statefulSet, HEADLESS_SERVICE, docs, pv } from '../helpers/analyze';

describe('names', () => {
  it('pod and claim names follow getPodName / getPersistentVolumeClaimName', () => {
    assert.equal(podName('web', 0), 'web-0');
    assert.equal(claimName('www', 'web', 1), 'www-web-1');
    assert.equal(podDnsName('web', 1, 'nginx', 'prod'), 'web-1.nginx.prod.svc.cluster.local');
  });

  it('ordinals run from ordinals.start for replicas', () => {
    const a = analyze({ 'a.yaml': statefulSet({ replicas: 3, extraSpec: '  ordinals:\n    start: 5\n' }) });
    const set = a.index.statefulSets()[0];
    assert.equal(set.ordinalsStart, 5);
    assert.deepEqual(ordinalRange(set), { start: 5, end: 7, count: 3 });
    const plan = buildPlan(a);
    assert.deepEqual(plan.statefulSets[0].pods, ['web-5', 'web-6', 'web-7']);
    assert.deepEqual(plan.statefulSets[0].claims.map((c) => c.name), ['www-web-5', 'www-web-6', 'www-web-7']);
  });

  it('replicas defaults to 1', () => {
    const text = statefulSet().replace('  replicas: 2\n', '');
    assert.ok(!text.includes('replicas'));
    const a = analyze({ 'a.yaml': text });
    assert.equal(a.index.statefulSets()[0].replicas, 1);
    assert.deepEqual(buildPlan(a).statefulSets[0].pods, ['web-0']);
  });

  it('replicas: 0 has no pods and no claims', () => {
    const a = analyze({ 'a.yaml': statefulSet({ replicas: 0 }) });
    const s = buildPlan(a).statefulSets[0];
    assert.deepEqual(s.pods, []);
    assert.deepEqual(s.claims, []);
    assert.equal(summarizeNames(ordinalRange(a.index.statefulSets()[0]), (o) => podName('web', o)), 'none (replicas: 0)');
  });

  it('replicas: 1000000000 costs what 3 costs: lists stop at 1,000 and say how many more', () => {
    const a = analyze({ 'a.yaml': docs(HEADLESS_SERVICE, statefulSet({ replicas: 1000000000 }), pv({ name: 'p', className: '' })) });
    const claims = a.prediction.bySet.get(a.index.statefulSets()[0]) ?? [];
    assert.ok(claims.length <= MAX_LISTED_ORDINALS, `prediction has ${claims.length} claims`);
    assert.equal(claims.length, 1000);
    const s = buildPlan(a).statefulSets[0];
    assert.equal(s.replicas, 1000000000);
    assert.deepEqual(s.ordinals, { start: 0, end: 999999999 });
    assert.equal(s.pods.length, 1000);
    assert.equal(s.pods[999], 'web-999');
    assert.equal(s.morePods, 1000000000 - 1000);
    assert.equal(s.claims.length, 1000);
    assert.equal(s.moreClaims, 1000000000 - 1000);
    assert.equal(summarizeNames(ordinalRange(a.index.statefulSets()[0]), (o) => podName('web', o)), 'web-0 … web-999999999');
    // the generator never yields more than asked
    let n = 0;
    for (const _ of ordinals({ start: 0, end: 999999999, count: 1e9 }, 5)) n++;
    assert.equal(n, 5);
  });

  it('a PV pinned to an ordinal beyond the listed 1,000 is still predicted', () => {
    const a = analyze({ 'a.yaml': docs(statefulSet({ replicas: 1000000000, className: '' }),
      pv({ name: 'far', className: '', claimRef: '    name: www-web-123456\n    namespace: default\n' })) });
    const claims = a.prediction.bySet.get(a.index.statefulSets()[0]) ?? [];
    assert.equal(claims.length, 1001);
    const far = claims.find((c) => c.name === 'www-web-123456');
    assert.equal(far?.volume?.name, 'far');
    assert.equal(far?.ordinal, 123456);
  });

  it('DNS name rules', () => {
    assert.equal(dns1123SubdomainProblem('web'), undefined);
    assert.equal(dns1123SubdomainProblem('a.b-c.d'), undefined);
    assert.ok(dns1123SubdomainProblem('Web'));
    assert.ok(dns1123SubdomainProblem('web_1'));
    assert.ok(dns1123SubdomainProblem('-web'));
    assert.ok(dns1123SubdomainProblem('web-'));
    assert.ok(dns1123SubdomainProblem('a..b'));
    assert.ok(dns1123SubdomainProblem(''));
    assert.equal(dns1123SubdomainProblem('a'.repeat(63) + '.' + 'b'.repeat(63)), undefined);
    assert.match(dns1123SubdomainProblem('a'.repeat(254)) ?? '', /254 characters/);
    assert.equal(dns1035LabelProblem('nginx'), undefined);
    assert.ok(dns1035LabelProblem('1nginx'), 'a Service name must start with a letter');
    assert.ok(dns1035LabelProblem('my.svc'));
    assert.match(dns1035LabelProblem('a'.repeat(64)) ?? '', /64 characters/);
  });

  it('ordinalOfClaim reads the ordinal back, as strconv.Itoa writes it', () => {
    assert.equal(ordinalOfClaim('www-web-0', 'www', 'web'), 0);
    assert.equal(ordinalOfClaim('www-web-12', 'www', 'web'), 12);
    assert.equal(ordinalOfClaim('www-web-01', 'www', 'web'), undefined);
    assert.equal(ordinalOfClaim('www-web-', 'www', 'web'), undefined);
    assert.equal(ordinalOfClaim('www-web-x', 'www', 'web'), undefined);
    assert.equal(ordinalOfClaim('www-webx-1', 'www', 'web'), undefined);
    assert.equal(ordinalOfClaim('data-web-1', 'www', 'web'), undefined);
    // "www-web-a-1" is template www of set "web-a", not of set "web"
    assert.equal(ordinalOfClaim('www-web-a-1', 'www', 'web'), undefined);
    assert.equal(ordinalOfClaim('www-web-a-1', 'www', 'web-a'), 1);
  });
});
