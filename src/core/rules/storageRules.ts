// Rules over the binding prediction: what each claim of each set will get, and what the author meant.
import { checkVolumeSatisfyClaim, containsAllAccessModes, isVolumeBoundToClaim, volumeModeMismatch, volumeRejection } from '../binding';
import { compareQuantities, Quantity } from '../quantity';
import { PersistentVolume, StatefulSet, StorageClass } from '../model';
import { CLUSTER_FILE } from '../clusterClass';
import { inRange, ordinalOfClaim, ordinalRange } from '../names';
import { ClaimPrediction, MAX_LISTED_ORDINALS, pvFacts } from '../prediction';
import { KeptReport, Report, reportKept, reportMemo, RuleContext, WorkspaceRule } from './rule';

const MAX_NAMED = 5;

function listNames(names: readonly string[]): string {
  return names.length <= MAX_NAMED ? names.join(', ') : `${names.slice(0, MAX_NAMED).join(', ')} and ${names.length - MAX_NAMED} more`;
}

/** Claims of a set that were pre-created or pinned by hand (the author is managing storage statically). */
function handManaged(claims: readonly ClaimPrediction[]): ClaimPrediction[] {
  return claims.filter((c) => c.pvc || c.pinned);
}

function byTemplate(claims: readonly ClaimPrediction[]): Map<string, ClaimPrediction[]> {
  const out = new Map<string, ClaimPrediction[]>();
  for (const c of claims) {
    const k = c.template?.name ?? '';
    const list = out.get(k);
    if (list) list.push(c); else out.set(k, [c]);
  }
  return out;
}

function rejectionText(c: ClaimPrediction, ctx: RuleContext): string {
  if (c.rejected.length === 0) {
    // Not a count: a claim's findings must not depend on PVs that cannot bind it (see components.ts).
    return ctx.index.hasVolumes ? ' No PV in the analysed files is free for it: each is reserved for another claim (claimRef).' : ' There is no PV for it in the analysed files.';
  }
  const shown = c.rejected.slice(0, MAX_NAMED).map((r) => `${r.volume.name}: ${r.reason}`).join('; ');
  return ` Candidates: ${shown}${c.rejected.length > MAX_NAMED ? `; and ${c.rejected.length - MAX_NAMED} more` : ''}.`;
}

const kept = new WeakMap<object, KeptReport>();

