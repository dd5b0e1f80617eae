// Discovery documents (/version, /api, /apis, /api/v1, /apis/<group>/<version>) built from the resource
// table, enough for kubectl's REST mapper and client-node's KubernetesObjectApi.resource().
import { RESOURCES } from '../../../src/core/simulation';

export const SERVER_VERSION = {
  major: '1', minor: '32', gitVersion: 'v1.32.0+statefulset-storage-test', gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean', buildDate: '2025-01-01T00:00:00Z', goVersion: 'go1.23.4', compiler: 'gc', platform: 'linux/amd64',
};

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export function apiVersions(serverAddress: string): object {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function groups(): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const r of RESOURCES) {
    if (!r.group) continue;
    if (!out.has(r.group)) out.set(r.group, new Set());
    out.get(r.group)!.add(r.version);
  }
  return out;
}

export function apiGroupList(): object {
  return {
    kind: 'APIGroupList', apiVersion: 'v1',
    groups: [...groups()].map(([name, versions]) => {
      const list = [...versions].map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
      return { name, versions: list, preferredVersion: list[0] };
    }),
  };
}

export function apiGroup(group: string): object | undefined {
  const versions = groups().get(group);
  if (!versions) return undefined;
  const list = [...versions].map((v) => ({ groupVersion: `${group}/${v}`, version: v }));
  return { kind: 'APIGroup', apiVersion: 'v1', name: group, versions: list, preferredVersion: list[0] };
}

/** APIResourceList of a group version, or undefined when it is not served (→ 404, as for apps/v1beta1). */
export function apiResourceList(group: string, version: string): object | undefined {
  const served = RESOURCES.filter((r) => r.group === group && r.version === version);
  if (served.length === 0) return undefined;
  const resources: object[] = [];
  for (const r of served) {
    resources.push({ name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: VERBS, shortNames: r.shortNames, storageVersionHash: '' });
    if (r.hasStatus) resources.push({ name: `${r.plural}/status`, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: ['get', 'patch', 'update'] });
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
}
