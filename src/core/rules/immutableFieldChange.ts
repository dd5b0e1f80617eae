// immutable-field-change (live mode): applying a StatefulSet of the files would change a field of the one
// on the cluster that the API server refuses to update. Needs a snapshot of the unit's cluster: without
// one it never fires. The comparison is statefulSetUpdate.ts; this file words the finding.
import type { LiveState } from '../liveState';
import { ordinalOfClaim } from '../names';
import { atLeast } from '../profile';
import type { StatefulSet } from '../model';
import { ImmutableChange, immutableChanges } from '../statefulSetUpdate';
import { WorkspaceRule } from './rule';

/** The Forbidden cause ValidateStatefulSetUpdate gives, as worded by the server's version. */
export function forbiddenMessage(version: string): string {
  const fields = atLeast(version, '1.33')
    ? "'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds'"
    : atLeast(version, '1.26')
      ? "'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds'"
      : "'replicas', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds'";
  return `spec: Forbidden: updates to statefulset spec for fields other than ${fields} are forbidden`;
}

const MAX_NAMED = 5;

/** What to do instead: for a larger claim, expand each claim (where its class allows it), then re-create the set without its pods. */
function advice(set: StatefulSet, change: ImmutableChange, live: LiveState): string {
  const ns = set.namespace === 'default' ? '' : ` -n ${set.namespace}`;
  const recreate = `kubectl delete statefulset ${set.name}${ns} --cascade=orphan (its pods and claims stay), then apply again: the new set adopts the running pods`;
  const storage = change.storage;
  if (!storage) return `Instead: ${recreate}; claims that exist keep what they were created with, only claims created later follow the new template.`;
  if (!storage.grows) return `A claim cannot shrink. To use the smaller size for claims created from now on: ${recreate}; the existing claims keep their size.`;
  const claims = live.claimsIn(set.namespace).filter((c) => ordinalOfClaim(c.name, storage.template, set.name) !== undefined);
  const named = claims.slice(0, MAX_NAMED).map((c) => c.name).join(', ') + (claims.length > MAX_NAMED ? ` and ${claims.length - MAX_NAMED} more` : '');
  const classes = [...new Set(claims.map((c) => c.storageClassName))];
  const expandable = classes.length > 0 && classes.every((c) => c !== '' && live.storageClass(c)?.allowVolumeExpansion === true);
  const patch = `kubectl patch pvc NAME${ns} -p '{"spec":{"resources":{"requests":{"storage":"${storage.to}"}}}}'`;
  const grow = claims.length === 0 ? 'No claim of this template exists yet, so none needs expanding'
    : expandable ? `First expand each existing claim (${named}): ${patch}`
      : `The existing claims (${named}) can be expanded only where their StorageClass allows it (allowVolumeExpansion: true; ${classes.map((c) => (c === '' ? 'no class: a pre-provisioned PV is grown by hand' : `"${c}" ${live.storageClass(c)?.allowVolumeExpansion === true ? 'does' : 'does not'}`)).join(', ')}): ${patch}`;
  return `${grow}. Then ${recreate}, and claims created later get ${storage.to}.`;
}

export const immutableFieldChange: WorkspaceRule = {
  code: 'immutable-field-change', severity: 'error', scope: 'workspace',
  summary: 'A StatefulSet differs from the one on the cluster in a field the API server refuses to update (live mode).',
  check({ index, unrendered }, report) {
    const live = index.live;
    if (!live) return;
    for (const set of index.statefulSets()) {
      // read through an unrendered kustomization: its patches are not applied here, the cluster's object has them
      if (unrendered?.(set)) continue;
      const current = live.statefulSet(set.namespace, set.name);
      if (!current) continue;
      for (const change of immutableChanges(set, current)) {
        report(change.at,
          `${change.field} of StatefulSet "${set.name}" is ${change.live} on the cluster (context "${live.context}", read ${live.takenAt}) and ${change.file} here: `
          + `applying it fails: the API server answers 422 Invalid: StatefulSet.apps "${set.name}" is invalid: ${forbiddenMessage(live.kubernetesVersion)}. ${advice(set, change, live)}`,
          [], { set: set.name, namespace: set.namespace });
      }
    }
  },
};
