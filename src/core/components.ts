// Which objects can change each other's workspace findings. Objects that share a link key are analysed
// together, as one component; the workspace rules and the binding prediction of a component read only
// its objects (plus the StorageClasses, see IndexContext). So after an edit only the components of the
// edited objects are analysed again: on 5,000 documents that is a handful of objects, not all of them.
//
// The keys follow what the rules and the prediction read:
//   duplicate-object          same kind/namespace/name
//   service rules             a set's serviceName ↔ Services of that name (in any namespace, for the hint)
//   binding prediction        a claim ↔ PVs reserved for it (claimRef) or named by it (volumeName);
//                             a PV reserved for no claim can bind any claim: then the prediction (and
//                             the rules marked poolWide) run over the whole unit, see analysis.ts
//   pv-shared-disk            PVs naming the same backing disk
//   claims of a set           a set ↔ the claims of its listed ordinals, and ↔ any claim name that parses as
//                             one of its claims (pvc-out-of-range; pinned ordinals of very large sets)
import { K8sObject } from './model';
import { claimName, ordinalRange, ordinals } from './names';
import { MAX_LISTED_ORDINALS } from './prediction';

/** The key of an object that may affect every claim (a PV reserved for none): no isolation is possible. */
export const EVERYTHING = '*';

const keyCache = new WeakMap<K8sObject, readonly string[]>();

export function linkKeys(o: K8sObject): readonly string[] {
  let keys = keyCache.get(o);
  if (!keys) keyCache.set(o, (keys = computeLinkKeys(o)));
  return keys;
}

function computeLinkKeys(o: K8sObject): string[] {
  const keys: string[] = [];
  if (o.name) keys.push(`object:${o.key}`);
  switch (o.kind) {
    case 'StatefulSet':
      keys.push(`set:${o.nsName}`);
      if (o.serviceName) keys.push(`service:${o.namespace}/${o.serviceName}`, `serviceName:${o.serviceName}`);
      for (const t of o.claimTemplates) {
        if (t.spec.volumeName) keys.push(`volume:${t.spec.volumeName}`);
        if (!t.name) continue;
        for (const ordinal of ordinals(ordinalRange(o), MAX_LISTED_ORDINALS)) keys.push(`claim:${o.namespace}/${claimName(t.name, o.name, ordinal)}`);
      }
      break;
    case 'Service':
      keys.push(`service:${o.nsName}`, `serviceName:${o.name}`);
      break;
    case 'PersistentVolumeClaim':
      keys.push(`claim:${o.nsName}`);
      if (o.spec.volumeName) keys.push(`volume:${o.spec.volumeName}`);
      pushSetsNamedIn(o.namespace, o.name, keys);
      break;
    case 'PersistentVolume':
      keys.push(`volume:${o.name}`);
      if (o.disk) keys.push(`disk:${o.disk.key}`); // pv-shared-disk compares PVs naming one disk
      if (!o.claimRef) { keys.push(EVERYTHING); break; }
      keys.push(`claim:${o.claimRef.key}`);
      if (o.claimRef.name) pushSetsNamedIn(o.claimRef.namespace ?? '', o.claimRef.name, keys);
      break;
    case 'StorageClass':
      break; // read by every component through IndexContext
  }
  return keys;
}

/** `<template>-<set>-<ordinal>`: every set name the claim name could be for. */
function pushSetsNamedIn(namespace: string, claim: string, keys: string[]): void {
  const m = /^(.+)-\d+$/.exec(claim);
  if (!m) return;
  const stem = m[1];
  for (let i = stem.indexOf('-'); i !== -1; i = stem.indexOf('-', i + 1)) keys.push(`set:${namespace}/${stem.slice(i + 1)}`);
}

/** The link keys of the live objects, updated as objects come and go. */
export class LinkGraph {
  /** most keys have one owner: it is stored as is, a Set only from the second (a Set per key was most of the graph's memory) */
  private readonly owners = new Map<string, K8sObject | Set<K8sObject>>();
  private unisolated = 0;

  /** some object can affect every claim: the workspace is one component */
  get isolated(): boolean { return this.unisolated === 0; }

  add(o: K8sObject): void {
    for (const k of linkKeys(o)) {
      if (k === EVERYTHING) { this.unisolated++; continue; }
      const owner = this.owners.get(k);
      if (owner === undefined) this.owners.set(k, o);
      else if (owner instanceof Set) owner.add(o);
      else if (owner !== o) this.owners.set(k, new Set([owner, o]));
    }
  }

  remove(o: K8sObject): void {
    for (const k of linkKeys(o)) {
      if (k === EVERYTHING) { this.unisolated--; continue; }
      const owner = this.owners.get(k);
      if (owner === o) { this.owners.delete(k); continue; }
      if (!(owner instanceof Set)) continue;
      owner.delete(o);
      if (owner.size === 1) this.owners.set(k, owner.values().next().value!);
    }
  }

  /** The components (connected objects) that contain `seeds`, each once. */
  componentsOf(seeds: Iterable<K8sObject>): K8sObject[][] {
    const seen = new Set<K8sObject>();
    const seenKeys = new Set<string>();
    const out: K8sObject[][] = [];
    for (const seed of seeds) {
      if (seen.has(seed)) continue;
      seen.add(seed);
      const members = [seed];
      for (let i = 0; i < members.length; i++) {
        for (const k of linkKeys(members[i])) {
          if (k === EVERYTHING || seenKeys.has(k)) continue;
          seenKeys.add(k);
          // most keys have one owner (see `owners`): no iterator for them
          const owner = this.owners.get(k);
          if (owner instanceof Set) {
            for (const other of owner) if (!seen.has(other)) { seen.add(other); members.push(other); }
          } else if (owner && !seen.has(owner)) {
            seen.add(owner);
            members.push(owner);
          }
        }
      }
      out.push(members);
    }
    return out;
  }
}
