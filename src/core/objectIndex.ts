// The cross-document view: every object of the analysed files, by kind and by name.
// Built from per-document objects that are cached with their parsed chunk, so rebuilding it after
// an edit costs a pass over references, not a re-read of any document.
import type { LiveState } from './liveState';
import { K8sObject, PersistentVolume, PersistentVolumeClaim, Service, StatefulSet, StorageClass } from './model';

/**
 * What an index over part of the workspace (one component, see components.ts) needs to know of the rest:
 * StorageClasses apply to every claim, and whether the workspace has PVs at all changes what a finding says.
 */
export interface IndexContext {
  readonly storageClasses: readonly StorageClass[];
  readonly hasVolumes: boolean;
}

export class ObjectIndex {
  private readonly sets: StatefulSet[] = [];
  private readonly pvs: PersistentVolume[] = [];
  private readonly pvcs: PersistentVolumeClaim[] = [];
  private readonly svcs: Service[] = [];
  private readonly classes: StorageClass[] = [];
  private readonly serviceByName = new Map<string, Service>();
  private readonly classByName = new Map<string, StorageClass>();
  private readonly claimNamesByNs = new Map<string, string[]>();

  /** PVs exist in the analysed files (in this index, or elsewhere when it covers a component) */
  readonly hasVolumes: boolean;

  /**
   * `objects` in document order; `context` when they are one component of a larger workspace; `live` what
   * the target cluster holds (the last snapshot read from it), when the live mode is on.
   */
  constructor(readonly objects: readonly K8sObject[], readonly defaultNamespace: string, context?: IndexContext, readonly live?: LiveState) {
    for (const o of objects) {
      switch (o.kind) {
        case 'StatefulSet': this.sets.push(o); break;
        case 'PersistentVolume': this.pvs.push(o); break;
        case 'PersistentVolumeClaim': {
          this.pvcs.push(o);
          const names = this.claimNamesByNs.get(o.namespace);
          if (names) names.push(o.name); else this.claimNamesByNs.set(o.namespace, [o.name]);
          break;
        }
        case 'Service': this.svcs.push(o); if (!this.serviceByName.has(o.nsName)) this.serviceByName.set(o.nsName, o); break;
        case 'StorageClass': if (!context) this.classes.push(o); break;
      }
    }
    if (context) this.classes.push(...context.storageClasses);
    for (const c of this.classes) if (!this.classByName.has(c.name)) this.classByName.set(c.name, c);
    this.hasVolumes = context?.hasVolumes ?? this.pvs.length > 0;
    // PV claimRefs name claims too (pinned ordinals beyond the listed range)
    for (const pv of this.pvs) {
      if (!pv.claimRef?.name) continue;
      const ns = pv.claimRef.namespace ?? '';
      const names = this.claimNamesByNs.get(ns);
      if (names) names.push(pv.claimRef.name); else this.claimNamesByNs.set(ns, [pv.claimRef.name]);
    }
  }

  statefulSets(): readonly StatefulSet[] { return this.sets; }
  volumes(): readonly PersistentVolume[] { return this.pvs; }
  claims(): readonly PersistentVolumeClaim[] { return this.pvcs; }
  services(): readonly Service[] { return this.svcs; }
  /** every StorageClass of the analysed files (also those outside a component) */
  storageClasses(): readonly StorageClass[] { return this.classes; }
  service(namespace: string, name: string): Service | undefined { return this.serviceByName.get(`${namespace}/${name}`); }
  storageClass(name: string): StorageClass | undefined { return this.classByName.get(name); }
  /** names of pre-created claims and of claims PVs are reserved for, in a namespace */
  claimNamesInNamespace(namespace: string): readonly string[] { return this.claimNamesByNs.get(namespace) ?? []; }
}
