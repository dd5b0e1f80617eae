// Fault injection for tests: latency on every request, errors on chosen verbs/resources/names, dropped
// watch streams. The server consults it on each request; tests change it while a run is in progress.
import { ApiError, errors, ResourceType } from '../../../src/core/simulation';

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete';

export interface FaultRule {
  readonly verb?: Verb;
  /** plural, e.g. "persistentvolumeclaims" */
  readonly resource?: string;
  readonly name?: string;
  readonly code: 401 | 403 | 409 | 422 | 500;
  /** how many matching requests fail (default: all) */
  times?: number;
  /** text for the Status message (422 cause, 500 detail); the rest is the server's real wording */
  readonly message?: string;
}

export interface RequestTarget {
  readonly verb: Verb;
  readonly resource: ResourceType;
  readonly namespace?: string;
  readonly name?: string;
}

export class Faults {
  /** added to every request before it is handled */
  latencyMs = 0;
  private rules: FaultRule[] = [];

  fail(rule: FaultRule): void {
    this.rules.push({ ...rule });
  }

  clear(): void {
    this.rules = [];
    this.latencyMs = 0;
  }

  /** The injected error for this request, if a rule matches (consuming one of its `times`). */
  match(t: RequestTarget): ApiError | undefined {
    const rule = this.rules.find((f) => (!f.verb || f.verb === t.verb) && (!f.resource || f.resource === t.resource.plural)
      && (!f.name || f.name === t.name) && (f.times === undefined || f.times > 0));
    if (!rule) return undefined;
    if (rule.times !== undefined) rule.times--;
    return errorFor(rule, t);
  }
}

function errorFor(rule: FaultRule, t: RequestTarget): ApiError {
  const r = t.resource;
  switch (rule.code) {
    case 401: return errors.unauthorized();
    case 403: {
      // RBAC names the object except on create, where the request URL has no name
      const what = t.name && t.verb !== 'create' ? `${r.plural} "${t.name}"` : r.plural;
      const scope = r.namespaced && t.namespace ? `in the namespace "${t.namespace}"` : 'at the cluster scope';
      return errors.forbidden(`${what} is forbidden: User "system:anonymous" cannot ${t.verb} resource "${r.plural}" in API group "${r.group}" ${scope}`);
    }
    case 409: return errors.conflict(r, t.name ?? '');
    case 422: return errors.invalid(r, t.name ?? '', [{ reason: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: ${JSON.stringify(t.name ?? '')}: ${rule.message ?? 'rejected by an injected fault'}` }]);
    case 500: return errors.internal(rule.message ?? 'injected fault: etcdserver: request timed out');
  }
}
