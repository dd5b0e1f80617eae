// Each rule of the table (issue 2): one manifest that fires it (code, severity, exact 0-based range, key facts of the
// message) and the fixed manifest, on which it stays silent.
import * as assert from 'node:assert/strict';
import { ALL_CODES } from '../../../src/core/rules/index';
import { analyze, docs, HEADLESS_SERVICE, locate, noFinding, onlyFinding, pv, pvc, rangeOf, statefulSet } from '../helpers/analyze';

type Expect = { code: string; severity: 'error' | 'warning' | 'info'; range: [number, number, number, number]; message: RegExp[]; file?: string };

function fires(files: Record<string, string>, e: Expect) {
  const a = analyze(files);
  const f = onlyFinding(a, e.code);
  assert.equal(f.severity, e.severity);
  assert.deepEqual(rangeOf(f), e.range);
  if (e.file) assert.equal(f.file, e.file);
  for (const m of e.message) assert.match(f.message, m);
  return f;
}

const GOOD = docs(HEADLESS_SERVICE, statefulSet());

describe('rules', () => {
  it('the good baseline has no finding at all', () => {
    assert.deepEqual(analyze({ 'a.yaml': GOOD }).findings, []);
  });

  it('every code of the table is registered', () => {
    for (const code of ['yaml-syntax', 'file-skipped', 'internal-error', 'removed-api-version', 'selector-missing', 'selector-mismatch', 'mount-unknown-volume',
      'claim-template-unused', 'claim-template-shadows-volume', 'claim-template-incomplete', 'invalid-name', 'duplicate-object', 'service-not-found',
      'service-not-headless', 'service-selector-mismatch', 'storage-class-unset', 'pvc-missing', 'pvc-out-of-range', 'pvc-template-mismatch',
      'pvc-unbindable', 'pv-contended', 'prebind-mismatch', 'reclaim-policy-recycle', 'removed-volume-plugin', 'local-pv-node-affinity',
      'retention-deletes-claims', 'invalid-value', 'limit-exceeded']) {
      assert.ok(ALL_CODES.includes(code), code);
    }
  });

  describe('yaml-syntax', () => {
    const bad = `${HEADLESS_SERVICE}---\nkind: PersistentVolume\nmetadata:\n  name: x\n\tlabels: {}\n`;
    it('fires', () => fires({ 'a.yaml': bad }, {
      code: 'yaml-syntax', severity: 'error', range: [14, 0, 14, 1], message: [/Document 2 does not parse: Tabs are not allowed as indentation/],
    }));
    it('silent when fixed', () => noFinding(analyze({ 'a.yaml': bad.replace('\tlabels', '  labels') }), 'yaml-syntax'));
  });

  describe('removed-api-version', () => {
    const text = GOOD.replace('apiVersion: apps/v1', 'apiVersion: apps/v1beta2');
    it('fires for apps/v1beta2 StatefulSet, on the apiVersion value', () => fires({ 'a.yaml': text }, {
      code: 'removed-api-version', severity: 'error', range: locate(text, 'apps/v1beta2'),
      message: [/StatefulSet apps\/v1beta2 was removed in Kubernetes 1\.16/, /the API server rejects/, /Use apps\/v1/],
    }));
    const sc = 'apiVersion: storage.k8s.io/v1beta1\nkind: StorageClass\nmetadata:\n  name: fast\nprovisioner: x\n';
    it('fires for a storage.k8s.io/v1beta1 StorageClass', () => fires({ 'sc.yaml': sc }, {
      code: 'removed-api-version', severity: 'error', range: [0, 12, 0, 34], message: [/removed in Kubernetes 1\.22/, /Use storage\.k8s\.io\/v1/],
    }));
    it('silent on apps/v1 and storage.k8s.io/v1', () => {
      noFinding(analyze({ 'a.yaml': GOOD }), 'removed-api-version');
      noFinding(analyze({ 'sc.yaml': sc.replace('v1beta1', 'v1') }), 'removed-api-version');
    });
  });

  describe('selector-missing', () => {
    const text = GOOD.replace('  selector:\n    matchLabels:\n      app: nginx\n  template:', '  template:');
    it('fires on the spec key, suggesting the template labels', () => fires({ 'a.yaml': text }, {
      code: 'selector-missing', severity: 'error', range: locate(text, 'spec', 'kind: StatefulSet'),
      message: [/spec\.selector: Required value/, /matchLabels \{app: nginx\}/],
    }));
    const empty = GOOD.replace('  selector:\n    matchLabels:\n      app: nginx\n  template:', '  selector: {}\n  template:');
    it('fires on an empty selector', () => fires({ 'a.yaml': empty }, {
      code: 'selector-missing', severity: 'error', range: locate(empty, 'selector', 'kind: StatefulSet'), message: [/non-empty spec\.selector/],
    }));
    it('silent with a selector', () => noFinding(analyze({ 'a.yaml': GOOD }), 'selector-missing'));
  });

  describe('selector-mismatch', () => {
    const text = GOOD.replace('    matchLabels:\n      app: nginx', '    matchLabels:\n      app: web');
    it('fires', () => fires({ 'a.yaml': text }, {
      code: 'selector-mismatch', severity: 'error', range: locate(text, 'selector', 'kind: StatefulSet'),
      message: [/spec\.selector \(app=web\) does not select the template labels \(app=nginx\)/, /rejects/],
    }));
    it('silent when matchExpressions select the labels', () => {
      const ok = GOOD.replace('    matchLabels:\n      app: nginx', '    matchExpressions:\n    - {key: app, operator: In, values: [nginx, web]}');
      noFinding(analyze({ 'a.yaml': ok }), 'selector-mismatch');
      noFinding(analyze({ 'a.yaml': ok }), 'selector-missing');
    });
  });

  describe('mount-unknown-volume', () => {
    const text = GOOD.replace('        - name: www\n          mountPath', '        - name: wwww\n          mountPath');
    it('fires on the mount name, with a suggestion', () => fires({ 'a.yaml': text }, {
      code: 'mount-unknown-volume', severity: 'error', range: locate(text, 'wwww'),
      message: [/volumeMount "wwww" of container "nginx"/, /every pod creation fails/, /Did you mean "www"\?/],
    }));
    it('fires for initContainers and volumeDevices too', () => {
      const init = GOOD.replace('      containers:\n', '      initContainers:\n      - name: init\n        image: busybox\n        volumeDevices:\n        - name: raw\n          devicePath: /dev/x\n      containers:\n');
      fires({ 'a.yaml': init }, { code: 'mount-unknown-volume', severity: 'error', range: locate(init, 'raw'), message: [/volumeDevice "raw" of container "init"/] });
    });
    it('silent when the name is a pod volume or a claim template', () => {
      const ok = GOOD.replace('        - name: www\n          mountPath: /data\n', '        - name: www\n          mountPath: /data\n        - name: cache\n          mountPath: /cache\n')
        .replace('  volumeClaimTemplates:', '      volumes:\n      - name: cache\n        emptyDir: {}\n  volumeClaimTemplates:');
      assert.deepEqual(analyze({ 'a.yaml': ok }).findings, []);
    });
  });

  describe('claim-template-unused', () => {
    const text = GOOD.replace('        volumeMounts:\n        - name: www\n          mountPath: /data\n', '');
    it('fires on the template name', () => fires({ 'a.yaml': text }, {
      code: 'claim-template-unused', severity: 'warning', range: locate(text, 'www', 'volumeClaimTemplates'),
      message: [/No container mounts claim template "www"/, /www-web-0/],
    }));
    it('silent when mounted', () => noFinding(analyze({ 'a.yaml': GOOD }), 'claim-template-unused'));
  });

  describe('claim-template-shadows-volume', () => {
    const text = GOOD.replace('  volumeClaimTemplates:', '      volumes:\n      - name: www\n        emptyDir: {}\n  volumeClaimTemplates:');
    it('fires on the template name, pointing at the pod volume', () => {
      const f = fires({ 'a.yaml': text }, {
        code: 'claim-template-shadows-volume', severity: 'warning', range: locate(text, 'www', 'volumeClaimTemplates'),
        message: [/Claim template "www" has the name of a pod volume/, /Rename one/],
      });
      assert.deepEqual(rangeOf(f.related[0]), locate(text, 'www', 'volumes:'));
    });
    it('silent with distinct names', () => noFinding(analyze({ 'a.yaml': GOOD.replace('  volumeClaimTemplates:', '      volumes:\n      - name: tmp\n        emptyDir: {}\n  volumeClaimTemplates:') }), 'claim-template-shadows-volume'));
  });

  describe('claim-template-incomplete', () => {
    const text = GOOD.replace('      accessModes: ["ReadWriteOnce"]\n', '');
    it('fires without accessModes', () => fires({ 'a.yaml': text }, {
      code: 'claim-template-incomplete', severity: 'error', range: locate(text, 'www', 'volumeClaimTemplates'),
      message: [/has no spec\.accessModes/, /every pod stays Pending/],
    }));
    it('fires without a storage request', () => {
      const t = GOOD.replace('      resources:\n        requests:\n          storage: 1Gi\n', '');
      fires({ 'a.yaml': t }, { code: 'claim-template-incomplete', severity: 'error', range: locate(t, 'www', 'volumeClaimTemplates'), message: [/spec\.resources\.requests\.storage/] });
    });
    it('fires on an invalid quantity', () => {
      const t = GOOD.replace('storage: 1Gi', 'storage: 1GB');
      fires({ 'a.yaml': t }, { code: 'claim-template-incomplete', severity: 'error', range: locate(t, '1GB'), message: [/"1GB" is not a valid quantity/] });
    });
    it('silent when complete', () => noFinding(analyze({ 'a.yaml': GOOD }), 'claim-template-incomplete'));
  });

  describe('invalid-name', () => {
    it('fires on an uppercase StatefulSet name', () => {
      const t = GOOD.replace('  name: web\n', '  name: Web\n');
      fires({ 'a.yaml': t }, { code: 'invalid-name', severity: 'error', range: locate(t, 'Web'), message: [/StatefulSet name "Web" is invalid/, /rejects/] });
    });
    it('fires on a Service name that starts with a digit (DNS-1035)', () => {
      const t = HEADLESS_SERVICE.replace('name: nginx', 'name: 1nginx');
      fires({ 'a.yaml': t }, { code: 'invalid-name', severity: 'error', range: locate(t, '1nginx'), message: [/Service name "1nginx" is invalid/] });
    });
    it('fires when a pod name exceeds 63 characters, or the name leaves no room for the revision hash', () => {
      const name = 'a'.repeat(60);
      const t = docs(HEADLESS_SERVICE, statefulSet({ name, replicas: 101 }));
      // a…a-100 is 64 characters
      fires({ 'a.yaml': t }, {
        code: 'invalid-name', severity: 'error', range: locate(t, name), message: [new RegExp(`Pod name "${name}-100" is 64 characters`), /Shorten/],
      });
      const t10 = t.replace('replicas: 101', 'replicas: 10');
      fires({ 'a.yaml': t10 }, { code: 'invalid-name', severity: 'error', range: locate(t10, name), message: [/controller-revision-hash/, /Keep it to 52/] });
      noFinding(analyze({ 'a.yaml': docs(HEADLESS_SERVICE, statefulSet({ name: 'a'.repeat(52), replicas: 10 })) }), 'invalid-name');
    });
    it('silent on valid names', () => noFinding(analyze({ 'a.yaml': GOOD }), 'invalid-name'));
  });

  describe('duplicate-object', () => {
    it('fires on the second definition, across files, pointing at the first', () => {
      const f = fires({ 'a.yaml': GOOD, 'b.yaml': HEADLESS_SERVICE }, {
        code: 'duplicate-object', severity: 'warning', range: locate(HEADLESS_SERVICE, 'nginx'), file: 'b.yaml',
        message: [/Service "default\/nginx" is defined twice/],
      });
      assert.equal(f.related[0].file, 'a.yaml');
    });
    it('silent for the same name in another namespace or kind', () => {
      const a = analyze({ 'a.yaml': GOOD, 'b.yaml': HEADLESS_SERVICE.replace('metadata:\n', 'metadata:\n  namespace: prod\n') });
      noFinding(a, 'duplicate-object');
    });
  });

  describe('service-not-found', () => {
    const set = statefulSet();
    it('fires on serviceName', () => fires({ 'a.yaml': set }, {
      code: 'service-not-found', severity: 'warning', range: locate(set, 'nginx', 'serviceName'),
      message: [/No Service "nginx" in namespace "default"/, /web-N\.nginx\.default\.svc/, /headless Service/],
    }));
    it('mentions a Service of that name in another namespace', () => {
      const f = fires({ 'a.yaml': set, 'b.yaml': HEADLESS_SERVICE.replace('metadata:\n', 'metadata:\n  namespace: prod\n') }, {
        code: 'service-not-found', severity: 'warning', range: locate(set, 'nginx', 'serviceName'), message: [/one exists in namespace "prod"/],
      });
      assert.equal(f.related[0].file, 'b.yaml');
    });
    it('silent when the Service is in another file', () => noFinding(analyze({ 'a.yaml': set, 'b.yaml': HEADLESS_SERVICE }), 'service-not-found'));
  });

  describe('service-not-headless', () => {
    const svc = HEADLESS_SERVICE.replace('  clusterIP: None\n', '');
    it('fires on the Service name when clusterIP is absent', () => fires({ 'a.yaml': docs(svc, statefulSet()) }, {
      code: 'service-not-headless', severity: 'warning', range: locate(svc, 'nginx'), message: [/not headless/, /web-0\.nginx/, /clusterIP: None/],
    }));
    it('fires on clusterIP when it is set', () => {
      const t = docs(HEADLESS_SERVICE.replace('clusterIP: None', 'clusterIP: 10.0.0.7'), statefulSet());
      fires({ 'a.yaml': t }, { code: 'service-not-headless', severity: 'warning', range: locate(t, '10.0.0.7'), message: [/clusterIP: 10\.0\.0\.7/] });
    });
    it('silent when headless', () => noFinding(analyze({ 'a.yaml': GOOD }), 'service-not-headless'));
  });

  describe('service-selector-mismatch', () => {
    const t = docs(HEADLESS_SERVICE.replace('    app: nginx', '    app: web'), statefulSet());
    it('fires on the Service selector', () => fires({ 'a.yaml': t }, {
      code: 'service-selector-mismatch', severity: 'warning', range: locate(t, 'selector'), message: [/selects app=web, which does not select the pods of StatefulSet "web"/],
    }));
    it('silent when it selects the template labels', () => noFinding(analyze({ 'a.yaml': GOOD }), 'service-selector-mismatch'));
  });

  describe('storage-class-unset', () => {
    const claimText = pvc({ name: 'data' });
    it('fires on a pre-created claim without class that a PV fits', () => fires({ 'pvc.yaml': claimText, 'pv.yaml': pv({ name: 'pv-a' }) }, {
      code: 'storage-class-unset', severity: 'warning', range: locate(claimText, 'spec'),
      message: [/Claim "data" leaves storageClassName unset/, /default StorageClass/, /instead of binding pv-a/, /storageClassName: ""/],
    }));
    it('silent with storageClassName: ""', () => {
      const a = analyze({ 'pvc.yaml': pvc({ name: 'data', className: '' }), 'pv.yaml': pv({ name: 'pv-a', className: '' }) });
      assert.deepEqual(a.findings, []);
      assert.equal(a.prediction.claims[0].volume?.name, 'pv-a');
    });
    it('silent for a class-less template with no PV and no pre-created claim (dynamic provisioning is meant)', () => noFinding(analyze({ 'a.yaml': GOOD }), 'storage-class-unset'));
  });

  describe('pvc-missing', () => {
    const set = docs(HEADLESS_SERVICE, statefulSet({ replicas: 3, className: '' }));
    const files = { 'a.yaml': set, 'c.yaml': docs(pvc({ name: 'www-web-0', className: '' }), pv({ name: 'pv-0', className: '' })) };
    it('fires on the template, naming the absent claims and their fate', () => {
      const f = fires(files, {
        code: 'pvc-missing', severity: 'warning', range: locate(set, 'www', 'volumeClaimTemplates'),
        message: [/www-web-1, www-web-2 are neither pre-created nor reserved/, /stays Pending: no persistent volumes available/, /Generate the missing PV\/PVC files/],
      });
      assert.equal(f.data?.missing, '1,2');
    });
    it('silent when every ordinal has its claim', () => {
      const all = { ...files, 'd.yaml': docs(pvc({ name: 'www-web-1', className: '' }), pv({ name: 'pv-1', className: '' }), pvc({ name: 'www-web-2', className: '' }), pv({ name: 'pv-2', className: '' })) };
      noFinding(analyze(all), 'pvc-missing');
    });
    it('silent for a purely dynamic set', () => noFinding(analyze({ 'a.yaml': GOOD }), 'pvc-missing'));
  });

  describe('pvc-out-of-range', () => {
    const claim = pvc({ name: 'www-web-5' });
    it('fires (info) on a claim for an ordinal beyond replicas', () => fires({ 'a.yaml': GOOD, 'c.yaml': claim }, {
      code: 'pvc-out-of-range', severity: 'info', range: locate(claim, 'www-web-5'),
      message: [/ordinal 5 of StatefulSet "web", whose ordinals are 0…1/, /replicas ≥ 6/],
    }));
    it('fires below ordinals.start', () => {
      const set = GOOD.replace('  replicas: 2\n', '  replicas: 2\n  ordinals:\n    start: 3\n');
      const c = pvc({ name: 'www-web-1' });
      fires({ 'a.yaml': set, 'c.yaml': c }, { code: 'pvc-out-of-range', severity: 'info', range: locate(c, 'www-web-1'), message: [/ordinals are 3…4/, /ordinals\.start ≤ 1/] });
    });
    it('silent inside the range', () => noFinding(analyze({ 'a.yaml': GOOD, 'c.yaml': pvc({ name: 'www-web-1' }) }), 'pvc-out-of-range'));
    it('finds the sets and templates by the name\'s prefix, with dashes in both names (here two name it); an ordinal with a leading zero names none', () => {
      const sets = docs(statefulSet({ name: 'my-db', template: 'data-x' }), statefulSet({ name: 'db', template: 'data-x-my' }));
      const beyond = pvc({ name: 'data-x-my-db-7' });
      const a = analyze({ 'a.yaml': sets, 'c.yaml': docs(beyond, pvc({ name: 'data-x-my-db-07' }), pvc({ name: 'data-x-my-db-1' })) });
      const found = a.findings.filter((f) => f.code === 'pvc-out-of-range');
      assert.deepEqual(found.map((f) => f.message.match(/ordinal \d+ of StatefulSet "[^"]+"/)?.[0]).sort(), ['ordinal 7 of StatefulSet "db"', 'ordinal 7 of StatefulSet "my-db"']);
      for (const f of found) assert.deepEqual(rangeOf(f), locate(beyond, 'data-x-my-db-7'));
    });
  });

  describe('pvc-template-mismatch', () => {
    const claim = pvc({ name: 'www-web-0', storage: '2Gi' });
    it('fires on the differing size of a pre-created claim', () => fires({ 'a.yaml': GOOD, 'c.yaml': claim }, {
      code: 'pvc-template-mismatch', severity: 'warning', range: locate(claim, '2Gi'),
      message: [/Pre-created claim "www-web-0" differs from template "www" of StatefulSet "web" \(size 2Gi vs 1Gi/, /uses the existing claim as is/],
    }));
    it('fires on class "" vs unset', () => {
      const c = pvc({ name: 'www-web-0', className: '' });
      fires({ 'a.yaml': GOOD, 'c.yaml': c }, { code: 'pvc-template-mismatch', severity: 'warning', range: locate(c, '""'), message: [/storageClassName "" vs unset/] });
    });
    it('silent when equal (1024Mi == 1Gi)', () => noFinding(analyze({ 'a.yaml': GOOD, 'c.yaml': pvc({ name: 'www-web-0', storage: '1024Mi' }) }), 'pvc-template-mismatch'));
  });

  describe('pvc-unbindable', () => {
    const claim = pvc({ name: 'data', className: '', storage: '1Gi' });
    const vol = pv({ name: 'pv-a', className: '', storage: '1G' });
    it('fires on a pre-created claim, with each candidate\'s reason', () => {
      const f = fires({ 'c.yaml': claim, 'v.yaml': vol }, {
        code: 'pvc-unbindable', severity: 'warning', range: locate(claim, 'data', 'name:'),
        message: [/Claim "data" will not bind a pre-created PV/, /stays Pending/, /pv-a: capacity 1G < 1Gi/],
      });
      assert.equal(f.related[0].file, 'v.yaml');
    });
    it('fires on a class-less template with too small PVs', () => {
      const set = docs(HEADLESS_SERVICE, statefulSet({ replicas: 1, className: '' }));
      fires({ 'a.yaml': set, 'v.yaml': vol }, {
        code: 'pvc-unbindable', severity: 'warning', range: locate(set, 'www', 'volumeClaimTemplates'), message: [/www-web-0 will not bind a pre-created PV/, /capacity 1G < 1Gi/],
      });
    });
    it('silent when the PV is big enough', () => noFinding(analyze({ 'c.yaml': claim, 'v.yaml': pv({ name: 'pv-a', className: '', storage: '1Gi' }) }), 'pvc-unbindable'));
  });

  describe('pv-contended', () => {
    const set = statefulSet({ replicas: 2, className: '' });
    const v0 = pv({ name: 'pv-0', className: '' });
    const v1 = pv({ name: 'pv-1', className: '' });
    it('fires once per template when two unpinned ordinals fit the same PVs, on the template, with the PVs as related locations', () => {
      const set2 = docs(HEADLESS_SERVICE, set);
      const a = analyze({ 'a.yaml': set2, 'v.yaml': v0 + '---\n' + v1 });
      const f = onlyFinding(a, 'pv-contended');
      assert.equal(f.severity, 'warning');
      assert.deepEqual(rangeOf(f), locate(set2, 'www', 'volumeClaimTemplates'));
      assert.match(f.message, /2 claims of template "www" of StatefulSet "web" \(www-web-0, www-web-1\) are not pinned and can bind any of 2 PVs \(pv-0, pv-1\):/);
      assert.match(f.message, /spec\.claimRef \{name, namespace\} on the PV and spec\.volumeName on the claim/);
      assert.deepEqual(f.related.map((r) => [r.file, r.message]), [['v.yaml', 'PV pv-0'], ['v.yaml', 'PV pv-1']]);
      assert.deepEqual(f.data, { set: 'web', namespace: 'default', template: 'www' });
    });
    it('fires when two pre-created claims fit the same PV: one finding for both', () => {
      const a = analyze({ 'c.yaml': docs(pvc({ name: 'a', className: '' }), pvc({ name: 'b', className: '' })), 'v.yaml': v0 });
      const f = onlyFinding(a, 'pv-contended');
      assert.match(f.message, /^2 pre-created claims \(a, b\) are not pinned and can bind any of 1 PV \(pv-0\):/);
    });
    it('a pool: one finding per template naming counts, the other claims, and at most 10 PVs', () => {
      const pool = Array.from({ length: 12 }, (_, i) => pv({ name: `pool-${i}`, className: '' }));
      const a = analyze({ 'a.yaml': docs(HEADLESS_SERVICE, set, statefulSet({ name: 'db', replicas: 3, className: '' })), 'v.yaml': docs(...pool) });
      const list = a.findings.filter((f) => f.code === 'pv-contended');
      assert.equal(list.length, 2);
      assert.match(list[0].message, /^2 claims of template "www" of StatefulSet "web" \(www-web-0, www-web-1\) are not pinned and can bind any of 12 PVs \(pool-0, pool-1, pool-2, pool-3, pool-4 and 7 more\), which 3 other claims can also bind:/);
      assert.match(list[1].message, /^3 claims of template "www" of StatefulSet "db" .* which 2 other claims can also bind:/);
      assert.equal(list[0].related.length, 10);
      assert.equal(list[0].related[9].message, 'PV pool-9 (and 2 more)');
    });
    it('PVs selected by labels per set: each template competes only within its set', () => {
      const labelled = (name: string, tier: string) => pv({ name, className: '' }).replace('metadata:\n', `metadata:\n  labels: {pool: ${tier}}\n`);
      const select = (name: string) => statefulSet({ name, replicas: 2, className: '' }).replace('      storageClassName: ""\n', `      storageClassName: ""\n      selector:\n        matchLabels: {pool: ${name}}\n`);
      const a = analyze({ 'a.yaml': docs(select('web'), select('db')), 'v.yaml': docs(labelled('w0', 'web'), labelled('w1', 'web'), labelled('d0', 'db'), labelled('d1', 'db')) });
      assert.deepEqual(a.prediction.claims.map((c) => `${c.name}→${c.volume?.name}`), ['www-web-0→w0', 'www-web-1→w1', 'www-db-0→d0', 'www-db-1→d1']);
      const list = a.findings.filter((f) => f.code === 'pv-contended');
      assert.equal(list.length, 2);
      assert.match(list[0].message, /can bind any of 2 PVs \(w0, w1\):/);
      assert.match(list[1].message, /can bind any of 2 PVs \(d0, d1\):/);
    });
    it('silent when each PV is pinned by claimRef', () => {
      const p0 = pv({ name: 'pv-0', className: '', claimRef: '    name: www-web-0\n    namespace: default\n' });
      const p1 = pv({ name: 'pv-1', className: '', claimRef: '    name: www-web-1\n    namespace: default\n' });
      const a = analyze({ 'a.yaml': docs(HEADLESS_SERVICE, set), 'v.yaml': p0 + '---\n' + p1 });
      assert.deepEqual(a.findings, []);
      assert.deepEqual(a.prediction.claims.map((c) => c.volume?.name), ['pv-0', 'pv-1']);
    });
    it('silent when the only PV is taken by the one pre-created claim that fits it (it binds before the set creates its claims)', () => {
      const a = analyze({ 'a.yaml': docs(HEADLESS_SERVICE, set), 'c.yaml': docs(pvc({ name: 'www-web-0', className: '' }), v0) });
      noFinding(a, 'pv-contended');
      onlyFinding(a, 'pvc-missing');
    });
  });

  describe('prebind-mismatch', () => {
    it('fires when volumeName and claimRef disagree', () => {
      const claim = pvc({ name: 'data', className: '', extra: '  volumeName: pv-b\n' });
      const a = pv({ name: 'pv-a', className: '', claimRef: '    name: data\n    namespace: default\n' });
      const b = pv({ name: 'pv-b', className: '' });
      fires({ 'c.yaml': claim, 'v.yaml': docs(a, b) }, {
        code: 'prebind-mismatch', severity: 'error', range: locate(claim, 'pv-b'), message: [/PV "pv-a" is reserved for claim "data", but the claim names volume "pv-b"/],
      });
    });
    it('fires when a reserved PV is too small', () => {
      const claim = pvc({ name: 'data', className: '' });
      const a = pv({ name: 'pv-a', className: '', storage: '1G', claimRef: '    name: data\n    namespace: default\n' });
      fires({ 'c.yaml': claim, 'v.yaml': a }, {
        code: 'prebind-mismatch', severity: 'error', range: locate(a, 'claimRef'), message: [/PV "pv-a" is reserved for claim "data", but its capacity 1G is below the request 1Gi/, /the binder skips it/],
      });
    });
    it('fires when volumeName names a PV that fails the checks (VolumeMismatch)', () => {
      const claim = pvc({ name: 'data', className: '', extra: '  volumeMode: Block\n  volumeName: pv-a\n' });
      fires({ 'c.yaml': claim, 'v.yaml': pv({ name: 'pv-a', className: '' }) }, {
        code: 'prebind-mismatch', severity: 'error', range: locate(claim, 'pv-a'), message: [/names volume "pv-a", which does not satisfy it \(incompatible volumeMode\)/, /VolumeMismatch/],
      });
    });
    it('fires when claimRef has no namespace', () => {
      const a = pv({ name: 'pv-a', className: '', claimRef: '    name: data\n' });
      fires({ 'v.yaml': a }, { code: 'prebind-mismatch', severity: 'error', range: locate(a, 'claimRef'), message: [/has no namespace/, /Add namespace/] });
    });
    it('silent when both pins agree and the PV fits', () => {
      const claim = pvc({ name: 'data', className: '', extra: '  volumeName: pv-a\n' });
      const a = pv({ name: 'pv-a', className: '', claimRef: '    name: data\n    namespace: default\n' });
      const r = analyze({ 'c.yaml': claim, 'v.yaml': a });
      assert.deepEqual(r.findings, []);
      assert.equal(r.prediction.claims[0].volume?.name, 'pv-a');
    });
  });

  describe('reclaim-policy-recycle', () => {
    const v = pv({ name: 'pv-a' }).replace('Retain', 'Recycle');
    it('fires on the policy value', () => fires({ 'v.yaml': v }, {
      code: 'reclaim-policy-recycle', severity: 'warning', range: locate(v, 'Recycle'), message: [/Recycle is deprecated/, /Use Retain/],
    }));
    it('silent with Retain', () => noFinding(analyze({ 'v.yaml': pv({ name: 'pv-a' }) }), 'reclaim-policy-recycle'));
  });

  describe('removed-volume-plugin', () => {
    const v = pv({ name: 'pv-a' }).replace('  nfs:\n    server: 10.0.0.5\n    path: /exports/pv-a\n', '  glusterfs:\n    endpoints: g\n    path: vol\n');
    it('fires on the plugin key', () => fires({ 'v.yaml': v }, {
      code: 'removed-volume-plugin', severity: 'error', range: locate(v, 'glusterfs'), message: [/"glusterfs" volume plugin, removed in Kubernetes 1\.26/, /never starts/],
    }));
    it('silent for csi', () => {
      const csi = pv({ name: 'pv-a' }).replace('  nfs:\n    server: 10.0.0.5\n    path: /exports/pv-a\n', '  csi:\n    driver: rbd.csi.ceph.com\n    volumeHandle: img\n');
      noFinding(analyze({ 'v.yaml': csi }), 'removed-volume-plugin');
    });
  });

  describe('local-pv-node-affinity', () => {
    const v = pv({ name: 'pv-a' }).replace('  nfs:\n    server: 10.0.0.5\n    path: /exports/pv-a\n', '  local:\n    path: /mnt/disk\n');
    it('fires on the local key', () => fires({ 'v.yaml': v }, {
      code: 'local-pv-node-affinity', severity: 'error', range: locate(v, 'local'), message: [/Local volume requires node affinity/, /kubernetes\.io\/hostname/],
    }));
    it('silent with nodeAffinity', () => noFinding(analyze({ 'v.yaml': v + '  nodeAffinity:\n    required:\n      nodeSelectorTerms:\n      - matchExpressions:\n        - {key: kubernetes.io/hostname, operator: In, values: [n1]}\n' }), 'local-pv-node-affinity'));
  });

  describe('retention-deletes-claims', () => {
    const policy = '  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: Delete\n    whenScaled: Retain\n';
    const set = docs(HEADLESS_SERVICE, statefulSet({ replicas: 1, className: '', extraSpec: policy }));
    const hand = docs(pvc({ name: 'www-web-0', className: '' }), pv({ name: 'pv-0', className: '' }));
    it('fires when hand-made claims would be deleted', () => fires({ 'a.yaml': set, 'c.yaml': hand }, {
      code: 'retention-deletes-claims', severity: 'warning', range: locate(set, 'persistentVolumeClaimRetentionPolicy'),
      message: [/deletes claims when the StatefulSet is deleted/, /www-web-0/, /Use Retain/],
    }));
    it('silent with Retain, or for purely dynamic claims', () => {
      noFinding(analyze({ 'a.yaml': set.replace('whenDeleted: Delete', 'whenDeleted: Retain'), 'c.yaml': hand }), 'retention-deletes-claims');
      noFinding(analyze({ 'a.yaml': docs(HEADLESS_SERVICE, statefulSet({ extraSpec: policy })) }), 'retention-deletes-claims');
    });
  });
});
