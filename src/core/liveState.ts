// What the engine reads from a ClusterSnapshot (clusterSnapshot.ts): the cluster's version and default
// StorageClass as a profile layer, the claims that exist there (and what they are bound to), the PVs that
// are bound there, and the live StatefulSets. Pure and derived once per snapshot; no I/O.
import type { VolumeFacts } from './binding';
import type { ClusterSnapshot, LiveObject } from './clusterSnapshot';
import { atLeast, DefaultStorageClass } from './profile';
import { parseQuantity } from './quantity';

const DEFAULT_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];
const CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/** A claim that exists on the cluster. */
export interface LiveClaim {
  readonly name: string;
  readonly namespace: string;
  /** status.phase: Pending, Bound, Lost */
  readonly phase: string;
  /** the PV it is bound to (spec.volumeName), when Bound */
  readonly volumeName?: string;
  /** its class after admission ("" = none) */
  readonly storageClassName: string;
}

export class LiveState {
  readonly context: string;
  readonly takenAt: string;
  readonly kubernetesVersion: string;
  readonly defaultStorageClass: DefaultStorageClass;
  private readonly claims = new Map<string, LiveClaim>();
  private readonly volumes = new Map<string, LiveObject>();
  private readonly sets = new Map<string, LiveObject>();
  private readonly classes = new Map<string, LiveObject>();
  private readonly namespaces: ReadonlySet<string>;

  constructor(readonly snapshot: ClusterSnapshot) {
    this.context = snapshot.context;
    this.takenAt = snapshot.takenAt;
    this.kubernetesVersion = snapshot.kubernetesVersion;
    this.defaultStorageClass = liveDefaultClass(snapshot.storageClasses, snapshot.kubernetesVersion);
    this.namespaces = new Set(snapshot.namespaces);
    for (const pvc of snapshot.persistentVolumeClaims) {
      const { name = '', namespace = '', annotations = {} } = pvc.metadata;
      this.claims.set(`${namespace}/${name}`, {
        name, namespace, phase: String(pvc.status?.phase ?? 'Pending'),
        ...(pvc.spec?.volumeName ? { volumeName: String(pvc.spec.volumeName) } : {}),
        storageClassName: annotations[CLASS_ANNOTATION] ?? String(pvc.spec?.storageClassName ?? ''),
      });
    }
    for (const pv of snapshot.persistentVolumes) if (pv.metadata.name) this.volumes.set(pv.metadata.name, pv);
    for (const s of snapshot.statefulSets) this.sets.set(`${s.metadata.namespace ?? ''}/${s.metadata.name ?? ''}`, s);
    for (const c of snapshot.storageClasses) if (c.metadata.name) this.classes.set(c.metadata.name, c);
  }

  /** the claims of a namespace that exist on the cluster */
  claimsIn(namespace: string): LiveClaim[] {
    return [...this.claims.values()].filter((c) => c.namespace === namespace);
  }

  storageClass(name: string): (LiveObject & { allowVolumeExpansion?: boolean }) | undefined {
    return this.classes.get(name);
  }

  /** whether the claims and StatefulSets of this namespace were read (absence means nothing elsewhere) */
  readsNamespace(namespace: string): boolean {
    return this.namespaces.has(namespace);
  }

  claim(namespace: string, name: string): LiveClaim | undefined {
    return this.claims.get(`${namespace}/${name}`);
  }

  /** The claim is Bound on the cluster: the PV it is bound to. */
  boundClaim(namespace: string, name: string): LiveClaim & { volumeName: string } | undefined {
    const c = this.claims.get(`${namespace}/${name}`);
    return c && c.phase === 'Bound' && c.volumeName ? c as LiveClaim & { volumeName: string } : undefined;
  }

  volume(name: string): LiveObject | undefined {
    return this.volumes.get(name);
  }

