// Reading what a cluster holds for the live mode (`check --live`, setting readLive): its version, the
// StorageClasses, every PV, and the claims and StatefulSets of the namespaces the units deploy to. Read
// only, with one short deadline for the whole read: a cluster that does not answer in time is reported as
// unreachable (a ClusterError naming the context, never a credential), and no request outlives the read.
import { setMaxListeners } from 'node:events';
import type { ClusterSnapshot, LiveObject } from '../core/clusterSnapshot';
import type { ClusterClient, KObject } from './client';
import { CancelledError, ClusterError } from './errors';

export interface SnapshotOptions {
  /** the whole read, all requests together */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/** What the snapshot keeps of an object: everything but metadata.managedFields (large, and nobody's business here). */
function live(o: KObject): LiveObject {
  const { managedFields: _dropped, ...metadata } = o.metadata ?? {};
  return { ...o, metadata } as LiveObject;
}

/**
 * One snapshot of the cluster `client` talks to. `namespaces`: whose claims and StatefulSets are read
 * (duplicates and empty names are ignored). Rejects with a ClusterError: `Timeout` when the deadline
 * passes, `Cancelled` when `signal` aborts, else the API's reason (Forbidden, Unauthorized, Unreachable…).
 */
export async function readClusterSnapshot(client: ClusterClient, namespaces: readonly string[], options: SnapshotOptions): Promise<ClusterSnapshot> {
  if (options.signal?.aborted) throw new CancelledError();
  const abort = new AbortController();
  setMaxListeners(0, abort.signal); // one listener per request in flight: many namespaces are many requests
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; abort.abort(); }, options.timeoutMs);
  const onCancel = () => abort.abort();
  options.signal?.addEventListener('abort', onCancel, { once: true });
  try {
    return await read(await client.withSignal(abort.signal), [...new Set(namespaces.filter(Boolean))].sort(), abort.signal);
  } catch (e) {
    if (timedOut) {
      throw new ClusterError('Timeout', client.target.redactor.redact(
        `the API server of context "${client.target.context}" (${client.target.server}) did not answer within ${seconds(options.timeoutMs)}`));
    }
    if (options.signal?.aborted) throw new CancelledError();
    throw e instanceof ClusterError ? contextual(e, client.target.context) : client.error(e, { apiVersion: 'v1', kind: 'snapshot', name: '' });
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCancel);
  }
}

async function read(client: ClusterClient, namespaces: readonly string[], signal: AbortSignal): Promise<ClusterSnapshot> {
  // all requests at once: the deadline covers the slowest, not their sum
  const perNamespace = (apiVersion: string, kind: string) => Promise.all(namespaces.map((ns) => client.list(apiVersion, kind, ns, {}, signal)));
  const [kubernetesVersion, classes, volumes, claims, sets] = await Promise.all([
    client.version(signal),
    client.list('storage.k8s.io/v1', 'StorageClass', undefined, {}, signal),
    client.list('v1', 'PersistentVolume', undefined, {}, signal),
    perNamespace('v1', 'PersistentVolumeClaim'),
    perNamespace('apps/v1', 'StatefulSet'),
  ]);
  return {
    context: client.target.context,
    takenAt: new Date().toISOString(),
    kubernetesVersion,
    storageClasses: classes.items.map(live),
    persistentVolumes: volumes.items.map(live),
    persistentVolumeClaims: claims.flatMap((l) => l.items.map(live)),
    statefulSets: sets.flatMap((l) => l.items.map(live)),
    namespaces,
  };
}

/** The API's error, saying which context it came from (a warning shows it without the rest of the run). */
function contextual(e: ClusterError, context: string): ClusterError {
  if (e.message.includes(`"${context}"`)) return e;
  return new ClusterError(e.reason, `context "${context}": ${e.message}`, e.code);
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}
