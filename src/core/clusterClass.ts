// The cluster's default StorageClass as a model object, so that admission and the binder's prediction
// treat it exactly like a StorageClass in the files (which is what it is on the cluster). Built by
// parsing a tiny manifest with the engine's own reader: no hand-made object can drift from the model.
import type { DefaultStorageClass } from './profile';
import type { StorageClass } from './model';
import { readObject } from './model';
import { parseFile } from './source';

/** the file name findings and plans show for objects that live on the cluster, not in a file */
export const CLUSTER_FILE = '<cluster>';
/** name of the default class when the profile says one may exist but not which */
export const HYPOTHETICAL_DEFAULT_CLASS = 'cluster-default';

const cache = new Map<string, StorageClass>();

/** The profile's named default class, or (for `unknown`) a stand-in for "whatever the default is". */
export function clusterDefaultClass(def: DefaultStorageClass): StorageClass | undefined {
  if (def.kind === 'none') return undefined;
  const named = def.kind === 'named' ? def : { name: HYPOTHETICAL_DEFAULT_CLASS, provisioner: undefined, volumeBindingMode: undefined };
  const text = [
    'apiVersion: storage.k8s.io/v1',
    'kind: StorageClass',
    'metadata:',
    `  name: ${JSON.stringify(named.name)}`,
    '  annotations:',
    '    storageclass.kubernetes.io/is-default-class: "true"',
    `provisioner: ${JSON.stringify(named.provisioner ?? 'unknown.provisioner')}`,
    `volumeBindingMode: ${named.volumeBindingMode ?? 'Immediate'}`,
    '',
  ].join('\n');
  let cls = cache.get(text);
  if (!cls) {
    const doc = parseFile(CLUSTER_FILE, text).chunks[0].docs[0];
    cls = readObject(doc, '') as StorageClass;
    cache.set(text, cls);
  }
  return cls;
}

export function isHypotheticalDefault(cls: StorageClass | undefined): boolean {
  return cls?.src.file === CLUSTER_FILE && cls.name === HYPOTHETICAL_DEFAULT_CLASS;
}
