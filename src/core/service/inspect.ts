// Plain views of the analysed objects: what tests look at (kinds, names, the text each was read
// from) and what a simulation starts from.
import type { Analysis } from '../analysis';
import { toManifestJson } from '../manifestJson';
import { simulate, type KObject } from '../simulation';
import type { ObjectInfo, SimulateData } from './protocol';

export function objectsOf(analysis: Analysis): ObjectInfo[] {
  return analysis.index.objects.map((o) => ({
    kind: o.kind, apiVersion: o.apiVersion, name: o.name, namespace: o.namespace, file: o.src.file,
    chunkStart: o.src.chunk.start, chunkText: o.src.chunk.text,
    labels: { ...o.labels },
    ...(o.kind === 'PersistentVolume' && o.reclaimPolicy !== undefined ? { reclaimPolicy: o.reclaimPolicy } : {}),
  }));
}

/** The workspace's objects (and the cluster's PVs and PVCs, when given) in the simulated cluster. */
export function simulateWorkspace(analysis: Analysis, existing: readonly KObject[]): SimulateData {
  const result = simulate(analysis.index.objects.map(toManifestJson), { existing: [...existing], defaultNamespace: analysis.index.defaultNamespace });
  return { result, objects: analysis.index.objects.map((o) => ({ kind: o.kind, namespace: o.namespace, name: o.name })) };
}
