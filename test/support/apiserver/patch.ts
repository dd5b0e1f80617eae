// The patch types a client can send: JSON merge patch (RFC 7386), JSON patch (RFC 6902), and strategic
// merge patch for the lists that matter here (k8s.io/apimachinery/pkg/util/strategicpatch with the
// patchMergeKey of each list: volumeMounts by mountPath, container ports by containerPort, Service ports
// by port; containers, volumes, env by name). Server-side apply is not supported (415).
import { errors, Json } from '../../../src/core/simulation';

const isObj = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function mergePatch(target: Json, patch: Json): Json {
  if (!isObj(patch)) return patch;
  const out: Record<string, Json> = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

const MERGE_KEYS: Record<string, string> = {
  containers: 'name', initContainers: 'name', volumes: 'name', env: 'name', volumeMounts: 'mountPath', volumeDevices: 'devicePath',
  imagePullSecrets: 'name', volumeClaimTemplates: '', conditions: 'type', ownerReferences: 'uid',
};

/** the merge key of a list at `path` (a list of keys), or undefined when the list is replaced atomically */
function mergeKeyFor(path: readonly string[]): string | undefined {
  const last = path[path.length - 1];
  if (last === 'ports') return path.includes('containers') || path.includes('initContainers') ? 'containerPort' : 'port';
  const key = MERGE_KEYS[last];
  return key ? key : undefined;
}

export function strategicMergePatch(target: Json, patch: Json, path: string[] = []): Json {
  if (!isObj(patch)) return patch;
  if (patch.$patch === 'replace') { const { $patch: _, ...rest } = patch; return rest; }
  if (patch.$patch === 'delete') return undefined;
  const out: Record<string, Json> = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$setElementOrder/') || k === '$retainKeys') continue; // ordering hints: order is kept as patched
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const list = k.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(out[list]) && Array.isArray(v)) out[list] = out[list].filter((x: Json) => !v.includes(x));
      continue;
    }
    if (v === null) { delete out[k]; continue; }
    const key = mergeKeyFor([...path, k]);
    if (Array.isArray(v) && key && Array.isArray(out[k])) {
      const merged: Json[] = [...out[k]];
      for (const item of v) {
        const idx = isObj(item) ? merged.findIndex((m) => isObj(m) && m[key] === item[key]) : -1;
        if (isObj(item) && item.$patch === 'delete') { if (idx !== -1) merged.splice(idx, 1); continue; }
        if (idx === -1) merged.push(strategicMergePatch(undefined, item, [...path, k]));
        else merged[idx] = strategicMergePatch(merged[idx], item, [...path, k]);
      }
      out[k] = merged;
    } else {
      const next = strategicMergePatch(out[k], v, [...path, k]);
      if (next === undefined) delete out[k]; else out[k] = next;
    }
  }
  return out;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw errors.badRequest(`invalid JSON pointer "${path}"`);
  return path.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: Json, parts: string[], op: string): { parent: Json; key: string } {
  let parent = doc;
  for (const p of parts.slice(0, -1)) {
    parent = Array.isArray(parent) ? parent[Number(p)] : parent?.[p];
    if (parent === undefined || parent === null) throw errors.unprocessable(`the server rejected our request due to an error in our request: ${op}: missing path /${parts.join('/')}`);
  }
  return { parent, key: parts[parts.length - 1] };
}

export function jsonPatch(target: Json, ops: Json): Json {
  if (!Array.isArray(ops)) throw errors.badRequest('json patch must be an array of operations');
  let doc = structuredClone(target);
  for (const op of ops) {
    const parts = pointer(String(op?.path ?? ''));
    const get = (ps: string[]) => ps.reduce((v: Json, p) => (Array.isArray(v) ? v[Number(p)] : v?.[p]), doc);
    const put = (ps: string[], value: Json, insert: boolean) => {
      if (ps.length === 0) { doc = value; return; }
      const { parent, key } = parentOf(doc, ps, op.op);
      if (Array.isArray(parent)) {
        const i = key === '-' ? parent.length : Number(key);
        if (insert) parent.splice(i, 0, value); else parent[i] = value;
      } else parent[key] = value;
    };
    const remove = (ps: string[]) => {
      const { parent, key } = parentOf(doc, ps, op.op);
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else if (parent && key in parent) delete parent[key];
      else throw errors.unprocessable(`the server rejected our request due to an error in our request: remove: missing path ${op.path}`);
    };
    switch (op?.op) {
      case 'add': put(parts, structuredClone(op.value), true); break;
      case 'replace': if (get(parts) === undefined) throw errors.unprocessable(`the server rejected our request due to an error in our request: replace operation does not apply: doc is missing key: ${op.path}`); put(parts, structuredClone(op.value), false); break;
      case 'remove': remove(parts); break;
      case 'test': if (JSON.stringify(get(parts)) !== JSON.stringify(op.value)) throw errors.unprocessable(`the server rejected our request due to an error in our request: testing value ${op.path} failed`); break;
      case 'move': { const v = get(pointer(op.from)); remove(pointer(op.from)); put(parts, v, true); break; }
      case 'copy': put(parts, structuredClone(get(pointer(op.from))), true); break;
      default: throw errors.badRequest(`unexpected json patch operation "${op?.op}"`);
    }
  }
  return doc;
}

export const PATCH_TYPES = ['application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/json-patch+json'] as const;

export function applyPatch(contentType: string, target: Json, patch: Json): Json {
  switch (contentType) {
    case 'application/merge-patch+json': return mergePatch(target, patch);
    case 'application/strategic-merge-patch+json': return strategicMergePatch(target, patch);
    case 'application/json-patch+json': return jsonPatch(target, patch);
    case 'application/apply-patch+yaml':
      throw errors.unsupportedMediaType('server-side apply is not supported by this test API server; use a merge, strategic-merge or json patch');
    default:
      throw errors.unsupportedMediaType(`the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES.join(', ')}`);
  }
}
