// The OpenAPI v3 documents kubectl reads before `apply`: the root (/openapi/v3, one entry per served
// group-version) and, per group-version, the paths with their operations. kubectl checks there that
// PATCH of the kind takes `fieldValidation` (then it leaves validation to the server instead of
// downloading /openapi/v2 schemas), and which patch types it accepts. No schemas are served: kubectl
// then computes strategic merge patches from its built-in types, as it does for any core kind.
import { RESOURCES } from '../../../src/core/simulation';
import type { ResourceType } from '../../../src/core/simulation';

/** "api/v1", "apis/apps/v1": the keys of the root document, as a real server names them */
const gvPath = (r: ResourceType) => (r.group ? `apis/${r.group}/${r.version}` : `api/${r.version}`);

/** A stable "hash" per document, as real servers add to serverRelativeURL (clients cache by it). */
const HASH = '0000000000000000000000000000000000000000000000000000000000000000';

export function openapiV3Root(): object {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const r of RESOURCES) paths[gvPath(r)] = { serverRelativeURL: `/openapi/v3/${gvPath(r)}?hash=${HASH}` };
  return { paths };
}

const query = (name: string) => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } });
const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'];

function operations(r: ResourceType): Record<string, object> {
  const gvk = { group: r.group, version: r.version, kind: r.kind };
  const base = `/${gvPath(r)}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.plural}`;
  const common = [query('dryRun'), query('fieldManager'), query('fieldValidation')];
  const body = (types: string[]) => ({ content: Object.fromEntries(types.map((t) => [t, { schema: { type: 'object' } }])), required: true });
  const responses = { 200: { description: 'OK' }, 401: { description: 'Unauthorized' } };
  return {
    [base]: {
      get: { operationId: `list${r.kind}`, 'x-kubernetes-action': 'list', 'x-kubernetes-group-version-kind': gvk, responses },
      post: { operationId: `create${r.kind}`, 'x-kubernetes-action': 'post', 'x-kubernetes-group-version-kind': gvk, parameters: common, requestBody: body(['*/*']), responses },
    },
    [`${base}/{name}`]: {
      get: { operationId: `read${r.kind}`, 'x-kubernetes-action': 'get', 'x-kubernetes-group-version-kind': gvk, responses },
      put: { operationId: `replace${r.kind}`, 'x-kubernetes-action': 'put', 'x-kubernetes-group-version-kind': gvk, parameters: common, requestBody: body(['*/*']), responses },
      patch: { operationId: `patch${r.kind}`, 'x-kubernetes-action': 'patch', 'x-kubernetes-group-version-kind': gvk, parameters: [...common, query('force')], requestBody: body(PATCH_TYPES), responses },
      delete: { operationId: `delete${r.kind}`, 'x-kubernetes-action': 'delete', 'x-kubernetes-group-version-kind': gvk, parameters: [query('dryRun')], responses },
    },
  };
}

/** The document of one group-version ("api/v1", "apis/apps/v1"), or undefined when it is not served. */
export function openapiV3GroupVersion(path: string): object | undefined {
  const served = RESOURCES.filter((r) => gvPath(r) === path);
  if (served.length === 0) return undefined;
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0+statefulset-storage-test' },
    paths: Object.assign({}, ...served.map(operations)),
    components: { schemas: {} },
  };
}
