// The example of the repository, as shipped (apps/v1beta1, no selector) and fixed (apps/v1 with a
// selector, and a second PV so that both replicas get storage), as files and as plain objects.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KObject } from '../../../src/core/simulation';

export const EXAMPLE_DIR = join(__dirname, '..', '..', '..', '..', 'examples', 'mysql-rbd');

/** A temporary copy of the example directory. */
export function copyExample(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sts-example-'));
  for (const f of readdirSync(EXAMPLE_DIR)) copyFileSync(join(EXAMPLE_DIR, f), join(dir, f));
  return dir;
}

/** The example with its StatefulSet moved to apps/v1 (selector added) and a PV for ordinal 1. */
export function fixedExample(): string {
  const dir = copyExample();
  const sts = readFileSync(join(dir, 'statefulset.yaml'), 'utf8')
    .replace('apiVersion: apps/v1beta1', 'apiVersion: apps/v1')
    .replace('  serviceName: "mysql-service"', '  serviceName: "mysql-service"\n  selector:\n    matchLabels:\n      app: mysql');
  if (!sts.includes('apps/v1\n')) throw new Error('the example changed: fixedExample needs updating');
  writeFileSync(join(dir, 'statefulset.yaml'), sts);
  const pv1 = readFileSync(join(dir, 'pv.yaml'), 'utf8').replace('name: mysql-pv-0', 'name: mysql-pv-1').replace('image: volume101', 'image: volume102');
  writeFileSync(join(dir, 'pv1.yaml'), pv1);
  return dir;
}

export function objectsOf(dir: string): KObject[] {
  const out: KObject[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort()) {
    for (const d of parseAllDocuments(readFileSync(join(dir, f), 'utf8'))) {
      const o = (d as { toJS(o: object): unknown }).toJS({ maxAliasCount: 100 }) as KObject | null;
      if (o && typeof o === 'object') out.push(o);
    }
  }
  return out;
}

/** A ceph-csi static PV for an RBD image: what the engine's quick fix makes of the in-tree `rbd` PV. */
function csiVolume(name: string, image: string): string {
  return `apiVersion: v1
kind: PersistentVolume
metadata:
  name: ${name}
  labels:
    app: mysql-db
spec:
  capacity:
    storage: 1Gi
  accessModes:
    - ReadWriteOnce
  csi:
    driver: rbd.csi.ceph.com
    volumeHandle: ${image}
    fsType: ext4
    volumeAttributes:
      clusterID: b9127830-b0cc-4e34-aa47-9d1a2e9949a8
      pool: rbd
      staticVolume: "true"
      imageFeatures: layering
  persistentVolumeReclaimPolicy: Retain
`;
}

/** The fixed example with ceph-csi PVs instead of the removed in-tree rbd plugin: no check error at all. */
export function cleanExample(): string {
  const dir = fixedExample();
  writeFileSync(join(dir, 'pv.yaml'), csiVolume('mysql-pv-0', 'volume101'));
  writeFileSync(join(dir, 'pv1.yaml'), csiVolume('mysql-pv-1', 'volume102'));
  return dir;
}
