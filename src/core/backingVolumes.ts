// Volumes that live outside Kubernetes (an RBD image, an NFS export, a directory on a node) must exist
// before their PV is used. This says, per PV source, what to run, so the plan can show it as a manual step.
import { PersistentVolume } from './model';
import { Quantity } from './quantity';
import { asMap, mapField, seqField, seqItems, stringField, stringList, stringMap } from './yamlRead';

export interface BackingVolume {
  /** short identity, e.g. `rbd:rbd/volume101` or `nfs:10.0.0.5:/exports/db-0` */
  readonly name: string;
  /** where the commands run */
  readonly where: string;
  /** shell commands, in order */
  readonly commands: readonly string[];
}

/** The image features the kernel RBD client cannot map (seed example: create-volume.sh). */
const RBD_UNMAPPABLE_FEATURES = 'exclusive-lock,object-map,fast-diff,deep-flatten';

export function backingVolumeOf(pv: PersistentVolume): BackingVolume | undefined {
  const doc = pv.src.yaml;
  const spec = mapField(doc, pv.root, 'spec');
  const sizeMiB = pv.capacity ? mebibytes(pv.capacity) : '1024';
  switch (pv.source?.plugin) {
    case 'rbd': {
      const rbd = mapField(doc, spec, 'rbd');
      const pool = stringField(doc, rbd, 'pool') ?? 'rbd';
      const image = stringField(doc, rbd, 'image') ?? pv.name;
      const monitors = stringList(doc, seqField(doc, rbd, 'monitors'));
      const m = monitors.length ? ` -m ${monitors.join(',')}` : '';
      return {
        name: `rbd:${pool}/${image}`, where: 'a Ceph admin host',
        commands: [`rbd create ${pool}/${image} --size ${sizeMiB}${m}`, `rbd feature disable ${pool}/${image} ${RBD_UNMAPPABLE_FEATURES}${m}`],
      };
    }
    case 'csi': {
      const csi = mapField(doc, spec, 'csi');
      const driver = stringField(doc, csi, 'driver') ?? '';
      const handle = stringField(doc, csi, 'volumeHandle') ?? pv.name;
      const attrs = stringMap(doc, mapField(doc, csi, 'volumeAttributes'));
      if (driver === 'rbd.csi.ceph.com') {
        const pool = attrs.pool ?? 'rbd';
        return { name: `rbd:${pool}/${handle}`, where: 'a Ceph admin host', commands: [`rbd create ${pool}/${handle} --size ${sizeMiB}`] };
      }
      if (driver === 'nfs.csi.k8s.io') {
        return { name: `nfs:${attrs.server ?? '?'}:${attrs.share ?? handle}`, where: `the NFS server ${attrs.server ?? ''}`.trim(), commands: [`mkdir -p ${attrs.share ?? handle}`] };
      }
      return undefined; // other drivers provision or import their volumes themselves
    }
    case 'nfs': {
      const nfs = mapField(doc, spec, 'nfs');
      const server = stringField(doc, nfs, 'server') ?? '?';
      const path = stringField(doc, nfs, 'path') ?? '/';
      return { name: `nfs:${server}:${path}`, where: `the NFS server ${server}`, commands: [`mkdir -p ${path}`] };
    }
    case 'local':
    case 'hostPath': {
      const path = stringField(doc, mapField(doc, spec, pv.source.plugin), 'path') ?? '/';
      const nodes = nodeNames(pv);
      return { name: `dir:${nodes.join(',') || 'node'}:${path}`, where: nodes.length ? `node ${nodes.join(', ')}` : 'the node that will run the pod', commands: [`mkdir -p ${path}`] };
    }
    default:
      return undefined;
  }
}

/** A size in MiB for `rbd create --size`, rounded up, at least 1; exact for any size (never "Infinity"). */
function mebibytes(q: Quantity): string {
  const mib = q.den * 1048576n;
  const size = (q.num + mib - 1n) / mib;
  return String(size < 1n ? 1n : size);
}

/**
 * kubernetes.io/hostname values of a PV's required node affinity. Items that are not maps (a
 * malformed `nodeSelectorTerms: [oops]`) are skipped: the API server rejects such a PV, and check says so.
 */
export function nodeNames(pv: PersistentVolume): string[] {
  const doc = pv.src.yaml;
  const required = mapField(doc, mapField(doc, mapField(doc, pv.root, 'spec'), 'nodeAffinity'), 'required');
  const out: string[] = [];
  for (const term of seqItems(doc, seqField(doc, required, 'nodeSelectorTerms'))) {
    for (const e of seqItems(doc, seqField(doc, asMap(doc, term), 'matchExpressions'))) {
      const expression = asMap(doc, e);
      if (stringField(doc, expression, 'key') === 'kubernetes.io/hostname') out.push(...stringList(doc, seqField(doc, expression, 'values')));
    }
  }
  return out;
}
