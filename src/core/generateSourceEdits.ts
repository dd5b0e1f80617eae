// The edits of existing files that "Generate PV/PVC files" proposes: `storageClassName: ""` on the
// set's claim templates and pre-created claims that leave the class unset. Unset (nil) is not "": the
// DefaultStorageClass admission plugin gives a nil claim the cluster's default class
// (plugin/pkg/admission/storage/storageclass/setdefault/admission.go), and such a claim then binds only
// PVs of that class or is provisioned dynamically — never the class-less PVs generated here.
import { Analysis } from './analysis';
import { insertEntry, TextEdit } from './edits';
import { StatefulSet } from './model';
import { asMap, mapField, seqField } from './yamlRead';

export interface SourceEdit {
  readonly edit: TextEdit;
  readonly target: 'claim template' | 'pre-created claim';
  /** what changes, e.g. `claim template "db" of StatefulSet mysql` */
  readonly what: string;
  /** why, truthfully for the shape at hand: what happens on the cluster without the edit */
  readonly why: string;
}

export function classEdits(analysis: Analysis, set: StatefulSet): SourceEdit[] {
  const out: SourceEdit[] = [];
  const doc = set.src.yaml;
  const templates = seqField(doc, mapField(doc, set.root, 'spec'), 'volumeClaimTemplates');
  set.claimTemplates.forEach((t, i) => {
    if (t.spec.storageClassName !== undefined) return;
    const spec = mapField(doc, asMap(doc, templates?.items[i]), 'spec');
    if (!spec) return;
    out.push({
      edit: insertEntry(set.src, spec, 'storageClassName', ''),
      target: 'claim template',
      what: `claim template "${t.name}" of StatefulSet ${set.name}`,
      why: 'without it, a claim the StatefulSet controller creates from the template (for an ordinal with no pre-created claim, e.g. after scaling up) '
        + 'gets the cluster\'s default StorageClass, if there is one, and a new empty volume instead of a pre-provisioned PV',
    });
  });
  for (const c of analysis.prediction.bySet.get(set) ?? []) {
    if (!c.pvc || c.pvc.spec.storageClassName !== undefined) continue;
    const spec = mapField(c.pvc.src.yaml, c.pvc.root, 'spec');
    if (!spec) continue;
    out.push({
      edit: insertEntry(c.pvc.src, spec, 'storageClassName', ''),
      target: 'pre-created claim',
      what: `claim ${c.pvc.name}`,
      why: 'without it, on a cluster with a default StorageClass, admission gives the claim that class: it then matches only PVs of that class '
        + '(or one reserved for it by claimRef) and is otherwise provisioned dynamically',
    });
  }
  return out;
}