export const storageClassUnset: WorkspaceRule = {
  code: 'storage-class-unset', severity: 'warning', scope: 'workspace', poolWide: true,
  summary: 'A claim meant for static binding leaves storageClassName unset, so a default StorageClass would capture it.',
  check(ctx, report) {
    const { prediction } = ctx;
    const reportedTemplates = new Set<object>();
    const takenBy = new Map<object, ClaimPrediction>();
    const ofTemplate = new Map<object, string[]>();
    for (const c of prediction.claims) {
      if (c.volume) takenBy.set(c.volume, c);
      if (!c.template || c.pvc) continue;
      const names = ofTemplate.get(c.template);
      if (names) names.push(c.name); else ofTemplate.set(c.template, [c.name]);
    }
    // The cluster has no default class (and the files add none): class-less claims bind as written.
    if (ctx.profile.defaultStorageClass.kind === 'none' && !prediction.defaultClass) return;
    // without the default class, pre-created claims bind before the set's: their PVs are not the template's
    const precreatedPvs = new Set<PersistentVolume>();
    if (prediction.defaultClass) {
      for (const c of prediction.claims) {
        const pv = c.pvc && c.spec.storageClassName === undefined ? classlessFit(c, ctx, precreatedPvs) : undefined;
        if (pv) precreatedPvs.add(pv);
      }
    }
    for (const c of prediction.claims) {
      if (c.spec.storageClassName !== undefined) continue;
      // on the cluster already (live mode): admission gave it its class when it was created, nothing to capture
      if (c.live) continue;
      // A claim of no set that names no volume and selects none is meant for the default class (issue 11):
      // it says nothing about static binding unless a PV in the files would take it.
      const standaloneDynamic = c.pvc && !c.set && !c.spec.volumeName && !c.spec.selector && !c.pinned;
      // with a default class the claim's candidates are that class's PVs: the class-less PV it was written for is this one
      const classless = prediction.defaultClass ? classlessFit(c, ctx, c.pvc ? new Set() : precreatedPvs) : undefined;
      const fits = Boolean(c.volume) || c.candidates.length > 0 || Boolean(classless);
      const staticIntent = standaloneDynamic ? fits : c.pvc || c.pinned || fits;
      if (!staticIntent) continue;
      const target = c.pvc ?? c.template;
      if (!target || reportedTemplates.has(target)) continue;
      reportedTemplates.add(target);
      // a candidate that another claim takes first is not one this claim would bind
      const pv = classless ?? c.volume ?? c.candidates.find((p) => !takenBy.has(p) || takenBy.get(p) === c);
      const fromTemplate = c.pvc ? [] : ofTemplate.get(c.template!) ?? [];
      // classUnsetFate reads the claim's reason only when there is no PV
      const inputs: unknown[] = [c.spec, c.template, c.name, pv, prediction.defaultClass, pv ? undefined : c.reason, ...fromTemplate];
      reportKept(kept, target, inputs, report, () => {
        const where = c.pvc ? `Claim "${c.name}"` : `Claim template "${c.template!.name}" (claims ${listNames(fromTemplate)})`;
        return [c.spec.classSpan ?? c.spec.specSpan,
          `${where} leaves storageClassName unset: ${classUnsetFate(c, pv, prediction.defaultClass)}. Set storageClassName: "" on the claim `
          + `(and leave it empty on the PV) to bind only pre-created volumes.`,
          pv ? [{ at: pv.nameSpan, message: `PV ${pv.name} (class ${pv.storageClassName === '' ? 'none' : `"${pv.storageClassName}"`})` }] : []];
      });
    }
  },
};

/** A class-less PV the claim would fit if admission left its class empty (the one it was written for). */
function classlessFit(c: ClaimPrediction, ctx: RuleContext, exclude: ReadonlySet<PersistentVolume> = new Set()): PersistentVolume | undefined {
  const facts = {
    name: c.name, namespace: c.namespace, storageClassName: '', accessModes: c.spec.accessModes ?? [], storage: c.spec.storage,
    volumeMode: c.spec.volumeMode, selector: c.spec.selector,
  };
  if (c.spec.volumeName) return ctx.index.volumes().find((pv) => pv.name === c.spec.volumeName && pv.storageClassName === '');
  return ctx.index.volumes().find((pv) => !exclude.has(pv) && pv.storageClassName === '' && volumeRejection(facts, pvFacts(pv)) === undefined);
}

/**
 * What admission's default class does to a class-less claim, in one sentence: with a known default, what
 * happens; with an unknown one, both outcomes. A claim with volumeName or a selector is never provisioned:
 * it stays Pending (the binder then wants the PV's class to equal the default's).
 */
function classUnsetFate(c: ClaimPrediction, pv: PersistentVolume | undefined, defaultClass: StorageClass | undefined): string {
  const neverProvisioned = Boolean(c.spec.volumeName || c.spec.selector);
  const withDefault = neverProvisioned
    ? `stays Pending${pv ? ` instead of binding ${pv.name}` : ''} (${c.spec.volumeName ? 'volumeName' : 'a selector'} never gets a provisioned volume, and the PV's class no longer equals the claim's)`
    : `is provisioned dynamically${pv ? ` instead of binding ${pv.name}` : ''}`;
  if (defaultClass) {
    const which = defaultClass.src.file === CLUSTER_FILE ? `the cluster's default StorageClass "${defaultClass.name}"` : `StorageClass "${defaultClass.name}" is the default here, so the claim`;
    return defaultClass.src.file === CLUSTER_FILE ? `admission gives it ${which}, so the claim ${withDefault}` : `${which} gets it and ${withDefault}`;
  }
  const without = pv ? `binds ${pv.name}` : c.reason.replace(/ \(unless the cluster has a default StorageClass[^)]*\)/, '');
  return `if the cluster has a default StorageClass (most have one), admission sets that class and the claim ${withDefault}; without one it ${without}`;
}

