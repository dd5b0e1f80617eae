import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Workspace } from '../../../src/core/analysis';
import { K8sObject } from '../../../src/core/model';
import { chunkStarts } from '../../../src/core/source';
import { analyze, corpusDir, findingsWithCode, HEADLESS_SERVICE, locate, noFinding, onlyFinding, rangeOf, statefulSet } from '../helpers/analyze';

const spanRange = (s: K8sObject['nameSpan']) => {
  const r = s.src.rangeOf(s.start, s.end);
  return [r.start.line, r.start.character, r.end.line, r.end.character];
};
const objectNamed = (objects: readonly K8sObject[], name: string) => {
  const o = objects.find((x) => x.name === name);
  assert.ok(o, `no object ${name}`);
  return o;
};

describe('parsing', () => {
  it('reads every document of a multi-document file, with ranges in the whole file', () => {
    const text = `# leading comment\n${HEADLESS_SERVICE}---\n# a comment between\n${statefulSet()}---\n---\napiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pv-a # trailing\n`;
    const a = analyze({ 'm.yaml': text });
    assert.deepEqual(a.index.objects.map((o) => `${o.kind}/${o.name}`), ['Service/nginx', 'StatefulSet/web', 'PersistentVolume/pv-a']);
    assert.deepEqual(spanRange(objectNamed(a.index.objects, 'web').nameSpan), locate(text, 'web', 'kind: StatefulSet'));
    assert.deepEqual(spanRange(objectNamed(a.index.objects, 'pv-a').nameSpan), locate(text, 'pv-a'));
    assert.equal(a.index.objects.find((o) => o.name === 'pv-a')?.name, 'pv-a', 'a trailing comment is not part of the value');
  });

  it('flow style (corpus mysql-pv.yaml): exact ranges of metadata.name', () => {
    const text = readFileSync(corpusDir('kubernetes-website', 'mysql-pv.yaml'), 'utf8');
    const a = analyze({ 'mysql-pv.yaml': text });
    const pv = objectNamed(a.index.objects, 'mysql-pv-volume');
    const claim = objectNamed(a.index.objects, 'mysql-pv-claim');
    // line 6 of the file: `    name: "mysql-pv-volume",` (0-based line 5); the span covers the quoted scalar
    assert.deepEqual(spanRange(pv.nameSpan), [5, 10, 5, 27]);
    assert.deepEqual(spanRange(claim.nameSpan), [28, 10, 28, 26]);
    assert.equal(pv.kind === 'PersistentVolume' && pv.capacity?.text, '20Gi');
    assert.equal(claim.kind === 'PersistentVolumeClaim' && claim.spec.storageClassName, 'manual');
    // the claim binds the PV (same class, enough capacity)
    const c = a.prediction.claims.find((x) => x.name === 'mysql-pv-claim');
    assert.equal(c?.volume?.name, 'mysql-pv-volume');
  });

  it('flow style (corpus rabbitmq-statefulset.yaml): names, labels and the serviceName range', () => {
    const text = readFileSync(corpusDir('kubernetes-website', 'rabbitmq-statefulset.yaml'), 'utf8');
    const a = analyze({ 'r.yaml': text });
    const set = objectNamed(a.index.objects, 'rabbitmq');
    assert.deepEqual(spanRange(set.nameSpan), [8, 10, 8, 20]);
    assert.ok(set.kind === 'StatefulSet');
    assert.equal(set.replicas, 1);
    assert.deepEqual(set.templateLabels, { 'app.kubernetes.io/name': 'task-queue', 'app.kubernetes.io/component': 'rabbitmq' });
    assert.deepEqual(set.mounts.map((m) => m.name), ['rabbitmq-data']);
    const f = onlyFinding(a, 'service-not-found');
    assert.deepEqual(rangeOf(f), [12, 17, 12, 35]);
    assert.deepEqual(rangeOf(f), locate(text, '"rabbitmq-service"'));
  });

  it('a field reached through an alias is read', () => {
    const text = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
  labels: &labels
    app: nginx
spec:
  serviceName: nginx
  replicas: 3
  selector:
    matchLabels: *labels
  template:
    metadata:
      labels: *labels
    spec:
      containers:
      - name: c
        image: i
        volumeMounts: [{name: www, mountPath: /d}]
  volumeClaimTemplates:
  - metadata: {name: www}
    spec: &claimspec
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
`;
    const a = analyze({ 'a.yaml': text + '---\n' + HEADLESS_SERVICE });
    const set = a.index.statefulSets()[0];
    assert.deepEqual(set.selector?.matchLabels, { app: 'nginx' });
    assert.deepEqual(set.templateLabels, { app: 'nginx' });
    noFinding(a, 'selector-missing');
    noFinding(a, 'selector-mismatch');
    noFinding(a, 'service-selector-mismatch');
    assert.equal(set.claimTemplates[0].spec.storage?.text, '1Gi');
  });

  it('a broken document yields yaml-syntax at the right place; the other documents are still analysed', () => {
    const text = `${HEADLESS_SERVICE}---\napiVersion: v1\nkind: PersistentVolume\nmetadata:\n\tname: broken\n---\n${statefulSet()}`;
    const a = analyze({ 'b.yaml': text });
    const f = onlyFinding(a, 'yaml-syntax');
    assert.equal(f.severity, 'error');
    assert.equal(f.file, 'b.yaml');
    const [line] = locate(text, '\tname: broken');
    assert.deepEqual(rangeOf(f), [line, 0, line, 1]);
    assert.match(f.message, /Document 2 does not parse: Tabs are not allowed as indentation/);
    assert.match(f.message, /kubectl rejects the whole file/);
    assert.deepEqual(a.index.statefulSets().map((s) => s.name), ['web']);
    assert.deepEqual(a.index.services().map((s) => s.name), ['nginx']);
    noFinding(a, 'service-not-found');
  });

  it('Helm-templated documents are skipped with one template-skipped info; plain documents beside them are analysed', () => {
    const text = `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  replicas: {{ .Values.replicas }}\n  serviceName: {{ include "svc" . }}\n---\n${HEADLESS_SERVICE}`;
    const a = analyze({ 'h.yaml': text });
    assert.deepEqual(a.findings.map((f) => [f.code, f.severity, f.range.start.line, f.range.start.character]), [['template-skipped', 'info', 3, 8]]);
    assert.deepEqual(a.index.objects.map((o) => o.name), ['nginx']);
  });

  it('an alias bomb ("billion laughs") finishes quickly without a crash', () => {
    const levels = 'abcdefghij'.split('');
    let bomb = `l: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n`;
    for (let i = 1; i < levels.length; i++) bomb += `${levels[i]}: &${levels[i]} [${Array(9).fill(`*${levels[i - 1]}`).join(',')}]\n`;
    const text = `${bomb}apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: bomb\n  labels: *j\nspec:\n  capacity: {storage: *j}\n  accessModes: *j\n  claimRef: *j\n  nfs: {server: x, path: /y}\n`;
    const a = analyze({ 'bomb.yaml': text, 'other.yaml': HEADLESS_SERVICE });
    // 9^10 "lol"s would be billions of values: kubectl rejects the document, and it is not read
    assert.deepEqual(a.index.volumes(), []);
    assert.deepEqual(a.findings.map((f) => [f.file, f.code]), [['bomb.yaml', 'limit-exceeded']]);
  });

  it('a 50 MB file gives a clear file-skipped finding', () => {
    const doc = `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n---\n`;
    const text = doc.repeat(Math.ceil((50 * 1048576) / doc.length));
    assert.ok(text.length >= 50 * 1048576);
    const a = analyze({ 'big.yaml': text, 'small.yaml': HEADLESS_SERVICE });
    const f = onlyFinding(a, 'file-skipped');
    assert.equal(f.severity, 'warning');
    assert.equal(f.file, 'big.yaml');
    assert.deepEqual(rangeOf(f), [0, 0, 0, 0]);
    assert.match(f.message, /50\.0 MB, above the 10 MB limit/);
    assert.equal(findingsWithCode(a, 'yaml-syntax').length, 0);
    assert.deepEqual(a.index.services().map((s) => s.name), ['nginx']);
  });

  it('binary junk (NUL bytes) gives file-skipped', () => {
    const junk = String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    assert.ok(junk.includes('\u0000'));
    const a = analyze({ 'junk.yaml': junk });
    const f = onlyFinding(a, 'file-skipped');
    assert.equal(f.file, 'junk.yaml');
    assert.match(f.message, /not text/);
    assert.equal(a.findings.length, 1);
  });

  it('--- inside a comment or at another column does not split documents', () => {
    assert.deepEqual(chunkStarts('a: 1\n# ---\nb: |\n  ---\n'), [0]);
    assert.deepEqual(chunkStarts('a: 1\n---\nb: 2\n--- # c\nc: 3\n'), [0, 5, 14]);
  });

  describe('incremental (Workspace.setFile)', () => {
    const first = HEADLESS_SERVICE;
    const second = `apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pv-a\nspec:\n  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n  nfs: {server: s, path: /a}\n`;
    const third = `apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pv-c\nspec:\n  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n  persistentVolumeReclaimPolicy: Recycle\n  nfs: {server: s, path: /c}\n`;

    it('reuses unchanged documents and their objects, and shifts the ranges after the edit', () => {
      const ws = new Workspace();
      const before = `${first}---\n${second}---\n${third}`;
      ws.setFile('f.yaml', before);
      const a1 = ws.analyze();
      const docs1 = ws.parsed('f.yaml')!.chunks.map((c) => c.docs[0]);
      const objs1 = a1.index.objects;
      const recycle1 = onlyFinding(a1, 'reclaim-policy-recycle');
      assert.deepEqual(rangeOf(recycle1), locate(before, 'Recycle'));

      const editedSecond = second.replace('  name: pv-a\n', '  name: pv-b\n  labels:\n    tier: db\n');
      const after = `${first}---\n${editedSecond}---\n${third}`;
      assert.equal(ws.setFile('f.yaml', after), true);
      assert.equal(ws.setFile('f.yaml', after), false, 'same text: nothing to do');
      const a2 = ws.analyze();
      const docs2 = ws.parsed('f.yaml')!.chunks.map((c) => c.docs[0]);
      assert.equal(docs2.length, 3);
      assert.equal(docs2[0], docs1[0], 'first document reused');
      assert.notEqual(docs2[1], docs1[1], 'edited document reparsed');
      assert.equal(docs2[2], docs1[2], 'third document reused');
      assert.equal(a2.index.objects[0], objs1[0]);
      assert.equal(a2.index.objects[2], objs1[2], 'object of the unchanged document reused');
      assert.equal(a2.index.objects[1].name, 'pv-b');
      // the third document moved down 2 lines
      const recycle2 = onlyFinding(a2, 'reclaim-policy-recycle');
      assert.deepEqual(rangeOf(recycle2), locate(after, 'Recycle'));
      assert.equal(recycle2.range.start.line, recycle1.range.start.line + 2);
      assert.deepEqual(spanRange(a2.index.objects[2].nameSpan), locate(after, 'pv-c'));
      // the same result as a fresh analysis
      assert.deepEqual(a2.findings, analyze({ 'f.yaml': after }).findings);
    });

    it('an edit that breaks and then repairs a document', () => {
      const ws = new Workspace();
      ws.setFile('f.yaml', `${first}---\n${second}`);
      assert.equal(findingsWithCode(ws.analyze(), 'yaml-syntax').length, 0);
      ws.setFile('f.yaml', `${first}---\n${second.replace('  name: pv-a', '\tname: pv-a')}`);
      assert.equal(findingsWithCode(ws.analyze(), 'yaml-syntax').length, 1);
      ws.setFile('f.yaml', `${first}---\n${second}`);
      assert.equal(findingsWithCode(ws.analyze(), 'yaml-syntax').length, 0);
      assert.deepEqual(ws.analyze().index.objects.map((o) => o.name), ['nginx', 'pv-a']);
    });

    it('deleteFile removes its objects', () => {
      const ws = new Workspace();
      ws.setFile('a.yaml', first);
      ws.setFile('b.yaml', second);
      assert.equal(ws.analyze().index.objects.length, 2);
      assert.equal(ws.deleteFile('b.yaml'), true);
      assert.deepEqual(ws.analyze().index.objects.map((o) => o.name), ['nginx']);
    });
  });
});