  /**
   * The claim (`namespace/name`) a PV is bound to on the cluster, or "" when it is taken by none that
   * exists (Released, Failed): undefined when it is free there (Available, Pending) or not there at all.
   */
  volumeTakenBy(name: string): string | undefined {
    const pv = this.volumes.get(name);
    const phase = pv?.status?.phase;
    if (!pv || phase === undefined || phase === 'Available' || phase === 'Pending') return undefined;
    const ref = pv.spec?.claimRef;
    return phase === 'Bound' && ref?.name ? `${ref.namespace ?? ''}/${ref.name}` : '';
  }

  /** The claim (`namespace/name`) a PV that is not bound yet is reserved for on the cluster (its claimRef there). */
  volumeReservedFor(name: string): string | undefined {
    const pv = this.volumes.get(name);
    const ref = pv?.spec?.claimRef;
    return pv && this.volumeTakenBy(name) === undefined && ref?.name ? `${ref.namespace ?? ''}/${ref.name}` : undefined;
  }

  /** The binder's view of a PV that is on the cluster (for a claim naming a PV the files lack). */
  volumeFacts(name: string): VolumeFacts | undefined {
    const pv = this.volumes.get(name);
    if (!pv) return undefined;
    const spec = pv.spec ?? {};
    const ref = spec.claimRef;
    const capacity = spec.capacity?.storage === undefined ? undefined : parseQuantity(String(spec.capacity.storage));
    return {
      name,
      ...(capacity ? { capacity } : {}),
      accessModes: Array.isArray(spec.accessModes) ? spec.accessModes.map(String) : [],
      storageClassName: pv.metadata.annotations?.[CLASS_ANNOTATION] ?? String(spec.storageClassName ?? ''),
      ...(spec.volumeMode ? { volumeMode: String(spec.volumeMode) } : {}),
      ...(ref ? { claimRef: { name: ref.name, namespace: ref.namespace, uid: ref.uid } } : {}),
      labels: pv.metadata.labels ?? {},
      phase: String(pv.status?.phase ?? 'Available'),
      deleting: Boolean(pv.metadata.deletionTimestamp),
    };
  }

  statefulSet(namespace: string, name: string): LiveObject | undefined {
    return this.sets.get(`${namespace}/${name}`);
  }
}

const states = new WeakMap<ClusterSnapshot, LiveState>();

/** The engine's view of a snapshot, derived once per snapshot object. */
export function liveStateOf(snapshot: ClusterSnapshot): LiveState {
  let s = states.get(snapshot);
  if (!s) states.set(snapshot, (s = new LiveState(snapshot)));
  return s;
}

/**
 * The default class as the DefaultStorageClass admission plugin picks it (GetDefaultClass in
 * pkg/volume/util/storageclass.go): none → `none`; one → that one; several → since 1.26 the newest by
 * creationTimestamp, ties by name ascending. Before 1.26 admission refuses every class-less claim
 * ("N default StorageClasses were found"), which the profile cannot express: `unknown` then.
 */
export function liveDefaultClass(classes: readonly LiveObject[], version: string): DefaultStorageClass {
  const defaults = classes.filter((c) => DEFAULT_ANNOTATIONS.some((a) => c.metadata.annotations?.[a] === 'true'));
  if (defaults.length === 0) return { kind: 'none' };
  if (defaults.length > 1 && !atLeast(version, '1.26')) return { kind: 'unknown' };
  const created = (c: LiveObject) => Date.parse(String(c.metadata.creationTimestamp ?? '')) || 0;
  const name = (c: LiveObject) => c.metadata.name ?? '';
  const [chosen] = [...defaults].sort((a, b) => created(b) - created(a) || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
  const c = chosen as LiveObject & { provisioner?: string; volumeBindingMode?: string; allowVolumeExpansion?: boolean };
  return {
    kind: 'named',
    name: name(c),
    ...(c.provisioner ? { provisioner: c.provisioner } : {}),
    ...(c.volumeBindingMode === 'Immediate' || c.volumeBindingMode === 'WaitForFirstConsumer' ? { volumeBindingMode: c.volumeBindingMode } : {}),
    ...(typeof c.allowVolumeExpansion === 'boolean' ? { allowVolumeExpansion: c.allowVolumeExpansion } : {}),
  };
}
