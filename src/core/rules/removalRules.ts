// Removed and deprecated API versions and in-tree volume plugins, for every kind, judged against the
// profile's kubernetesVersion: at or above the removal version an error (or, for a plugin Kubernetes
// redirects to a CSI driver, a warning naming the driver), below it a warning naming the version.
// The table and its sources: src/core/removals.ts.
import type { Manifest, VolumeSourceRef } from '../manifest';
import { atLeast } from '../profile';
import { apiRemoval, PluginRemoval, pluginRemoval, provisionerRemoval } from '../removals';
import { DocumentRule } from './rule';

export const removedApiVersion: DocumentRule = {
  code: 'removed-api-version', severity: 'error', scope: 'document',
  summary: 'The object uses an API version that the target Kubernetes version no longer serves.',
  check(m, report, profile) {
    const removal = apiRemoval(m.apiVersion, m.kind);
    if (!removal || !atLeast(profile.kubernetesVersion, removal.removedIn)) return;
    const extra = m.kind === 'StatefulSet' || m.kind === 'Deployment' || m.kind === 'DaemonSet' || m.kind === 'ReplicaSet'
      ? ', which also requires spec.selector matching the template labels' : '';
    report(m.apiVersionSpan,
      `${m.kind} ${m.apiVersion} was removed in Kubernetes ${removal.removedIn} (the target is ${profile.kubernetesVersion}): the API server rejects this document `
      + `(no matches for kind "${m.kind}" in version "${m.apiVersion}"). Use ${removal.replacement}${extra}.`,
      [], removal.noReplacement ? undefined : { replacement: removal.replacement });
  },
};

export const deprecatedApiVersion: DocumentRule = {
  code: 'deprecated-api-version', severity: 'warning', scope: 'document',
  summary: 'The object uses an API version that a later Kubernetes version removes.',
  check(m, report, profile) {
    const removal = apiRemoval(m.apiVersion, m.kind);
    const v = profile.kubernetesVersion;
    if (!removal || atLeast(v, removal.removedIn) || !atLeast(v, removal.replacementSince)) return;
    report(m.apiVersionSpan,
      `${m.kind} ${m.apiVersion} is deprecated: Kubernetes ${removal.removedIn} stops serving it and rejects this document there `
      + `(the target is ${v}, which still serves it). Move to ${removal.replacement}, served since ${removal.replacementSince}.`,
      [], removal.noReplacement ? undefined : { replacement: removal.replacement });
  },
};

/** [removal, where it is used] of a manifest: volume sources, and a StorageClass's provisioner. */
function pluginUses(m: Manifest): { removal: PluginRemoval; use: VolumeSourceRef | { provisioner: string; span: VolumeSourceRef['span'] } }[] {
  const out: ReturnType<typeof pluginUses> = [];
  for (const s of m.volumeSources) {
    const removal = pluginRemoval(s.plugin);
    if (removal) out.push({ removal, use: s });
  }
  if (m.provisioner) {
    const removal = provisionerRemoval(m.provisioner.name);
    if (removal) out.push({ removal, use: { provisioner: m.provisioner.name, span: m.provisioner.span } });
  }
  return out;
}

function subject(m: Manifest, use: ReturnType<typeof pluginUses>[number]['use']): string {
  if ('provisioner' in use) return `StorageClass "${m.name}" uses the in-tree provisioner ${use.provisioner}`;
  if (m.kind === 'PersistentVolume') return `PV "${m.name}" uses the in-tree "${use.plugin}" volume plugin`;
  return `Volume "${use.volume}" of ${m.kind} "${m.name}" uses the in-tree "${use.plugin}" volume plugin`;
}

function consequence(m: Manifest, use: ReturnType<typeof pluginUses>[number]['use']): string {
  if ('provisioner' in use) return 'no provisioner serves this class, so its claims stay Pending';
  if (m.kind === 'PersistentVolume') return 'the PV is still accepted, but a pod using it never starts: the kubelet can no longer mount it';
  return `the ${m.kind} is still accepted, but its pods never start: the kubelet can no longer mount this volume`;
}

export const removedVolumePlugin: DocumentRule = {
  code: 'removed-volume-plugin', severity: 'error', scope: 'document',
  summary: 'A PV, an inline pod volume or a StorageClass uses an in-tree volume plugin the target Kubernetes version removed.',
  check(m, report, profile) {
    for (const { removal, use } of pluginUses(m)) {
      if (removal.redirectedTo || !atLeast(profile.kubernetesVersion, removal.removedIn)) continue;
      report(use.span,
        `${subject(m, use)}, removed in Kubernetes ${removal.removedIn} (the target is ${profile.kubernetesVersion}): ${consequence(m, use)}. `
        + `Use ${removal.replacement}.`, [], { plugin: removal.plugin });
    }
  },
};

export const deprecatedVolumePlugin: DocumentRule = {
  code: 'deprecated-volume-plugin', severity: 'warning', scope: 'document',
  summary: 'An in-tree volume plugin that a later Kubernetes version removes, or that works only through its CSI driver.',
  check(m, report, profile) {
    for (const { removal, use } of pluginUses(m)) {
      const removed = atLeast(profile.kubernetesVersion, removal.removedIn);
      if (removed && !removal.redirectedTo) continue; // removed-volume-plugin
      report(use.span, removed
        ? `${subject(m, use)}, removed in Kubernetes ${removal.removedIn}: Kubernetes redirects it to the CSI driver ${removal.redirectedTo}, `
          + `so it works only where that driver is installed (otherwise ${consequence(m, use)}). Use ${removal.replacement}.`
        : `${subject(m, use)}, which Kubernetes ${removal.removedIn} removes (the target is ${profile.kubernetesVersion}, which still has it)`
          + `${removal.redirectedTo ? `; from then on it works only through the CSI driver ${removal.redirectedTo}` : `: from then on ${consequence(m, use)}`}. `
          + `Plan the move to ${removal.replacement}.`,
      [], { plugin: removal.plugin });
    }
  },
};
