// Rules that need nothing but the object itself.
import { isEmptySelector, selectorMatches, formatSelector } from '../labels';
import { StatefulSet } from '../model';
import { dns1035LabelProblem, dns1123SubdomainProblem, ordinalRange, podName } from '../names';
import { backingVolumeOf } from '../backingVolumes';
import { ObjectRule } from './rule';
import { closestName } from './closestName';
import { invalidValue } from './valueRules';

export const selectorMissing: ObjectRule = {
  code: 'selector-missing', severity: 'error', scope: 'object',
  summary: 'An apps/v1 StatefulSet has no spec.selector.',
  check(o, report) {
    if (o.kind !== 'StatefulSet' || o.apiVersion !== 'apps/v1') return;
    if (o.selector && !isEmptySelector(o.selector)) return;
    const labels = Object.entries(o.templateLabels).map(([k, v]) => `${k}: ${v}`).join(', ');
    report(o.selectorSpan ?? o.specSpan,
      `apps/v1 requires a non-empty spec.selector: the API server rejects this StatefulSet ("spec.selector: Required value"). `
      + (labels ? `Add selector.matchLabels {${labels}} from the pod template.` : 'Add selector.matchLabels and the same labels on the pod template.'));
  },
};

export const selectorMismatch: ObjectRule = {
  code: 'selector-mismatch', severity: 'error', scope: 'object',
  summary: 'spec.selector does not select the pod template\'s labels.',
  check(o, report) {
    if (o.kind !== 'StatefulSet' || !o.selector || isEmptySelector(o.selector)) return;
    if (selectorMatches(o.selector, o.templateLabels)) return;
    report(o.selectorSpan ?? o.specSpan,
      `spec.selector (${formatSelector(o.selector)}) does not select the template labels `
      + `(${Object.entries(o.templateLabels).map(([k, v]) => `${k}=${v}`).join(',') || 'none'}): the API server rejects the StatefulSet `
      + '("`selector` does not match template `labels`").');
  },
};

export const mountUnknownVolume: ObjectRule = {
  code: 'mount-unknown-volume', severity: 'error', scope: 'object',
  summary: 'A volumeMount or volumeDevice names neither a pod volume nor a claim template.',
  check(o, report) {
    if (o.kind !== 'StatefulSet') return;
    const known = [...o.podVolumes.map((v) => v.name), ...o.claimTemplates.map((t) => t.name)];
    for (const m of o.mounts) {
      if (known.includes(m.name)) continue;
      const suggestion = closestName(m.name, known);
      report(m.span,
        `${m.field === 'volumeMounts' ? 'volumeMount' : 'volumeDevice'} "${m.name}" of container "${m.container}" names neither a pod volume nor a `
        + `volumeClaimTemplate: every pod creation fails ("${m.field}[].name: Not found: \\"${m.name}\\"") and the set has no pods.`
        + (suggestion ? ` Did you mean "${suggestion}"?` : ''),
        [], suggestion ? { suggestion } : undefined);
    }
  },
};

export const claimTemplateUnused: ObjectRule = {
  code: 'claim-template-unused', severity: 'warning', scope: 'object',
  summary: 'No container mounts a claim template.',
  check(o, report) {
    if (o.kind !== 'StatefulSet') return;
    for (const t of o.claimTemplates) {
      if (!t.name || o.mounts.some((m) => m.name === t.name)) continue;
      const range = ordinalRange(o);
      report(t.nameSpan,
        `No container mounts claim template "${t.name}": every pod still gets a claim (${t.name}-${podName(o.name, range.start)}, …) `
        + 'and its volume, but nothing writes to it. Add a volumeMount with this name, or remove the template.');
    }
  },
};

export const claimTemplateShadowsVolume: ObjectRule = {
  code: 'claim-template-shadows-volume', severity: 'warning', scope: 'object',
  summary: 'A claim template has the same name as a pod volume that is not a claim, and silently replaces it.',
  check(o, report) {
    if (o.kind !== 'StatefulSet') return;
    for (const t of o.claimTemplates) {
      // A persistentVolumeClaim volume of the template's name is an idiom (CockroachDB, RabbitMQ examples): the
      // controller replaces it with the ordinal's claim (updateStorage), which is what its author means.
      const vol = o.podVolumes.find((v) => v.name === t.name && !v.claim);
      if (!vol) continue;
      report(t.nameSpan,
        `Claim template "${t.name}" has the name of a pod volume that is not a claim: the controller replaces that volume with the `
        + `template's claim, so the pod never gets the volume declared in the template. Rename one of them, and the matching volumeMounts.`,
        [{ at: vol.span, message: `pod volume "${vol.name}"` }]);
    }
  },
};

