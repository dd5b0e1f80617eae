// The apiserver's request pipeline over the store: namespace checks, server-set fields, defaults,
// admission, validation, /status semantics and dryRun. The HTTP test server and the in-memory
// controllers both write through it, so a controller's write is checked like a client's.
import { admitDefaultStorageClass } from './admission';
import { Clock } from './clock';
import { applyDefaults, initialStatus } from './defaults';
import { errors } from './errors';
import { apiVersionOf, resource, ResourceType } from './resources';
import { Selection, selects } from './selectors';
import { ObjectStore } from './store';
import { clone, jsonEqual, KObject } from './types';
import { validateCreate, validateUpdate } from './validation';

export interface WriteOptions {
  readonly dryRun?: boolean;
  readonly subresource?: 'status';
}

const NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

export class SimApi {
  private nameSeq = 0;

  constructor(readonly store: ObjectStore, readonly clock: Clock) {}

  private requireNamespace(r: ResourceType, ns: string | undefined): void {
    if (!r.namespaced) return;
    if (!ns) throw errors.badRequest('the server could not find the requested resource: a namespace is required');
    if (!this.store.get(resource('namespaces'), undefined, ns)) throw errors.namespaceNotFound(ns);
  }

  get(r: ResourceType, ns: string | undefined, name: string): KObject {
    const o = this.store.get(r, ns, name);
    if (!o) throw errors.notFound(r, name);
    return o;
  }

  tryGet(r: ResourceType, ns: string | undefined, name: string): KObject | undefined {
    return this.store.get(r, ns, name);
  }

  list(r: ResourceType, ns?: string, selection?: Selection): { items: KObject[]; resourceVersion: string } {
    const items = this.store.list(r, ns).filter((o) => !selection || selects(selection, o));
    return { items, resourceVersion: String(this.store.resourceVersion) };
  }

  /** POST: the object as it would be stored (dryRun) or as stored. */
  create(r: ResourceType, ns: string | undefined, body: KObject, options: WriteOptions = {}): KObject {
    const o = clone(body);
    o.metadata ??= {};
    o.apiVersion = apiVersionOf(r);
    o.kind = r.kind;
    if (r.namespaced) {
      if (o.metadata.namespace && ns && o.metadata.namespace !== ns) {
        throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      o.metadata.namespace = ns ?? o.metadata.namespace;
      this.requireNamespace(r, o.metadata.namespace);
    } else {
      delete o.metadata.namespace;
    }
    if (!o.metadata.name && o.metadata.generateName) o.metadata.name = o.metadata.generateName + this.randomSuffix();
    delete o.metadata.uid;
    delete o.metadata.resourceVersion;
    delete o.metadata.creationTimestamp;
    delete o.metadata.deletionTimestamp;
    const status = initialStatus(r.kind);
    if (status === undefined) delete o.status; else o.status = status;
    applyDefaults(r.kind, o);
    if (r.kind === 'PersistentVolumeClaim') admitDefaultStorageClass(o, this.store.list(resource('storageclasses')));
    const causes = validateCreate(r.kind, o);
    if (causes.length) throw errors.invalid(r, o.metadata.name ?? '', causes);
    return this.store.create(r, o, options.dryRun);
  }

  /** PUT of the main resource (keeps status) or of /status (keeps everything else). */
  update(r: ResourceType, ns: string | undefined, name: string, body: KObject, options: WriteOptions = {}): KObject {
    const current = this.get(r, ns, name);
    if ((body.metadata?.name ?? name) !== name) throw errors.badRequest(`the name of the object (${body.metadata?.name}) does not match the name on the URL (${name})`);
    if (r.namespaced && body.metadata?.namespace && body.metadata.namespace !== ns) {
      throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    let next: KObject;
    if (options.subresource === 'status') {
      next = { ...clone(current), status: clone(body.status) };
      next.metadata.resourceVersion = body.metadata?.resourceVersion;
    } else {
      next = clone(body);
      next.metadata = { ...next.metadata, name, namespace: r.namespaced ? ns : undefined };
      if (!r.namespaced) delete next.metadata.namespace;
      next.apiVersion = apiVersionOf(r);
      next.kind = r.kind;
      if (r.hasStatus) next.status = clone(current.status);
      applyDefaults(r.kind, next);
      const causes = validateUpdate(r.kind, next, current);
      if (causes.length) throw errors.invalid(r, name, causes);
    }
    const specChanged = !jsonEqual(next.spec, current.spec);
    return this.store.update(r, next, specChanged, options.dryRun);
  }

  /** Never used by the provisioner; here so that kubectl delete and test cleanup behave. */
  delete(r: ResourceType, ns: string | undefined, name: string, options: WriteOptions = {}): KObject {
    return this.store.delete(r, ns, name, options.dryRun);
  }

  private randomSuffix(): string {
    let n = ++this.nameSeq * 7919 + this.clock.now();
    let out = '';
    for (let i = 0; i < 5; i++) { out += NAME_CHARS[n % NAME_CHARS.length]; n = Math.floor(n / NAME_CHARS.length); }
    return out;
  }
}
