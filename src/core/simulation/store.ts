// The object store behind the simulated API server (etcd's role): objects per resource, a global
// increasing resourceVersion, optimistic concurrency, and a bounded event history so that watches can
// resume from a resourceVersion — or get 410 Expired when it is too old, as from a compacted etcd.
import { Clock } from './clock';
import { ApiError, errors } from './errors';
import { ResourceType } from './resources';
import { clone, KObject, keyOf } from './types';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  readonly type: WatchEventType;
  readonly resource: ResourceType;
  readonly object: KObject;
  readonly rv: number;
}

export type StoreListener = (event: StoreEvent) => void;

export interface StoreOptions {
  readonly clock: Clock;
  /** events kept for watch resumption; older resourceVersions get 410 Expired */
  readonly historyLimit?: number;
  /** uid source; the simulation uses a counter so its results are reproducible */
  readonly uid?: () => string;
}

export class ObjectStore {
  private rv = 0;
  private readonly data = new Map<string, Map<string, KObject>>();
  private readonly history: StoreEvent[] = [];
  /** the newest resourceVersion that is no longer in the history */
  private compactedRv = 0;
  private readonly listeners = new Set<StoreListener>();
  private uidSeq = 0;

  constructor(private readonly options: StoreOptions) {}

  get resourceVersion(): number { return this.rv; }

  private table(r: ResourceType): Map<string, KObject> {
    let t = this.data.get(r.plural);
    if (!t) this.data.set(r.plural, (t = new Map()));
    return t;
  }

  private newUid(): string {
    if (this.options.uid) return this.options.uid();
    const n = (++this.uidSeq).toString(16).padStart(12, '0');
    return `00000000-0000-4000-8000-${n}`;
  }

  get(r: ResourceType, namespace: string | undefined, name: string): KObject | undefined {
    return clone(this.table(r).get(keyOf(r.namespaced ? namespace : undefined, name)));
  }

  /** objects of a resource, optionally of one namespace, in name order */
  list(r: ResourceType, namespace?: string): KObject[] {
    const out: KObject[] = [];
    for (const o of this.table(r).values()) if (!namespace || !r.namespaced || o.metadata.namespace === namespace) out.push(clone(o));
    return out.sort((a, b) => (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  }

  /** Stores a new object, setting uid, creationTimestamp, resourceVersion and generation. */
  create(r: ResourceType, obj: KObject, dryRun = false): KObject {
    const name = obj.metadata.name ?? '';
    const key = keyOf(r.namespaced ? obj.metadata.namespace : undefined, name);
    if (this.table(r).has(key)) throw errors.alreadyExists(r, name);
    const stored = clone(obj);
    stored.metadata.uid = this.newUid();
    stored.metadata.creationTimestamp = new Date(this.options.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    if (r.generation) stored.metadata.generation = 1;
    else delete stored.metadata.generation;
    // as DryRunnableStorage: a dry-run create is never written, so it gets no resourceVersion
    if (dryRun) { delete stored.metadata.resourceVersion; return stored; }
    stored.metadata.resourceVersion = String(++this.rv);
    this.table(r).set(key, stored);
    this.emit({ type: 'ADDED', resource: r, object: clone(stored), rv: this.rv });
    return clone(stored);
  }

  /**
   * Replaces a stored object. A non-empty metadata.resourceVersion must equal the stored one (409 Conflict
   * otherwise); uid and creationTimestamp are kept; generation is bumped when `specChanged`.
   */
  update(r: ResourceType, obj: KObject, specChanged: boolean, dryRun = false): KObject {
    const name = obj.metadata.name ?? '';
    const key = keyOf(r.namespaced ? obj.metadata.namespace : undefined, name);
    const current = this.table(r).get(key);
    if (!current) throw errors.notFound(r, name);
    if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== current.metadata.resourceVersion) throw errors.conflict(r, name);
    const stored = clone(obj);
    stored.metadata.uid = current.metadata.uid;
    stored.metadata.creationTimestamp = current.metadata.creationTimestamp;
    if (r.generation) stored.metadata.generation = (current.metadata.generation ?? 1) + (specChanged ? 1 : 0);
    if (dryRun) { stored.metadata.resourceVersion = current.metadata.resourceVersion; return stored; }
    stored.metadata.resourceVersion = String(++this.rv);
    this.table(r).set(key, stored);
    this.emit({ type: 'MODIFIED', resource: r, object: clone(stored), rv: this.rv });
    return clone(stored);
  }

  delete(r: ResourceType, namespace: string | undefined, name: string, dryRun = false): KObject {
    const key = keyOf(r.namespaced ? namespace : undefined, name);
    const current = this.table(r).get(key);
    if (!current) throw errors.notFound(r, name);
    if (dryRun) return clone(current);
    this.table(r).delete(key);
    const gone = clone(current);
    gone.metadata.resourceVersion = String(++this.rv);
    this.emit({ type: 'DELETED', resource: r, object: clone(gone), rv: this.rv });
    return gone;
  }

  /** Every change, synchronously, as it is committed (controllers and watch streams). */
  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Events of a resource after `fromRv`, for a watch that resumes. Throws 410 Expired when events after
   * fromRv were already dropped from the history.
   */
  eventsSince(r: ResourceType, fromRv: number): StoreEvent[] {
    if (fromRv < this.compactedRv) throw errors.expired(`too old resource version: ${fromRv} (${this.compactedRv + 1})`);
    return this.history.filter((e) => e.rv > fromRv && e.resource === r).map((e) => ({ ...e, object: clone(e.object) }));
  }

  private emit(event: StoreEvent): void {
    this.history.push(event);
    const limit = this.options.historyLimit ?? 1000;
    while (this.history.length > limit) this.compactedRv = this.history.shift()!.rv;
    for (const l of [...this.listeners]) l(event);
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