export const pvcMissing: WorkspaceRule = {
  code: 'pvc-missing', severity: 'warning', scope: 'workspace',
  summary: 'Some claims of a set are pre-created or pinned, but an ordinal\'s claim is absent.',
  check(ctx, report) {
    for (const [set, claims] of ctx.prediction.bySet) {
      if (handManaged(claims).length === 0) continue;
      for (const [, list] of byTemplate(claims)) {
        // a claim that exists on the cluster (live mode) is not missing, whatever created it
        const absent = list.filter((c) => !c.pvc && !c.pinned && !c.live);
        if (absent.length === 0) continue;
        const first = absent[0];
        const fates = [...new Set(absent.map((c) => c.reason))];
        const more = set.replicas > MAX_LISTED_ORDINALS ? ` (only the first ${MAX_LISTED_ORDINALS} ordinals were checked)` : '';
        report(first.template!.nameSpan,
          `${listNames(absent.map((c) => c.name))} ${absent.length === 1 ? 'is' : 'are'} neither pre-created nor reserved by a PV, while other claims of `
          + `"${set.name}" are: the controller creates ${absent.length === 1 ? 'it' : 'them'} from this template, and ${absent.length === 1 ? 'it' : 'each'} `
          + `${fates.length === 1 ? fates[0] : fates.join(' / ')}${more}. Generate the missing PV/PVC files.`,
          handManaged(list).slice(0, MAX_NAMED).map((c) => ({ at: (c.pvc ?? c.volume)?.nameSpan ?? c.template!.nameSpan, message: `${c.name}: ${c.reason}` })),
          { set: set.name, namespace: set.namespace, template: first.template!.name, missing: absent.map((c) => String(c.ordinal)).join(',') });
      }
    }
  },
};

/**
 * The claim templates of the sets, by the prefix their claims' names start with (`<template>-<set>-`):
 * a claim's name then finds its set in one look-up, not a scan of every set (thousands of pre-created
 * claims and sets made that quadratic).
 */
function templatesByClaimPrefix(sets: readonly StatefulSet[]): Map<string, { set: StatefulSet; template: string }[]> {
  const out = new Map<string, { set: StatefulSet; template: string }[]>();
  for (const set of sets) {
    for (const t of set.claimTemplates) {
      if (!t.name) continue;
      const prefix = `${t.name}-${set.name}-`;
      const list = out.get(prefix);
      if (list) list.push({ set, template: t.name }); else out.set(prefix, [{ set, template: t.name }]);
    }
  }
  return out;
}

export const pvcOutOfRange: WorkspaceRule = {
  code: 'pvc-out-of-range', severity: 'info', scope: 'workspace',
  summary: 'A PVC is named for a set and template, but its ordinal is outside the set\'s range.',
  check({ index }, report) {
    const byPrefix = templatesByClaimPrefix(index.statefulSets());
    if (byPrefix.size === 0) return;
    for (const pvc of index.claims()) {
      // an ordinal holds no '-': the prefix is the name up to its last '-'
      const candidates = byPrefix.get(pvc.name.slice(0, pvc.name.lastIndexOf('-') + 1));
      for (const { set, template } of candidates ?? []) {
        if (set.namespace !== pvc.namespace) continue;
        const o = ordinalOfClaim(pvc.name, template, set.name);
        const range = ordinalRange(set);
        if (o === undefined || inRange(range, o)) continue;
        report(pvc.nameSpan,
          `Claim "${pvc.name}" is named for ordinal ${o} of StatefulSet "${set.name}", whose ordinals are ${range.count > 0 ? `${range.start}…${range.end}` : 'none (replicas: 0)'}: `
          + `no pod uses it until the set has ${o < range.start ? `ordinals.start ≤ ${o}` : `replicas ≥ ${o - range.start + 1}`}.`,
          [{ at: set.replicasSpan ?? set.nameSpan, message: `replicas of ${set.name}` }]);
      }
    }
  },
};

