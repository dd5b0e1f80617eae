// Which fields of a StatefulSet an update may not change, compared as the API server compares them
// (ValidateStatefulSetUpdate in pkg/apis/apps/validation/validation.go): every spec field except replicas,
// ordinals, template, updateStrategy, persistentVolumeClaimRetentionPolicy, minReadySeconds (and, since
// 1.33, revisionHistoryLimit), after defaulting. A field the file omits is what kubectl apply leaves on the
// object — unless the object's last-applied configuration has it, when apply removes it and the server
// defaults it again. revisionHistoryLimit is never compared (mutable on current servers). Pure; no I/O.
import type { LiveObject } from './clusterSnapshot';
import { toManifestJson } from './manifestJson';
import type { ClaimTemplate, Span, StatefulSet } from './model';
import { compareQuantities, parseQuantity } from './quantity';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface ImmutableChange {
  /** the field, as the message names it: `serviceName`, `volumeClaimTemplates[0] "data": storage request` */
  readonly field: string;
  readonly live: string;
  readonly file: string;
  readonly at: Span;
  /** a claim template's storage request grows (or shrinks): the advice is about expanding claims */
  readonly storage?: { readonly template: string; readonly grows: boolean; readonly to: string; readonly className?: string };
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function lastApplied(live: LiveObject): Json {
  const text = live.metadata.annotations?.[LAST_APPLIED];
  if (!text) return undefined;
  try { return JSON.parse(text); } catch { return undefined; }
}

/** The changes applying `set` would make to `live` that the API server refuses. */
export function immutableChanges(set: StatefulSet, live: LiveObject): ImmutableChange[] {
  const file = (toManifestJson(set).spec ?? {}) as Json;
  const now = (live.spec ?? {}) as Json;
  const applied = lastApplied(live)?.spec as Json;
  const out: ImmutableChange[] = [];
  const scalar = (key: string, fallback: string, at: Span | undefined) => {
    const current = String(now[key] ?? fallback);
    // omitted: apply leaves the live value unless the last apply set it (then it is removed and defaulted)
    const next = file[key] === undefined || file[key] === null ? (applied?.[key] !== undefined ? fallback : current) : String(file[key]);
    if (next !== current) out.push({ field: key, live: show(current), file: file[key] === undefined ? `unset (${show(fallback)})` : show(next), at: at ?? set.specSpan });
  };
  scalar('serviceName', '', set.serviceNameSpan);
  scalar('podManagementPolicy', 'OrderedReady', podPolicySpan(set));
  if (file.selector && now.selector && canonical(selectorOf(file.selector)) !== canonical(selectorOf(now.selector))) {
    out.push({ field: 'selector', live: canonical(selectorOf(now.selector)), file: canonical(selectorOf(file.selector)), at: set.selectorSpan ?? set.specSpan });
  }
  out.push(...templateChanges(set, file.volumeClaimTemplates, now.volumeClaimTemplates, applied?.volumeClaimTemplates !== undefined));
  return out;
}

function templateChanges(set: StatefulSet, fileList: Json, liveList: Json, appliedHas: boolean): ImmutableChange[] {
  const next: Json[] = Array.isArray(fileList) ? fileList : fileList === undefined && !appliedHas ? (Array.isArray(liveList) ? liveList : []) : [];
  const current: Json[] = Array.isArray(liveList) ? liveList : [];
  const names = (l: Json[]) => l.map((t) => String(t?.metadata?.name ?? '')).join(', ') || 'none';
  if (next.length !== current.length || next.some((t, i) => t?.metadata?.name !== current[i]?.metadata?.name)) {
    return [{ field: 'volumeClaimTemplates', live: `[${names(current)}]`, file: `[${names(next)}]`, at: templateListSpan(set) }];
  }
  if (!Array.isArray(fileList)) return [];
  const out: ImmutableChange[] = [];
  next.forEach((t, i) => out.push(...templateDiff(i, set.claimTemplates.find((m) => m.name === t?.metadata?.name), t, current[i], set)));
  return out;
}

/** One claim template against the live one: each differing field once, at its place in the file. */
function templateDiff(i: number, model: ClaimTemplate | undefined, file: Json, live: Json, set: StatefulSet): ImmutableChange[] {
  const name = String(file?.metadata?.name ?? '');
  const label = `volumeClaimTemplates[${i}] "${name}"`;
  const at = (s: Span | undefined) => s ?? model?.span ?? set.specSpan;
  const f = file?.spec ?? {};
  const l = live?.spec ?? {};
  const out: ImmutableChange[] = [];
  const add = (what: string, a: string, b: string, span: Span | undefined) => { if (a !== b) out.push({ field: `${label}: ${what}`, live: a, file: b, at: at(span) }); };
  for (const kind of ['requests', 'limits'] as const) {
    const change = storageChange(l.resources?.[kind]?.storage, f.resources?.[kind]?.storage);
    if (!change) continue;
    const className = f.storageClassName ?? file?.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'];
    out.push({
      field: `${label}: storage ${kind === 'requests' ? 'request' : 'limit'}`, live: change.live, file: change.file, at: at(model?.spec.storageSpan),
      ...(kind === 'requests' ? { storage: { template: name, grows: change.grows, to: change.file, ...(className !== undefined ? { className: String(className) } : {}) } } : {}),
    });
  }
  // pointers on the server: unset (nil) and "" differ
  add('storageClassName', showPointer(l.storageClassName), showPointer(f.storageClassName), model?.spec.classSpan);
  add('accessModes', canonical(l.accessModes ?? []), canonical(f.accessModes ?? []), model?.spec.accessModesSpan);
  add('volumeMode', String(l.volumeMode ?? 'Filesystem'), String(f.volumeMode ?? 'Filesystem'), model?.spec.volumeModeSpan);
  add('selector', canonical(selectorOf(l.selector)), canonical(selectorOf(f.selector)), model?.spec.selectorSpan);
  add('volumeName', show(l.volumeName), show(f.volumeName), model?.spec.volumeNameSpan);
  add('volumeAttributesClassName', showPointer(l.volumeAttributesClassName), showPointer(f.volumeAttributesClassName), undefined);
  // the server may fill dataSource from a dataSourceRef the file sets (NormalizeDataSources): not a change
  if (f.dataSource !== undefined || f.dataSourceRef === undefined) add('dataSource', canonical(l.dataSource ?? null), canonical(f.dataSource ?? null), undefined);
  add('labels', canonical(nonEmpty(live?.metadata?.labels)), canonical(nonEmpty(file?.metadata?.labels)), model?.nameSpan);
  add('annotations', canonical(nonEmpty(live?.metadata?.annotations)), canonical(nonEmpty(file?.metadata?.annotations)), model?.nameSpan);
  return out;
}

/** Quantities compare by value (the server stores `1024Mi` as `1Gi`); undefined when equal or not comparable. */
function storageChange(live: unknown, file: unknown): { live: string; file: string; grows: boolean } | undefined {
  if (live === undefined && file === undefined) return undefined;
  const a = live === undefined ? undefined : parseQuantity(String(live));
  const b = file === undefined ? undefined : parseQuantity(String(file));
  if (a && b && compareQuantities(a, b) === 0) return undefined;
  if ((live !== undefined && !a) || (file !== undefined && !b)) return undefined; // not a quantity: validation's business
  return { live: a?.text ?? 'unset', file: b?.text ?? 'unset', grows: Boolean(a && b && compareQuantities(b, a) > 0) };
}

function selectorOf(s: Json): Json {
  if (!s || typeof s !== 'object') return null;
  return { matchLabels: nonEmpty(s.matchLabels), matchExpressions: Array.isArray(s.matchExpressions) && s.matchExpressions.length ? s.matchExpressions : null };
}

function nonEmpty(m: Json): Json {
  return m && typeof m === 'object' && Object.keys(m).length > 0 ? m : null;
}

/** JSON with object keys sorted: equal values, equal text (empty and absent maps alike, as Semantic.DeepEqual treats them) */
function canonical(v: Json): string {
  return JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x));
}

const showPointer = (v: unknown) => (v === undefined || v === null ? 'unset' : JSON.stringify(String(v)));
const show = (v: unknown) => (v === undefined || v === null || v === '' ? 'unset' : `"${String(v)}"`);

function podPolicySpan(set: StatefulSet): Span | undefined {
  const pair = set.root.get('spec', true) as Json;
  const node = pair?.get?.('podManagementPolicy', true);
  return node?.range ? { src: set.src, start: node.range[0], end: node.range[1] } : undefined;
}

function templateListSpan(set: StatefulSet): Span {
  return set.claimTemplates[0]?.span ?? set.specSpan;
}
