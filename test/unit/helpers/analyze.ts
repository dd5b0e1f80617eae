// Shared test helpers: in-memory analysis, finding lookups, corpus paths.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Analysis, analyzeTexts, AnalysisOptions, DEFAULT_OPTIONS } from '../../../src/core/analysis';
import { Finding } from '../../../src/core/findings';
import { DEFAULT_LIMITS } from '../../../src/core/source';

/** Analyses in-memory files together: `analyze({ 'a.yaml': '…' })`. */
export function analyze(files: Record<string, string>, options: Partial<AnalysisOptions> = {}): Analysis {
  return analyzeTexts(Object.entries(files).map(([file, text]) => ({ file, text })), { ...DEFAULT_OPTIONS, limits: DEFAULT_LIMITS, ...options });
}

export function findingsWithCode(a: Analysis | readonly Finding[], code: string): Finding[] {
  const list = Array.isArray(a) ? a as readonly Finding[] : (a as Analysis).findings;
  return list.filter((f) => f.code === code);
}

/** Exactly one finding with this code; returns it. */
export function onlyFinding(a: Analysis, code: string): Finding {
  const list = findingsWithCode(a, code);
  assert.equal(list.length, 1, `expected one ${code}, got ${list.length}: ${JSON.stringify(a.findings.map((f) => `${f.code}: ${f.message}`), null, 1)}`);
  return list[0];
}

export function noFinding(a: Analysis, code: string): void {
  const list = findingsWithCode(a, code);
  assert.equal(list.length, 0, `expected no ${code}, got: ${list.map((f) => f.message).join(' | ')}`);
}

/** [startLine, startChar, endLine, endChar], 0-based. */
export function rangeOf(f: { range: Finding['range'] }): [number, number, number, number] {
  return [f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character];
}

/** 0-based [line, char, line, char] of the first occurrence of `needle` (after `after`, when given) in `text`. */
export function locate(text: string, needle: string, after?: string): [number, number, number, number] {
  const from = after === undefined ? 0 : text.indexOf(after);
  assert.ok(from >= 0, `"${after}" not in text`);
  const at = text.indexOf(needle, from);
  assert.ok(at >= 0, `"${needle}" not in text`);
  const pos = (o: number): [number, number] => {
    const before = text.slice(0, o);
    const line = before.split('\n').length - 1;
    return [line, o - (before.lastIndexOf('\n') + 1)];
  };
  return [...pos(at), ...pos(at + needle.length)];
}

/** The repository root (the folder with package.json), found by walking up from this file. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + __dirname);
    dir = up;
  }
  return dir;
}

/** `<repo>/test/fixtures/corpus`: real manifests written elsewhere (its README names their sources). */
export function corpusDir(...parts: string[]): string {
  return path.join(repoRoot(), 'test', 'fixtures', 'corpus', ...parts);
}

/** A StatefulSet manifest with sensible defaults, for rule tests. */
export function statefulSet(o: {
  name?: string; replicas?: number | string; service?: string; template?: string; storage?: string; className?: string | null;
  accessModes?: string; extraSpec?: string; namespace?: string;
} = {}): string {
  const name = o.name ?? 'web';
  const tpl = o.template ?? 'www';
  const cls = o.className === undefined || o.className === null ? '' : `      storageClassName: ${JSON.stringify(o.className)}\n`;
  return `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
${o.namespace ? `  namespace: ${o.namespace}\n` : ''}spec:
  serviceName: ${o.service ?? 'nginx'}
  replicas: ${o.replicas ?? 2}
${o.extraSpec ?? ''}  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx
        volumeMounts:
        - name: ${tpl}
          mountPath: /data
  volumeClaimTemplates:
  - metadata:
      name: ${tpl}
    spec:
      accessModes: ${o.accessModes ?? '["ReadWriteOnce"]'}
${cls}      resources:
        requests:
          storage: ${o.storage ?? '1Gi'}
`;
}

export const HEADLESS_SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  clusterIP: None
  selector:
    app: nginx
  ports:
  - port: 80
`;

export function pv(o: { name: string; storage?: string; className?: string | null; accessModes?: string; claimRef?: string; extra?: string; labels?: string; metaExtra?: string }): string {
  return `apiVersion: v1
kind: PersistentVolume
metadata:
  name: ${o.name}
${o.labels ? `  labels:\n${o.labels}` : ''}${o.metaExtra ?? ''}spec:
  capacity:
    storage: ${o.storage ?? '1Gi'}
  accessModes: ${o.accessModes ?? '["ReadWriteOnce"]'}
${o.className === undefined || o.className === null ? '' : `  storageClassName: ${JSON.stringify(o.className)}\n`}${o.claimRef ? `  claimRef:\n${o.claimRef}` : ''}  persistentVolumeReclaimPolicy: Retain
  nfs:
    server: 10.0.0.5
    path: /exports/${o.name}
${o.extra ?? ''}`;
}

export function pvc(o: { name: string; storage?: string; className?: string | null; accessModes?: string; extra?: string; namespace?: string }): string {
  return `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: ${o.name}
${o.namespace ? `  namespace: ${o.namespace}\n` : ''}spec:
  accessModes: ${o.accessModes ?? '["ReadWriteOnce"]'}
${o.className === undefined || o.className === null ? '' : `  storageClassName: ${JSON.stringify(o.className)}\n`}${o.extra ?? ''}  resources:
    requests:
      storage: ${o.storage ?? '1Gi'}
`;
}

export function storageClass(o: { name: string; provisioner: string; isDefault?: boolean; extra?: string }): string {
  return `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: ${o.name}
${o.isDefault ? '  annotations:\n    storageclass.kubernetes.io/is-default-class: "true"\n' : ''}provisioner: ${o.provisioner}
${o.extra ?? ''}`;
}

export const docs = (...d: string[]): string => d.join('---\n');
