// PVs that name the same backing disk. Kubernetes knows volumes only as PV objects: ReadWriteOnce limits
// each PV to one node, but two PVs on one RBD image, cloud disk or CSI volumeHandle are two volumes to it,
// so two pods on two nodes can mount the disk at once and write one (non-cluster) filesystem.
import type { PersistentVolume } from '../model';
import { WorkspaceRule } from './rule';

const EXCLUSIVE = new Set(['ReadWriteOnce', 'ReadWriteOncePod']);

/** Only PVs that promise exclusive write access: RWX/ROX PVs of a disk are a deliberate share. */
function exclusive(pv: PersistentVolume): boolean {
  return pv.accessModes.length > 0 && pv.accessModes.every((m) => EXCLUSIVE.has(m));
}

function folderOf(file: string): string {
  const f = file.replace(/\\/g, '/');
  return f.slice(0, Math.max(0, f.lastIndexOf('/')));
}

export const pvSharedDisk: WorkspaceRule = {
  code: 'pv-shared-disk', severity: 'warning', scope: 'workspace',
  summary: 'Two ReadWriteOnce PVs in one folder name the same backing disk (RBD image, cloud disk, CSI volumeHandle).',
  check({ index }, report) {
    const groups = new Map<string, PersistentVolume[]>();
    for (const pv of index.volumes()) {
      if (!pv.disk || !exclusive(pv)) continue;
      // one folder: repositories keep one manifest per environment (cluster), where equal disk names are different disks
      const key = `${folderOf(pv.src.file)}\u0000${pv.disk.key}`;
      const list = groups.get(key);
      if (list) list.push(pv); else groups.set(key, [pv]);
    }
    for (const list of groups.values()) {
      if (list.length < 2) continue;
      const [first, ...others] = list;
      for (const pv of others) {
        report(pv.nameSpan,
          `PV "${pv.name}" and PV "${first.name}" are the same disk (${pv.disk!.label}): Kubernetes treats them as two volumes and `
          + 'ReadWriteOnce limits each to one node, so two pods on two nodes can mount the disk at once and write one filesystem, which '
          + 'corrupts it (or, with some drivers, the second pod never starts). Keep one PV per disk.',
          [{ at: first.nameSpan, message: `PV ${first.name}` }]);
      }
    }
  },
};
