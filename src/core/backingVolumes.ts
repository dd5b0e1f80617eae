// Volumes that live outside Kubernetes (an RBD image, an NFS export, a directory on a node) must exist
// before their PV is used. This says, per PV source, what to run and on which host, so the plan can show
// it as a manual step. Commands are argv arrays, meant to run without a shell; every value taken from
// the YAML is checked first (commandValues.ts), and a PV with an unsafe value gets no command at all.
import { absolutePath, cephName, hostName, monitorAddress, ValueCheck } from './commandValues';
import { PersistentVolume, Span } from './model';
import { Quantity } from './quantity';
import { asMap, mapField, nodeSpan, pairOf, seqField, seqItems, stringField, stringList, stringMap } from './yamlRead';
import type { YAMLMap } from 'yaml';

/** Where a backing volume's commands belong. */
export type CommandHost =
  /** any machine with the rbd tool and an admin keyring: possibly this one */
  | { readonly role: 'ceph-admin' }
  /** the NFS server itself */
  | { readonly role: 'nfs-server'; readonly server: string }
  /** the node(s) named by the PV's node affinity; none named: whichever node will run the pod */
  | { readonly role: 'node'; readonly nodes: readonly string[] };

export interface UnsafeValue {
  /** the field, as a path (`spec.nfs.path`) */
  readonly field: string;
  readonly value: string;
  /** what is wrong with it, as a phrase ("contains \";\", which a shell would act on") */
  readonly problem: string;
  readonly at: Span;
}

export interface BackingVolume {
  /** short identity, e.g. `rbd:rbd/volume101` or `nfs:10.0.0.5:/exports/db-0` */
  readonly name: string;
  /** where the commands run, in words */
  readonly where: string;
  readonly host: CommandHost;
  /** argv arrays, in order, to run without a shell; empty when a value is unsafe */
  readonly commands: readonly (readonly string[])[];
  /** the values that kept the commands from being built */
  readonly unsafe: readonly UnsafeValue[];
}

/** The image features the kernel RBD client cannot map (seed example: create-volume.sh). */
const RBD_UNMAPPABLE_FEATURES = 'exclusive-lock,object-map,fast-diff,deep-flatten';

/** Collects the checked values of one PV; `ok` is false once any value failed its check. */
class Values {
  readonly unsafe: UnsafeValue[] = [];
  constructor(private readonly pv: PersistentVolume) {}

  check(field: string, value: string, check: ValueCheck, at: Span | undefined): string {
    const problem = check(value);
    if (problem) this.unsafe.push({ field, value, problem, at: at ?? this.pv.source?.span ?? this.pv.nameSpan });
    return value;
  }

  /** the span of `map.key`'s value */
  spanOf(map: YAMLMap | undefined, key: string): Span | undefined {
    const s = nodeSpan(pairOf(this.pv.src.yaml, map, key)?.value as never);
    return s ? { src: this.pv.src, start: s[0], end: s[1] } : undefined;
  }

  get ok(): boolean { return this.unsafe.length === 0; }
}

export function backingVolumeOf(pv: PersistentVolume): BackingVolume | undefined {
  const sizeMiB = pv.capacity ? mebibytes(pv.capacity) : '1024';
  const v = new Values(pv);
  const made = (name: string, where: string, host: CommandHost, commands: string[][]): BackingVolume =>
    ({ name, where, host, commands: v.ok ? commands : [], unsafe: v.unsafe });
  switch (pv.source?.plugin) {
    case 'rbd': return rbdVolume(pv, v, sizeMiB, made);
    case 'csi': return csiVolume(pv, v, sizeMiB, made);
    case 'nfs': {
      const nfs = mapField(pv.src.yaml, mapField(pv.src.yaml, pv.root, 'spec'), 'nfs');
      const server = v.check('spec.nfs.server', stringField(pv.src.yaml, nfs, 'server') ?? '', hostName, v.spanOf(nfs, 'server'));
      const path = v.check('spec.nfs.path', stringField(pv.src.yaml, nfs, 'path') ?? '', absolutePath, v.spanOf(nfs, 'path'));
      return made(`nfs:${server}:${path}`, `the NFS server ${server}`, { role: 'nfs-server', server }, [['mkdir', '-p', '--', path]]);
    }
    case 'local':
    case 'hostPath': {
      const plugin = pv.source.plugin;
      const source = mapField(pv.src.yaml, mapField(pv.src.yaml, pv.root, 'spec'), plugin);
      const path = v.check(`spec.${plugin}.path`, stringField(pv.src.yaml, source, 'path') ?? '', absolutePath, v.spanOf(source, 'path'));
      const nodes = nodeNames(pv);
      for (const n of nodes) v.check('spec.nodeAffinity (kubernetes.io/hostname)', n, hostName, undefined);
      return made(`dir:${nodes.join(',') || 'node'}:${path}`, nodes.length ? `node ${nodes.join(', ')}` : 'the node that will run the pod',
        { role: 'node', nodes }, [['mkdir', '-p', '--', path]]);
    }
    default:
      return undefined;
  }
}

