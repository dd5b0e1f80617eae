// The cross-document view: every object of the analysed files, by kind and by name.
// Built from per-document objects that are cached with their parsed chunk, so rebuilding it after
// an edit costs a pass over references, not a re-read of any document.
import { K8sObject, PersistentVolume, PersistentVolumeClaim, Service, StatefulSet, StorageClass } from './model';
import { SourceDoc } from './source';

export class ObjectIndex {
  private readonly sets: StatefulSet[] = [];
  private readonly pvs: PersistentVolume[] = [];
  private readonly pvcs: PersistentVolumeClaim[] = [];
  private readonly svcs: Service[] = [];
  private readonly classes: StorageClass[] = [];
  private readonly serviceByName = new Map<string, Service>();
  private readonly classByName = new Map<string, StorageClass>();
  private readonly claimNamesByNs = new Map<string, string[]>();

  constructor(readonly objects: readonly K8sObject[], readonly docs: readonly SourceDoc[], readonly defaultNamespace: string) {
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
        case 'StorageClass': this.classes.push(o); if (!this.classByName.has(o.name)) this.classByName.set(o.name, o); break;
      }
    }
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
  storageClasses(): readonly StorageClass[] { return this.classes; }
  service(namespace: string, name: string): Service | undefined { return this.serviceByName.get(`${namespace}/${name}`); }
  storageClass(name: string): StorageClass | undefined { return this.classByName.get(name); }
  /** names of pre-created claims and of claims PVs are reserved for, in a namespace */
  claimNamesInNamespace(namespace: string): readonly string[] { return this.claimNamesByNs.get(namespace) ?? []; }
}