export const pvcTemplateMismatch: WorkspaceRule = {
  code: 'pvc-template-mismatch', severity: 'warning', scope: 'workspace',
  summary: 'A pre-created PVC differs from its claim template; the controller uses it as is.',
  check({ prediction }, report) {
    for (const c of prediction.claims) {
      if (!c.pvc || !c.template) continue;
      const p = c.pvc.spec;
      const t = c.template.spec;
      const diffs: { what: string; at: typeof p.specSpan }[] = [];
      if ((p.storageClassName ?? null) !== (t.storageClassName ?? null)) {
        diffs.push({ what: `storageClassName ${show(p.storageClassName)} vs ${show(t.storageClassName)}`, at: p.classSpan ?? p.specSpan });
      }
      const pm = [...(p.accessModes ?? [])].sort().join(',');
      const tm = [...(t.accessModes ?? [])].sort().join(',');
      if (pm !== tm) diffs.push({ what: `accessModes [${pm}] vs [${tm}]`, at: p.accessModesSpan ?? p.specSpan });
      if ((p.volumeMode ?? 'Filesystem') !== (t.volumeMode ?? 'Filesystem')) {
        diffs.push({ what: `volumeMode ${p.volumeMode ?? 'Filesystem'} vs ${t.volumeMode ?? 'Filesystem'}`, at: p.volumeModeSpan ?? p.specSpan });
      }
      if (p.storage && t.storage && compareQuantities(p.storage, t.storage) !== 0) {
        diffs.push({ what: `size ${p.storage.text} vs ${t.storage.text}`, at: p.storageSpan ?? p.specSpan });
      }
      for (const d of diffs) {
        report(d.at,
          `Pre-created claim "${c.name}" differs from template "${c.template.name}" of StatefulSet "${c.set!.name}" (${d.what}, claim vs template): `
          + 'the controller uses the existing claim as is, so this pod\'s storage differs from its siblings\'.',
          [{ at: c.template.nameSpan, message: `template ${c.template.name}` }]);
      }
    }
  },
};

const show = (s: string | undefined) => (s === undefined ? 'unset' : `"${s}"`);

/**
 * A claim of a named class that no StorageClass in the files defines, while PVs of that class are there
 * (`storageClassName: manual`, as in the Kubernetes tutorials): the author means those PVs, and the
 * class most likely does not exist on the cluster.
 */
function meantForPvsOfItsClass(c: ClaimPrediction, ctx: RuleContext): boolean {
  const cls = c.spec.storageClassName;
  if (!cls || ctx.index.storageClass(cls)) return false;
  return c.rejected.some((r) => r.volume.storageClassName === cls);
}

export const pvcUnbindable: WorkspaceRule = {
  code: 'pvc-unbindable', severity: 'warning', scope: 'workspace',
  summary: 'A claim meant for static binding will bind no PV.',
  check(ctx, report) {
    const templateClaims = new Map<object, ClaimPrediction[]>();
    for (const c of ctx.prediction.claims) {
      if (c.outcome === 'bound') continue;
      if (c.spec.volumeName) continue; // prebind-mismatch explains those
      if (c.pvc) {
        // A pre-created claim of a set that takes its storage class's dynamic provisioning is fine.
        if (c.outcome === 'dynamic' && c.spec.storageClassName !== undefined && !meantForPvsOfItsClass(c, ctx)) continue;
        // A class-less claim of no set, without volumeName or selector, is meant for the default class
        // (issue 11): fine unless the cluster is known to have none.
        const forDefaultClass = c.spec.storageClassName === undefined && !c.set && !c.spec.selector && !c.pinned;
        if (forDefaultClass && (ctx.prediction.defaultClass || ctx.profile.defaultStorageClass.kind !== 'none')) continue;
        report(c.pvc.nameSpan, `Claim "${c.name}" will not bind a pre-created PV: it ${c.reason}.${rejectionText(c, ctx)}`,
          c.rejected.slice(0, MAX_NAMED).map((r) => ({ at: r.volume.nameSpan, message: `${r.volume.name}: ${r.reason}` })));
        continue;
      }
      // Template claims: pinned ones (a PV reserved for them), or explicitly class-less ones, are meant to be static.
      const meantStatic = c.pinned || c.spec.storageClassName === '' || meantForPvsOfItsClass(c, ctx);
      if (!meantStatic || !c.template) continue;
      const list = templateClaims.get(c.template);
      if (list) list.push(c); else templateClaims.set(c.template, [c]);
    }
    for (const [, claims] of templateClaims) {
      const c = claims[0];
      const handled = ctx.prediction.bySet.get(c.set!)?.some((x) => x.pvc || x.pinned);
      if (!c.pinned && handled) continue; // pvc-missing names the absent ones
      report(c.template!.nameSpan,
        `${listNames(claims.map((x) => x.name))} will not bind a pre-created PV: ${claims.length === 1 ? 'it' : 'the first'} ${c.reason}.${rejectionText(c, ctx)}`,
        c.rejected.slice(0, MAX_NAMED).map((r) => ({ at: r.volume.nameSpan, message: `${r.volume.name}: ${r.reason}` })),
        { set: c.set!.name, namespace: c.set!.namespace, template: c.template!.name, missing: claims.map((x) => String(x.ordinal)).join(',') });
    }
  },
};

