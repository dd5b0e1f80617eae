// Which objects of a unit the API server would refuse. Each goes through the same request pipeline as
// the test API server's (defaults, admission, validation; src/core/simulation/api.ts) as a dry run, so
// the answer depends on the object alone and is cached with it: an edit re-checks only what it changed.
// A refused object does not exist on the cluster, so nothing may be predicted to bind it or to be
// created from it.
import type { K8sObject } from './model';
import { toManifestJson } from './manifestJson';
import { ApiError } from './simulation/errors';
import { SimApi } from './simulation/api';
import { VirtualClock } from './simulation/clock';
import { resource, resourceByKind } from './simulation/resources';
import { ObjectStore } from './simulation/store';

export interface Rejection {
  /** HTTP status the API server answers: 404 unserved kind/version, 422 invalid, 400 bad request */
  readonly code: number;
  readonly reason: string;
  readonly message: string;
}

const verdicts = new WeakMap<K8sObject, Rejection | null>();
let scratch: SimApi | undefined;

/** The API server's answer to creating `o`, or null when it accepts it. */
export function rejectionOf(o: K8sObject): Rejection | null {
  let verdict = verdicts.get(o);
  if (verdict === undefined) verdicts.set(o, (verdict = dryRunCreate(o)));
  return verdict;
}

/** The objects of `objects` the API server refuses, with its answers. */
export function rejectedObjects(objects: readonly K8sObject[]): Map<K8sObject, Rejection> {
  const out = new Map<K8sObject, Rejection>();
  for (const o of objects) {
    const r = rejectionOf(o);
    if (r) out.set(o, r);
  }
  return out;
}

function dryRunCreate(o: K8sObject): Rejection | null {
  const r = resourceByKind(o.apiVersion, o.kind);
  if (!r) return { code: 404, reason: 'NotFound', message: `no matches for kind "${o.kind}" in version "${o.apiVersion}"` };
  const api = (scratch ??= newScratchApi());
  try {
    if (r.namespaced && o.namespace && !api.tryGet(resource('namespaces'), undefined, o.namespace)) {
      api.create(resource('namespaces'), undefined, { metadata: { name: o.namespace } });
    }
    api.create(r, r.namespaced ? o.namespace : undefined, toManifestJson(o), { dryRun: true });
    return null;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return { code: e.code, reason: e.reason, message: e.message };
  }
}

function newScratchApi(): SimApi {
  const clock = new VirtualClock();
  return new SimApi(new ObjectStore({ clock, historyLimit: 1 }), clock);
}
