// pv-contended: claims that are not pinned can bind the same PV, so the binder decides which ordinal gets
// which PV. One finding per claim template (or per group of pre-created claims that fit the same PVs),
// never one per PV: a pool of 3,000 interchangeable PVs and 3,000 claims gives one finding per template,
// with counts and a capped list, and costs the sum of the distinct candidate lists, not PVs × claims.
import { PersistentVolume, Span } from '../model';
import { ClaimPrediction } from '../prediction';
import { KeptReport, reportKept, WorkspaceRule } from './rule';

const MAX_NAMED = 5;
const MAX_RELATED = 10;

function listNames(names: readonly string[], total = names.length): string {
  const shown = names.slice(0, MAX_NAMED);
  return total <= MAX_NAMED ? shown.join(', ') : `${shown.join(', ')} and ${total - MAX_NAMED} more`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Unpinned claims with the same candidate list (prediction.ts shares one list among claims that ask for the same). */
interface Group {
  readonly volumes: readonly PersistentVolume[];
  readonly claims: ClaimPrediction[];
}

const pvIds = new WeakMap<PersistentVolume, number>();
let nextPvId = 0;
const listKeys = new WeakMap<readonly PersistentVolume[], string>();

/**
 * The same candidates as the same key, whichever list object holds them: prediction shares one list per
 * request within an analysis, but an incremental one mixes lists of claims predicted at different times.
 */
function candidatesKey(list: readonly PersistentVolume[]): string {
  let key = listKeys.get(list);
  if (key === undefined) {
    const ids: number[] = [];
    for (const pv of list) {
      let id = pvIds.get(pv);
      if (id === undefined) pvIds.set(pv, (id = nextPvId++));
      ids.push(id);
    }
    listKeys.set(list, (key = ids.join(',')));
  }
  return key;
}

/** How many unpinned claims fit each PV, and the PVs that are no contest (see `decided`). */
class Contention {
  readonly groups = new Map<string, Group>();
  private readonly fitting = new Map<PersistentVolume, number>();
  private readonly decided = new Set<PersistentVolume>();
  private readonly contendedCount = new Map<Group, number>();
  private readonly overlaps = new Map<Group, Set<Group>>();
  private readonly groupsOf = new Map<PersistentVolume, Group[]>();

  constructor(claims: readonly ClaimPrediction[]) {
    for (const c of claims) {
      if (c.pinned || c.candidates.length === 0) continue;
      const key = candidatesKey(c.candidates);
      let g = this.groups.get(key);
      if (!g) this.groups.set(key, (g = { volumes: c.candidates, claims: [] }));
      g.claims.push(c);
    }
    const precreated = new Map<PersistentVolume, ClaimPrediction[]>();
    for (const g of this.groups.values()) {
      for (const pv of g.volumes) {
        this.fitting.set(pv, (this.fitting.get(pv) ?? 0) + g.claims.length);
        const list = this.groupsOf.get(pv);
        if (list) list.push(g); else this.groupsOf.set(pv, [g]);
      }
      if (g.volumes.length !== 1) continue;
      for (const c of g.claims) if (c.pvc) { const l = precreated.get(g.volumes[0]); if (l) l.push(c); else precreated.set(g.volumes[0], [c]); }
    }
    // Pre-created claims exist, and bind, before the StatefulSet creates its own claims (the plan waits for
    // Bound): a PV that exactly one pre-created claim fits, and that claim fits no other PV, is decided by the author.
    for (const [pv, list] of precreated) {
      if (list.length === 1 && list[0].volume === pv && this.preCreatedFitting(pv) === 1) this.decided.add(pv);
    }
  }

  private preCreatedFitting(pv: PersistentVolume): number {
    let n = 0;
    for (const g of this.groupsOf.get(pv) ?? []) for (const c of g.claims) if (c.pvc) n++;
    return n;
  }

  contended(pv: PersistentVolume): boolean {
    return !this.decided.has(pv) && (this.fitting.get(pv) ?? 0) >= 2;
  }

  /** How many of the group's PVs more than one claim fits. */
  contendedIn(g: Group): number {
    let n = this.contendedCount.get(g);
    if (n === undefined) {
      n = 0;
      for (const pv of g.volumes) if (this.contended(pv)) n++;
      this.contendedCount.set(g, n);
    }
    return n;
  }

  /** The groups with claims that fit one of the group's contended PVs (the group itself included). */
  overlapping(g: Group): ReadonlySet<Group> {
    let out = this.overlaps.get(g);
    if (!out) {
      out = new Set<Group>([g]);
      for (const pv of g.volumes) if (this.contended(pv)) for (const o of this.groupsOf.get(pv)!) out.add(o);
      this.overlaps.set(g, out);
    }
    return out;
  }
}

/** The claims one finding is about: a template's claims, or pre-created claims without a set that fit the same PVs. */
function targets(contention: Contention): Map<object, { claims: ClaimPrediction[]; groups: Set<Group> }> {
  const out = new Map<object, { claims: ClaimPrediction[]; groups: Set<Group> }>();
  for (const g of contention.groups.values()) {
    if (contention.contendedIn(g) === 0) continue;
    for (const c of g.claims) {
      const key = c.template ?? g;
      let t = out.get(key);
      if (!t) out.set(key, (t = { claims: [], groups: new Set() }));
      t.claims.push(c);
      t.groups.add(g);
    }
  }
  return out;
}

/** What the claims of some groups can bind: the contended PVs (at most MAX_RELATED shown) and how many claims fit them. */
interface Offer {
  readonly shown: readonly PersistentVolume[];
  readonly total: number;
  /** the shown PVs' names, for the message */
  readonly names: string;
  readonly related: readonly { at: Span; message: string }[];
  /** claims that fit one of these PVs, those of the groups themselves included */
  readonly competing: number;
}

function offerOf(contention: Contention, groups: ReadonlySet<Group>): Offer {
  let shown: PersistentVolume[] = [];
  let total: number;
  if (groups.size === 1) {
    const [g] = groups;
    for (const pv of g.volumes) { if (shown.length >= MAX_RELATED) break; if (contention.contended(pv)) shown.push(pv); }
    total = contention.contendedIn(g);
  } else {
    const all = new Set<PersistentVolume>();
    for (const g of groups) for (const pv of g.volumes) if (contention.contended(pv)) all.add(pv);
    shown = [...all].slice(0, MAX_RELATED);
    total = all.size;
  }
  const involved = new Set<Group>();
  for (const g of groups) for (const o of contention.overlapping(g)) involved.add(o);
  let competing = 0;
  for (const g of involved) competing += g.claims.length;
  const related = shown.map((pv, i) => ({ at: pv.nameSpan, message: i === shown.length - 1 && total > shown.length ? `PV ${pv.name} (and ${total - shown.length} more)` : `PV ${pv.name}` }));
  return { shown, total, names: listNames(shown.map((pv) => pv.name), total), related, competing };
}

/**
 * Offers by group, for targets with claims in one group only (a pool: every template's claims share one
 * candidate list, so the thousand templates of a pool share one offer rather than build it each).
 */
class Offers {
  private readonly byGroup = new Map<Group, Offer>();
  constructor(private readonly contention: Contention) {}

  of(groups: ReadonlySet<Group>): Offer {
    if (groups.size !== 1) return offerOf(this.contention, groups);
    const [g] = groups;
    let offer = this.byGroup.get(g);
    if (!offer) this.byGroup.set(g, (offer = offerOf(this.contention, groups)));
    return offer;
  }
}

const PIN = 'Pin each PV: spec.claimRef {name, namespace} on the PV and spec.volumeName on the claim';
const FOR_ORDINALS = `the binder, not you, decides which ordinal gets which PV, and a set re-created later may get another ordinal's data. ${PIN} (labels cannot pin ordinals).`;
const FOR_CLAIMS = `the binder, not you, decides which claim gets which PV (whichever it processes first), and the others get what is left. ${PIN}.`;

/** Ordinals only for a StatefulSet's claims: standalone claims have none (issue 11, cause 5). */
function consequence(claims: readonly ClaimPrediction[]): string {
  return claims.every((c) => c.set) ? FOR_ORDINALS : FOR_CLAIMS;
}

const kept = new WeakMap<object, KeptReport>();

export const pvContended: WorkspaceRule = {
  code: 'pv-contended', severity: 'warning', scope: 'workspace', poolWide: true,
  summary: 'Unpinned claims can match the same PV, so the binder decides which ordinal gets which PV.',
  check({ prediction }, report) {
    const contention = new Contention(prediction.claims);
    const offers = new Offers(contention);
    for (const [, { claims, groups }] of targets(contention)) {
      const first = claims.find((c) => c.template) ?? claims[0];
      const offer = offers.of(groups);
      // every claim that fits one of these PVs, but is not one of these claims
      const rivals = offer.competing - claims.length;
      const owner = (first.template ?? first.pvc)!;
      const outcome = consequence(claims);
      const inputs: unknown[] = [first.set, first.template, outcome, offer.total, rivals, ...offer.shown];
      for (const c of claims) inputs.push(c.name);
      reportKept(kept, owner, inputs, report, () => {
        const who = first.template
          ? `${plural(claims.length, 'claim', 'claims')} of template "${first.template.name}"${first.set ? ` of StatefulSet "${first.set.name}"` : ''} (${listNames(claims.map((c) => c.name))})`
          : `${plural(claims.length, 'pre-created claim', 'pre-created claims')} (${listNames(claims.map((c) => c.name))})`;
        const shared = rivals > 0 ? `, which ${plural(rivals, 'other claim', 'other claims')} can also bind` : '';
        return [owner.nameSpan,
          `${who} ${claims.length === 1 ? 'is' : 'are'} not pinned and can bind any of ${plural(offer.total, 'PV', 'PVs')} (${offer.names})${shared}: ${outcome}`,
          offer.related,
          first.set ? { set: first.set.name, namespace: first.set.namespace, template: first.template?.name ?? '' } : undefined];
      });
    }
  },
};