const prebindMemo = new WeakMap<ClaimPrediction, Parameters<Report>[]>();

export const prebindMismatch: WorkspaceRule = {
  code: 'prebind-mismatch', severity: 'error', scope: 'workspace',
  summary: 'volumeName and claimRef disagree, or a pinned PV fails the size/class/mode/access checks.',
  check(ctx, report) {
    const { index, prediction } = ctx;
    const pvByName = new Map(index.volumes().map((pv) => [pv.name, pv]));
    for (const pv of index.volumes()) {
      if (pv.claimRef && pv.claimRef.name && !pv.claimRef.namespace) {
        report(pv.claimRef.span, `claimRef of PV "${pv.name}" has no namespace: it reserves the PV for claim "${pv.claimRef.name}" in no namespace, which no claim matches, so the PV never binds. Add namespace.`);
      }
    }
    for (const c of prediction.claims) reportMemo(prebindMemo, c, report, (report) => {
      // Bound on the cluster already (live mode): the pins were honoured or are moot, the binder decides nothing
      if (c.how === 'live') return;
      const spec = c.spec;
      const facts = { name: c.name, namespace: c.namespace, storageClassName: c.effectiveClass, accessModes: spec.accessModes ?? [], storage: spec.storage, volumeMode: spec.volumeMode };
      const reservedForMe = (prediction.reservedFor.get(`${c.namespace}/${c.name}`) ?? []).filter((pv) => isVolumeBoundToClaim(pvFacts(pv), facts));
      const named = spec.volumeName ? pvByName.get(spec.volumeName) : undefined;
      const claimSpan = spec.volumeNameSpan ?? (c.pvc ?? c.template)?.nameSpan;
      if (!claimSpan) return;
      if (spec.volumeName && !named && c.pvc && !index.live?.volume(spec.volumeName)) {
        report(claimSpan, index.live
          ? `Claim "${c.name}" names volume "${spec.volumeName}", which is neither in the analysed files nor on the cluster (context "${index.live.context}", read ${index.live.takenAt}): the claim stays Pending until that PV exists.`
          : `Claim "${c.name}" names volume "${spec.volumeName}", which is not in the analysed files: unless it exists on the cluster, the claim stays Pending.`);
      }
      if (named?.claimRef && !isVolumeBoundToClaim(pvFacts(named), facts)) {
        report(claimSpan,
          `Claim "${c.name}" names volume "${named.name}", but that PV's claimRef reserves it for "${named.claimRef.namespace ?? ''}/${named.claimRef.name ?? ''}": the claim stays Pending ("volume already bound to a different claim").`,
          [{ at: named.claimRef.span, message: `claimRef of ${named.name}` }]);
        return;
      }
      for (const pv of reservedForMe) {
        if (spec.volumeName && spec.volumeName !== pv.name) {
          report(claimSpan, `PV "${pv.name}" is reserved for claim "${c.name}", but the claim names volume "${spec.volumeName}": the two pins disagree and the claim stays Pending or binds the other volume.`,
            [{ at: pv.claimRef!.span, message: `claimRef of ${pv.name}` }]);
          continue;
        }
        const both = spec.volumeName === pv.name;
        const problem = pinnedProblem(pv, facts);
        if (!problem) continue;
        report(both ? claimSpan : pv.claimRef!.span,
          both
            ? `Claim "${c.name}" and PV "${pv.name}" are pinned to each other, so they bind without checks, but ${problem}: the pod gets a volume other than the one its claim asks for.`
            : `PV "${pv.name}" is reserved for claim "${c.name}", but ${problem}: the binder skips it, so the claim ${c.reason}.`,
          [{ at: (both ? pv.nameSpan : (c.pvc ?? c.template)?.nameSpan) ?? pv.nameSpan, message: both ? `PV ${pv.name}` : `claim ${c.name}` }]);
      }
      if (named && !named.claimRef) {
        const err = checkVolumeSatisfyClaim(pvFacts(named), facts);
        if (err) {
          // a class-less claim got its class from admission (the default StorageClass): say where "standard" came from
          const admitted = spec.storageClassName === undefined && c.effectiveClass !== ''
            ? ` — admission gave the class-less claim the default StorageClass "${c.effectiveClass}"; set storageClassName: "" to keep it class-less` : '';
          report(claimSpan, `Claim "${c.name}" names volume "${named.name}", which does not satisfy it (${err}${admitted}): the claim stays Pending with event VolumeMismatch.`,
            [{ at: named.nameSpan, message: `PV ${named.name}` }]);
        }
      }
    });
  },
};

