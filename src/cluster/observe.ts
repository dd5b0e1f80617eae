// Waiting on the cluster through list + watch (never polling): the collection is listed, then watched
// from that resourceVersion; each change re-runs the caller's check. A dropped stream or a 410 Expired
// leads to a fresh list and watch, as client-go's reflector does; a server that is gone ends the wait
// with an Unreachable error from the re-list.
import { ClusterClient, collectionPath, KObject, WatchHandle } from './client';
import { CancelledError, ClusterError, delay, throwIfAborted } from './errors';

export interface Collection {
  readonly apiVersion: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespace?: string;
  readonly labelSelector?: string;
}

export interface ObserveOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** re-list + re-watch attempts after a stream ends early */
  readonly maxReconnects?: number;
  /**
   * Also re-run the check this often without a change in the collection: for checks that read other
   * objects (a claim's events) whose changes this watch does not see.
   */
  readonly recheckMs?: number;
}

export type Check = (objects: ReadonlyMap<string, KObject>) => boolean | Promise<boolean>;

/** Resolves true when `check` returns true, false when the time is up. */
export async function observe(client: ClusterClient, c: Collection, check: Check, options: ObserveOptions): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  const maxReconnects = options.maxReconnects ?? 10;
  for (let attempt = 0; ; attempt++) {
    throwIfAborted(options.signal);
    const selectors = c.labelSelector ? { label: c.labelSelector } : {};
    const listed = await client.list(c.apiVersion, c.kind, c.namespace, selectors, options.signal);
    const objects = new Map(listed.items.map((o) => [o.metadata.name ?? '', o]));
    if (await check(objects)) return true;
    const remaining = deadline - Date.now();
    if (remaining <= 0) return false;

    const outcome = await watchOnce(client, c, listed.resourceVersion, objects, check, remaining, options.signal, options.recheckMs);
    if (outcome === 'satisfied') return true;
    if (outcome === 'timeout') return false;
    if (attempt >= maxReconnects) throw new ClusterError('WatchFailed', `the watch on ${c.plural} kept ending (${attempt + 1} times); giving up`);
    await delay(Math.min(100 * (attempt + 1), 1000), options.signal);
  }
}

/**
 * A watch the server refused (403 without the watch permission, 404): watching again gets the same
 * answer, so it is an error to report, not an end to reconnect after (410 Gone and 5xx are).
 */
function refusal(err: Error | null, c: Collection): ClusterError | undefined {
  const status = (err as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status !== 'number' || status === 410 || status >= 500) return undefined;
  const reason = status === 403 ? 'Forbidden' : status === 401 ? 'Unauthorized' : status === 404 ? 'NotFound' : `HTTP${status}`;
  return new ClusterError(reason, `the server refused to watch ${c.plural}${c.namespace ? ` in namespace ${c.namespace}` : ''} (${status} ${err!.message})`, status);
}

async function watchOnce(
  client: ClusterClient, c: Collection, resourceVersion: string, objects: Map<string, KObject>, check: Check, timeoutMs: number, signal?: AbortSignal,
  recheckMs?: number,
): Promise<'satisfied' | 'timeout' | 'ended'> {
  let settle!: (v: 'satisfied' | 'timeout' | 'ended') => void;
  let fail!: (e: unknown) => void;
  const result = new Promise<'satisfied' | 'timeout' | 'ended'>((resolve, reject) => { settle = resolve; fail = reject; });
  // checks run one after another, in event order
  let chain: Promise<void> = Promise.resolve();
  let settledBeforeConnect = false;
  const query: Record<string, string> = { resourceVersion, allowWatchBookmarks: 'true' };
  if (c.labelSelector) query.labelSelector = c.labelSelector;
  const timer = setTimeout(() => settle('timeout'), timeoutMs);
  const recheck = recheckMs ? setInterval(() => {
    chain = chain.then(async () => { if (await check(objects)) settle('satisfied'); }).catch(fail);
  }, recheckMs) : undefined;
  const onAbort = () => fail(new CancelledError());
  signal?.addEventListener('abort', onAbort, { once: true });
  let handle: WatchHandle | undefined;
  void client.watch(collectionPath(c.apiVersion, c.plural, c.namespace), query, (type, object) => {
    if (type === 'ERROR') { settle('ended'); return; } // 410 Expired and friends: re-list
    if (type === 'BOOKMARK' || !object?.metadata?.name) return;
    if (type === 'DELETED') objects.delete(object.metadata.name); else objects.set(object.metadata.name, { apiVersion: c.apiVersion, kind: c.kind, ...object });
    chain = chain.then(async () => { if (await check(objects)) settle('satisfied'); }).catch(fail);
  }).then((h) => {
    handle = h;
    if (settledBeforeConnect) h.stop();
    void h.done.then((err) => {
      const refused = refusal(err, c);
      if (refused) fail(refused); else settle('ended');
    });
  }, fail);
  try {
    return await result;
  } finally {
    clearTimeout(timer);
    if (recheck) clearInterval(recheck);
    signal?.removeEventListener('abort', onAbort);
    // a watch still connecting is stopped as soon as it is established
    if (handle) handle.stop(); else settledBeforeConnect = true;
  }
}