export const claimTemplateIncomplete: ObjectRule = {
  code: 'claim-template-incomplete', severity: 'error', scope: 'object',
  summary: 'A claim template lacks accessModes or resources.requests.storage.',
  check(o, report) {
    if (o.kind !== 'StatefulSet') return;
    for (const t of o.claimTemplates) {
      const missing: string[] = [];
      if (!t.spec.accessModes || t.spec.accessModes.length === 0) missing.push('spec.accessModes');
      if (t.spec.storageText === undefined) missing.push('spec.resources.requests.storage');
      if (missing.length) {
        report(t.nameSpan,
          `Claim template "${t.name}" has no ${missing.join(' and no ')}: the controller cannot create its claims `
          + `("${missing[0]}: Required value") and every pod stays Pending. Older API servers accept the StatefulSet anyway.`);
      } else if (!t.spec.storage) {
        report(t.spec.storageSpan ?? t.nameSpan, `"${t.spec.storageText}" is not a valid quantity: the claims of template "${t.name}" are rejected and the pods stay Pending.`);
      }
    }
  },
};

/** The controller-revision-hash label is `<set>-<hash>`; a label value holds 63 characters. */
const MAX_SET_NAME_FOR_REVISION_LABEL = 52;

export const invalidName: ObjectRule = {
  code: 'invalid-name', severity: 'error', scope: 'object',
  summary: 'A name breaks DNS naming rules, or a computed pod or claim name is too long.',
  check(o, report) {
    if (!o.name) return;
    const problem = o.kind === 'Service' ? dns1035LabelProblem(o.name) : dns1123SubdomainProblem(o.name);
    if (problem) {
      report(o.nameSpan, `${o.kind} name "${o.name}" is invalid: ${problem}. The API server rejects it.`);
      return;
    }
    if (o.kind !== 'StatefulSet') return;
    checkSetNames(o, report);
  },
};

function checkSetNames(o: StatefulSet, report: Parameters<ObjectRule['check']>[1]): void {
  const range = ordinalRange(o);
  const longestPod = podName(o.name, Math.max(range.end, range.start));
  if (longestPod.length > 63) {
    report(o.nameSpan, `Pod name "${longestPod}" is ${longestPod.length} characters: pods get the label statefulset.kubernetes.io/pod-name, whose value may hold 63, so pod creation fails. Shorten the StatefulSet name.`);
  } else if (o.name.length > MAX_SET_NAME_FOR_REVISION_LABEL) {
    report(o.nameSpan, `StatefulSet name is ${o.name.length} characters: the controller-revision-hash label ("${o.name}-<hash>") exceeds 63 characters and pods cannot be created. Keep it to ${MAX_SET_NAME_FOR_REVISION_LABEL}.`);
  }
  for (const t of o.claimTemplates) {
    if (!t.name) continue;
    const problem = dns1123SubdomainProblem(t.name);
    const claim = `${t.name}-${longestPod}`;
    if (problem) report(t.nameSpan, `Claim template name "${t.name}" is invalid: ${problem}. Its claims cannot be created.`);
    else if (claim.length > 253) report(t.nameSpan, `Claim name "${claim.slice(0, 40)}…" is ${claim.length} characters, more than 253: the claims cannot be created.`);
  }
}

export const reclaimPolicyRecycle: ObjectRule = {
  code: 'reclaim-policy-recycle', severity: 'warning', scope: 'object',
  summary: 'A PV uses the deprecated Recycle reclaim policy.',
  check(o, report) {
    if (o.kind !== 'PersistentVolume' || o.reclaimPolicy !== 'Recycle' || !o.reclaimPolicySpan) return;
    report(o.reclaimPolicySpan,
      'persistentVolumeReclaimPolicy Recycle is deprecated and most volume types do not support it: when the claim is deleted, '
      + 'the data is scrubbed (rm -rf) or the PV goes Failed. Use Retain to keep the data of a stateful set.');
  },
};

export const localPvNodeAffinity: ObjectRule = {
  code: 'local-pv-node-affinity', severity: 'error', scope: 'object',
  summary: 'A local PV has no nodeAffinity.',
  check(o, report) {
    if (o.kind !== 'PersistentVolume' || o.source?.plugin !== 'local' || o.hasNodeAffinity) return;
    report(o.source.span, 'A local PV must say which node holds the disk: the API server rejects it ("spec.nodeAffinity: Required value: Local volume requires node affinity"). Add spec.nodeAffinity.required with the node\'s kubernetes.io/hostname.');
  },
};

export const backingVolumeUnsafeValue: ObjectRule = {
  code: 'backing-volume-unsafe-value', severity: 'warning', scope: 'object',
  summary: 'A PV value that goes into a backing-volume command is unsafe in one (shell characters, a newline, a relative path, `..`).',
  check(o, report) {
    if (o.kind !== 'PersistentVolume') return;
    const backing = backingVolumeOf(o);
    for (const u of backing?.unsafe ?? []) {
      report(u.at,
        `${u.field} ${JSON.stringify(u.value)} ${u.problem}: no backing-volume command is offered, run or printed for this PV `
        + `(it would run on ${backing!.where}). If the value is meant, create the volume by hand; otherwise correct it.`);
    }
  },
};

export const OBJECT_RULES: readonly ObjectRule[] = [
  selectorMissing, selectorMismatch, mountUnknownVolume, claimTemplateUnused, claimTemplateShadowsVolume,
  claimTemplateIncomplete, invalidName, reclaimPolicyRecycle, localPvNodeAffinity, invalidValue, backingVolumeUnsafeValue,
];
