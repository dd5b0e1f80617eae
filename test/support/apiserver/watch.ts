// Watch streams: newline-delimited JSON events on a chunked 200 response, as the apiserver sends them.
// Without resourceVersion (or "0") the stream starts with ADDED for the current objects; with one, it
// replays the history after it, or sends an ERROR event carrying 410 Expired when that is compacted.
import { ServerResponse } from 'node:http';
import { ApiError, ObjectStore, ResourceType, Selection, selects, StoreEvent } from '../../../src/core/simulation';
import type { KObject } from '../../../src/core/simulation';

export interface WatchRequest {
  readonly resource: ResourceType;
  readonly namespace?: string;
  readonly selection: Selection;
  readonly resourceVersion?: string;
  readonly timeoutSeconds?: number;
}

export class WatchHub {
  private readonly open = new Set<ServerResponse>();

  constructor(private readonly store: ObjectStore) {}

  get count(): number { return this.open.size; }

  serve(req: WatchRequest, res: ServerResponse, current: () => KObject[]): void {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders(); // a quiet watch must still answer: clients wait for the headers
    const send = (type: string, object: unknown) => { res.write(JSON.stringify({ type, object }) + '\n'); };
    const wanted = (e: StoreEvent) => e.resource === req.resource
      && (!req.namespace || e.object.metadata.namespace === req.namespace) && selects(req.selection, e.object);

    const rv = req.resourceVersion;
    if (!rv || rv === '0') {
      for (const o of current()) send('ADDED', o);
    } else {
      let past: StoreEvent[];
      try {
        past = this.store.eventsSince(req.resource, Number(rv));
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        send('ERROR', e.status);
        res.end();
        return;
      }
      for (const e of past) if (wanted(e)) send(e.type, e.object);
    }
    const unsubscribe = this.store.subscribe((e) => { if (wanted(e)) send(e.type, e.object); });
    this.open.add(res);
    const timer = req.timeoutSeconds ? setTimeout(() => res.end(), req.timeoutSeconds * 1000) : undefined;
    res.on('close', () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
      this.open.delete(res);
    });
  }

  /** Ends every open stream, as when an apiserver restarts or a load balancer cuts idle connections. */
  dropAll(): number {
    const n = this.open.size;
    for (const res of [...this.open]) { res.end(); res.destroy(); }
    return n;
  }
}