function pinnedProblem(pv: PersistentVolume, claim: { storage?: Quantity; accessModes: readonly string[]; volumeMode?: string }): string | undefined {
  if (claim.storage && (!pv.capacity || compareQuantities(pv.capacity, claim.storage) < 0)) {
    return `its capacity ${pv.capacity?.text ?? 'is missing'}${pv.capacity ? ` is below the request ${claim.storage.text}` : ''}`;
  }
  if (!containsAllAccessModes(pv.accessModes, claim.accessModes)) return `its access modes [${pv.accessModes.join(', ')}] lack ${claim.accessModes.join(', ')}`;
  if (volumeModeMismatch({ ...claim, name: '', namespace: '', storageClassName: '' }, pvFacts(pv))) return `its volumeMode ${pv.volumeMode ?? 'Filesystem'} differs from the claim's ${claim.volumeMode ?? 'Filesystem'}`;
  return undefined;
}

export const retentionDeletesClaims: WorkspaceRule = {
  code: 'retention-deletes-claims', severity: 'warning', scope: 'workspace',
  summary: 'persistentVolumeClaimRetentionPolicy deletes claims that were pre-created or pinned by hand.',
  check({ prediction }, report) {
    for (const [set, claims] of prediction.bySet) {
      const { whenDeleted, whenScaled, span } = set.retention;
      if (whenDeleted !== 'Delete' && whenScaled !== 'Delete') continue;
      const manual = handManaged(claims);
      if (manual.length === 0) continue;
      const when = [whenDeleted === 'Delete' ? 'the StatefulSet is deleted' : '', whenScaled === 'Delete' ? 'the set scales down' : ''].filter(Boolean).join(' or ');
      report(span ?? set.specSpan,
        `persistentVolumeClaimRetentionPolicy deletes claims when ${when}: the controller gives them an ownerReference and garbage collection deletes `
        + `the hand-made claims too (${listNames(manual.map((c) => c.name))}); with reclaim policy Delete their volumes go with them. Use Retain for pre-provisioned storage.`,
        manual.slice(0, MAX_NAMED).map((c) => ({ at: (c.pvc ?? c.volume ?? c.template)!.nameSpan, message: c.name })));
    }
  },
};
