// Which objects of a unit the API server would refuse. Each goes through the same request pipeline as
// the test API server's (defaults, admission, validation; src/core/simulation/api.ts) as a dry run, so
// the answer depends on the object alone and is cached with it: an edit re-checks only what it changed.
// A refused object does not exist on the cluster, so nothing may be predicted to bind it or to be
// created from it.
import type { K8sObject } from './model';
import { toManifestJson } from './manifestJson';
import { atLeast, NEWEST_KNOWN_VERSION } from './profile';
import { apiRemoval } from './removals';
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

/**
 * The API server's answer to creating `o`, or null when it accepts it. A cluster older than the removal
 * of `o`'s API version still serves it (and converts the object): accepted, not validated here.
 */
export function rejectionOf(o: K8sObject, kubernetesVersion: string = NEWEST_KNOWN_VERSION): Rejection | null {
  const removal = apiRemoval(o.apiVersion, o.kind);
  if (removal && !atLeast(kubernetesVersion, removal.removedIn)) return null;
  let verdict = verdicts.get(o);
  if (verdict === undefined) verdicts.set(o, (verdict = dryRunCreate(o)));
  return verdict;
}

/** The objects of `objects` the API server refuses, with its answers. */
export function rejectedObjects(objects: readonly K8sObject[], kubernetesVersion: string = NEWEST_KNOWN_VERSION): Map<K8sObject, Rejection> {
  const out = new Map<K8sObject, Rejection>();
  for (const o of objects) {
    const r = rejectionOf(o, kubernetesVersion);
    if (r) out.set(o, r);
  }
  return out;
}

function dryRunCreate(o: K8sObject): Rejection | null {
  const r = resourceByKind(o.apiVersion, o.kind);
  if (!r) return { code: 404, reason: 'NotFound', message: `no matches for kind "${o.kind}" in version "${o.apiVersion}"` };
  let json;
  try {
    json = toManifestJson(o);
  } catch (e) {
    // kubectl cannot turn the document into JSON either (an alias without its anchor, too many aliases):
    // it rejects the file, and nothing of it reaches the API server
    return { code: 400, reason: 'BadRequest', message: `kubectl cannot convert the document to JSON (${(e as Error).message.split('\n')[0]})` };
  }
  // a spec that is not a map cannot be decoded into the kind's struct: the server answers 400
  const spec = (json as { spec?: unknown }).spec;
  if (spec !== undefined && spec !== null && (typeof spec !== 'object' || Array.isArray(spec))) {
    const got = Array.isArray(spec) ? 'array' : typeof spec === 'number' ? 'number' : typeof spec === 'boolean' ? 'bool' : 'string';
    return { code: 400, reason: 'BadRequest', message: `json: cannot unmarshal ${got} into Go struct field ${o.kind}.spec of type v1.${o.kind}Spec` };
  }
  const api = (scratch ??= newScratchApi());
  try {
    if (r.namespaced && o.namespace && !api.tryGet(resource('namespaces'), undefined, o.namespace)) {
      api.create(resource('namespaces'), undefined, { metadata: { name: o.namespace } });
    }
    api.create(r, r.namespaced ? o.namespace : undefined, json, { dryRun: true });
    return null;
  } catch (e) {
    // Not the server's answer but a failure of this check: the object is not predicted as created, and
    // the message says so honestly instead of taking the whole plan down.
    if (!(e instanceof ApiError)) return { code: 0, reason: 'InternalError', message: `this tool could not check the object (internal error: ${(e as Error).message}); please report it` };
    return { code: e.code, reason: e.reason, message: e.message };
  }
}

function newScratchApi(): SimApi {
  const clock = new VirtualClock();
  return new SimApi(new ObjectStore({ clock, historyLimit: 1 }), clock);
}