type Make = (name: string, where: string, host: CommandHost, commands: string[][]) => BackingVolume;

function rbdVolume(pv: PersistentVolume, v: Values, sizeMiB: string, made: Make): BackingVolume {
  const doc = pv.src.yaml;
  const rbd = mapField(doc, mapField(doc, pv.root, 'spec'), 'rbd');
  const pool = v.check('spec.rbd.pool', stringField(doc, rbd, 'pool') ?? 'rbd', cephName, v.spanOf(rbd, 'pool'));
  const image = v.check('spec.rbd.image', stringField(doc, rbd, 'image') ?? pv.name, cephName, v.spanOf(rbd, 'image'));
  const monitorSeq = seqField(doc, rbd, 'monitors');
  const monitors = stringList(doc, monitorSeq);
  seqItems(doc, monitorSeq).forEach((node, i) => {
    const s = nodeSpan(node);
    v.check('spec.rbd.monitors', monitors[i] ?? '', monitorAddress, s ? { src: pv.src, start: s[0], end: s[1] } : undefined);
  });
  const m = monitors.length ? ['-m', monitors.join(',')] : [];
  return made(`rbd:${pool}/${image}`, 'a Ceph admin host', { role: 'ceph-admin' }, [
    ['rbd', 'create', `${pool}/${image}`, '--size', sizeMiB, ...m],
    ['rbd', 'feature', 'disable', `${pool}/${image}`, RBD_UNMAPPABLE_FEATURES, ...m],
  ]);
}

function csiVolume(pv: PersistentVolume, v: Values, sizeMiB: string, made: Make): BackingVolume | undefined {
  const doc = pv.src.yaml;
  const csi = mapField(doc, mapField(doc, pv.root, 'spec'), 'csi');
  const driver = stringField(doc, csi, 'driver') ?? '';
  const attrMap = mapField(doc, csi, 'volumeAttributes');
  const attrs = stringMap(doc, attrMap);
  if (driver === 'rbd.csi.ceph.com') {
    const pool = v.check('spec.csi.volumeAttributes.pool', attrs.pool ?? 'rbd', cephName, v.spanOf(attrMap, 'pool'));
    const handle = v.check('spec.csi.volumeHandle', stringField(doc, csi, 'volumeHandle') ?? pv.name, cephName, v.spanOf(csi, 'volumeHandle'));
    return made(`rbd:${pool}/${handle}`, 'a Ceph admin host', { role: 'ceph-admin' }, [['rbd', 'create', `${pool}/${handle}`, '--size', sizeMiB]]);
  }
  if (driver === 'nfs.csi.k8s.io') {
    // the driver mounts server:share; its volumeHandle is an opaque id (`server/share##`), never a path
    if (attrs.share === undefined) return undefined;
    const server = v.check('spec.csi.volumeAttributes.server', attrs.server ?? '', hostName, v.spanOf(attrMap, 'server'));
    const share = v.check('spec.csi.volumeAttributes.share', attrs.share, absolutePath, v.spanOf(attrMap, 'share'));
    return made(`nfs:${server}:${share}`, `the NFS server ${server}`, { role: 'nfs-server', server }, [['mkdir', '-p', '--', share]]);
  }
  return undefined; // other drivers provision or import their volumes themselves
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
