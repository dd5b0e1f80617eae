// "Simulate": seeds an in-memory cluster with manifests (and optionally objects read from a real cluster),
// runs the same controllers as the test API server on virtual time until nothing is left to do, and says
// per claim which PV it bound or why it is Pending, and per pod whether it is Ready or what it waits for.
import { SimApi } from './api';
import { VirtualClock } from './clock';
import { ControllerManager, ControllerOptions, DEFAULT_CONTROLLER_OPTIONS } from './controllers';
import { ApiError } from './errors';
import { isRunningAndReady, ordinalRange, podName } from './podTemplate';
import { resource, resourceByKind, ResourceType } from './resources';
import { ObjectStore } from './store';
import { clone, Json, KObject } from './types';

export interface SimulationOptions {
  /** objects already in the cluster (e.g. its PVs and PVCs), stored as given, status included */
  readonly existing?: readonly KObject[];
  /** namespace for objects that name none */
  readonly defaultNamespace?: string;
  readonly controllers?: Partial<ControllerOptions>;
  /** virtual time budget; a rollout still moving after it is reported as not settled */
  readonly horizonMs?: number;
}

export interface SimulatedClaim {
  readonly namespace: string;
  readonly name: string;
  readonly phase: string;
  readonly volume?: string;
  /** the binder's last event, when the claim is not Bound */
  readonly reason?: string;
}

export interface SimulatedPod {
  readonly namespace: string;
  readonly name: string;
  readonly statefulSet: string;
  readonly ordinal: number;
  readonly state: 'ready' | 'waiting' | 'not-created';
  readonly reason?: string;
}

export interface SimulationResult {
  readonly settled: boolean;
  readonly rejected: readonly { kind: string; name: string; namespace?: string; code: number; reason: string; message: string }[];
  readonly volumes: readonly { name: string; phase: string; claim?: string }[];
  readonly claims: readonly SimulatedClaim[];
  readonly pods: readonly SimulatedPod[];
}

const ORDER = ['Namespace', 'StorageClass', 'PersistentVolume', 'PersistentVolumeClaim', 'Service', 'StatefulSet'];

export function simulate(objects: readonly KObject[], options: SimulationOptions = {}): SimulationResult {
  const clock = new VirtualClock();
  const store = new ObjectStore({ clock, historyLimit: 100 });
  const api = new SimApi(store, clock);
  // a real cluster runs a provisioner for each class it offers, and `plan` assumes so: so does the simulation
  const manager = new ControllerManager(api, clock, { ...DEFAULT_CONTROLLER_OPTIONS, provisioner: true, ...options.controllers });
  const defaultNamespace = options.defaultNamespace ?? 'default';
  const namespaces = resource('namespaces');
  const ensureNamespace = (ns: string) => { if (!api.tryGet(namespaces, undefined, ns)) api.create(namespaces, undefined, { metadata: { name: ns } }); };
  ensureNamespace(defaultNamespace);

  for (const o of options.existing ?? []) {
    const r = resourceByKind(o.apiVersion, o.kind);
    if (!r) continue;
    if (r.namespaced) ensureNamespace(o.metadata.namespace ?? defaultNamespace);
    store.create(r, { ...clone(o), metadata: { ...clone(o.metadata), namespace: r.namespaced ? (o.metadata.namespace ?? defaultNamespace) : undefined } });
  }

  const rejected: SimulationResult['rejected'][number][] = [];
  const sorted = [...objects].sort((a, b) => rank(a.kind) - rank(b.kind));
  for (const o of sorted) {
    const r: ResourceType | undefined = resourceByKind(o.apiVersion, o.kind);
    const name = o.metadata?.name ?? '';
    const ns = r?.namespaced ? (o.metadata?.namespace || defaultNamespace) : undefined;
    if (!r) {
      rejected.push({ kind: String(o.kind), name, namespace: o.metadata?.namespace, code: 404, reason: 'NotFound', message: `no matches for kind "${o.kind}" in version "${o.apiVersion}"` });
      continue;
    }
    try {
      if (ns) ensureNamespace(ns);
      api.create(r, ns, o);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      rejected.push({ kind: r.kind, name, namespace: ns, code: e.code, reason: e.reason, message: e.message });
    }
  }

  manager.start();
  const settled = clock.run({ maxSteps: 200_000, until: clock.now() + (options.horizonMs ?? 600_000) });
  manager.stop();

  const lastEvent = (o: KObject): string | undefined => manager.binderEvents.lastFor(o)?.message;
  const claims = api.list(resource('persistentvolumeclaims')).items.map((c): SimulatedClaim => ({
    namespace: c.metadata.namespace ?? '', name: c.metadata.name ?? '', phase: c.status?.phase ?? 'Pending',
    ...(c.status?.phase === 'Bound' ? { volume: c.spec?.volumeName } : { reason: lastEvent(c) ?? waitingClaimReason(c) }),
  }));
  const volumes = api.list(resource('persistentvolumes')).items.map((v) => ({
    name: v.metadata.name ?? '', phase: v.status?.phase ?? 'Pending',
    ...(v.spec?.claimRef ? { claim: `${v.spec.claimRef.namespace}/${v.spec.claimRef.name}` } : {}),
  }));
  const pods: SimulatedPod[] = [];
  for (const set of api.list(resource('statefulsets')).items) {
    const { start, end } = ordinalRange(set);
    let blocker: string | undefined;
    for (let ordinal = start; ordinal <= end; ordinal++) {
      const name = podName(set.metadata.name ?? '', ordinal);
      const pod = api.tryGet(resource('pods'), set.metadata.namespace, name);
      const base = { namespace: set.metadata.namespace ?? '', name, statefulSet: set.metadata.name ?? '', ordinal };
      if (!pod) {
        const failed = manager.setEvents.lastFor(set);
        const reason = failed?.reason === 'FailedCreate' ? failed.message
          : blocker ? `OrderedReady: waits for ${blocker} to be Running and Ready` : 'not created';
        pods.push({ ...base, state: 'not-created', reason });
        continue;
      }
      if (isRunningAndReady(pod)) { pods.push({ ...base, state: 'ready' }); continue; }
      blocker ??= name;
      pods.push({ ...base, state: 'waiting', reason: podWaitingReason(pod) });
    }
  }
  return { settled, rejected, volumes, claims, pods };
}

function rank(kind: string | undefined): number {
  const i = ORDER.indexOf(kind ?? '');
  return i === -1 ? ORDER.length : i;
}

function waitingClaimReason(c: KObject): string {
  return c.spec?.volumeName ? `waiting for volume "${c.spec.volumeName}" to exist` : 'waiting for the binder';
}

function podWaitingReason(pod: KObject): string {
  const conditions: Json[] = Array.isArray(pod.status?.conditions) ? pod.status.conditions : [];
  const unscheduled = conditions.find((c) => c?.type === 'PodScheduled' && c?.status === 'False');
  if (unscheduled) return String(unscheduled.message ?? unscheduled.reason);
  const notReady = conditions.find((c) => c?.type === 'Ready' && c?.status !== 'True');
  if (notReady) return String(notReady.message ?? 'not Ready');
  return `phase ${pod.status?.phase ?? 'Pending'}`;
}
