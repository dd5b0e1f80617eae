// The Kubernetes documentation's examples must produce no error; the seed example exactly the problems its README lists.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildPlan } from '../../../src/core/plan';
import { analyze, corpusDir } from '../helpers/analyze';

const websiteDir = corpusDir('kubernetes-website');
const read = (dir: string) => Object.fromEntries(readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()
  .map((f) => [path.join(dir, f), readFileSync(path.join(dir, f), 'utf8')]));

describe('corpus: kubernetes-website', () => {
  const files = read(websiteDir);

  it('has the documented examples', () => {
    assert.ok(Object.keys(files).length >= 9, `found ${Object.keys(files).length} files in ${websiteDir}`);
  });

  for (const [file, text] of Object.entries(files)) {
    it(`${path.basename(file)} alone: no error, no yaml-syntax`, () => {
      const a = analyze({ [file]: text });
      assert.deepEqual(a.findings.filter((f) => f.severity === 'error').map((f) => `${f.code}: ${f.message}`), []);
      assert.ok(a.index.objects.length > 0, 'objects were read');
    });
  }

  it('all together: no error', () => {
    const a = analyze(files);
    assert.deepEqual(a.findings.filter((f) => f.severity === 'error').map((f) => `${f.code}: ${f.message}`), []);
  });

  it('web.yaml: pods web-0, web-1; claims www-web-0, www-web-1', () => {
    const file = path.join(websiteDir, 'web.yaml');
    const plan = buildPlan(analyze({ [file]: files[file] }));
    assert.equal(plan.statefulSets.length, 1);
    const s = plan.statefulSets[0];
    assert.deepEqual(s.pods, ['web-0', 'web-1']);
    assert.deepEqual(s.claims.map((c) => [c.name, c.pod, c.template]), [['www-web-0', 'web-0', 'www'], ['www-web-1', 'web-1', 'www']]);
    assert.equal(s.namespace, 'default');
  });

  it('zookeeper.yaml and mysql-statefulset.yaml: three ordinals each, with the documented claim names', () => {
    const zk = path.join(websiteDir, 'zookeeper.yaml');
    assert.deepEqual(buildPlan(analyze({ [zk]: files[zk] })).statefulSets[0].claims.map((c) => c.name), ['datadir-zk-0', 'datadir-zk-1', 'datadir-zk-2']);
    const my = path.join(websiteDir, 'mysql-statefulset.yaml');
    assert.deepEqual(buildPlan(analyze({ [my]: files[my] })).statefulSets[0].claims.map((c) => c.name), ['data-mysql-0', 'data-mysql-1', 'data-mysql-2']);
  });

  it('cassandra: the claims use StorageClass "fast" from the same file and are provisioned dynamically', () => {
    const file = path.join(websiteDir, 'cassandra-statefulset.yaml');
    const a = analyze({ [file]: files[file], [path.join(websiteDir, 'cassandra-service.yaml')]: files[path.join(websiteDir, 'cassandra-service.yaml')] });
    assert.deepEqual(a.findings, []);
    assert.deepEqual(a.prediction.claims.map((c) => c.outcome), ['dynamic', 'dynamic', 'dynamic']);
  });
});

describe('corpus: seed-example', () => {
  const files = read(corpusDir('seed-example'));
  const a = analyze(files);
  const found = a.findings.map((f) => `${path.basename(f.file)} ${f.code}`).sort();

  it('produces exactly the problems its README lists', () => {
    assert.deepEqual(found, [
      'pv.yaml reclaim-policy-recycle',
      'pv.yaml removed-volume-plugin',
      'pvc.yaml storage-class-unset',
      'statefulset.yaml pvc-missing',
      'statefulset.yaml removed-api-version',
      'statefulset.yaml storage-class-unset',
    ]);
  });

  it('pvc-missing names db-mysql-1; db-mysql-0 binds the hand-made PV', () => {
    const f = a.findings.find((x) => x.code === 'pvc-missing')!;
    assert.match(f.message, /^db-mysql-1 is neither pre-created nor reserved/);
    assert.equal(f.data?.missing, '1');
    const c0 = a.prediction.claims.find((c) => c.name === 'db-mysql-0')!;
    assert.equal(c0.volume?.name, 'mysql-pv-0');
    assert.ok(c0.pvc, 'db-mysql-0 is the pre-created claim');
    assert.equal(a.prediction.claims.find((c) => c.name === 'db-mysql-1')?.volume, undefined);
  });

  it('the claim\'s storage-class-unset says the default class would capture it instead of mysql-pv-0', () => {
    const f = a.findings.find((x) => x.code === 'storage-class-unset' && x.file.endsWith('pvc.yaml'))!;
    assert.match(f.message, /Claim "db-mysql-0" leaves storageClassName unset/);
    assert.match(f.message, /instead of binding mysql-pv-0/);
    // the template's claim db-mysql-1 never gets mysql-pv-0 (db-mysql-0 takes it first): the message must not say so
    const t = a.findings.find((x) => x.code === 'storage-class-unset' && x.file.endsWith('statefulset.yaml'))!;
    assert.match(t.message, /Claim template "db" \(claims db-mysql-1\)/);
    assert.doesNotMatch(t.message, /mysql-pv-0/);
  });

  it('no pv-contended: db-mysql-0 is pre-created and binds mysql-pv-0 before the set creates db-mysql-1', () => {
    assert.ok(!found.some((f) => f.includes('pv-contended')));
  });
});
