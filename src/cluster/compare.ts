// Is the object in the cluster the one the manifest describes? Only the fields the manifest sets are
// compared (the server adds defaults, status and bookkeeping), quantities by value (1024Mi == 1Gi), and a
// PV's claimRef by name and namespace only: the binder adds uid/resourceVersion to it once bound, and
// re-asserting it would unbind the claim (fluxcd/flux2 issues 2456, 2827).
import { compareQuantities, parseQuantity } from '../core/quantity';
import { Json, KObject } from './client';

export interface DriftEntry {
  readonly path: string;
  readonly cluster: unknown;
  readonly manifest: unknown;
}

const QUANTITY_LIKE = /^[+-]?(\d+(\.\d*)?|\.\d+)([KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$/;

function sameScalar(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((typeof a === 'string' || typeof a === 'number') && (typeof b === 'string' || typeof b === 'number')) {
    const sa = String(a);
    const sb = String(b);
    if (sa === sb) return true;
    if (QUANTITY_LIKE.test(sa) && QUANTITY_LIKE.test(sb)) {
      const qa = parseQuantity(sa);
      const qb = parseQuantity(sb);
      return Boolean(qa && qb && compareQuantities(qa, qb) === 0);
    }
  }
  return false;
}

function compare(manifest: Json, live: Json, path: string, out: DriftEntry[]): void {
  if (manifest === null || manifest === undefined) return; // `key:` with no value sets nothing
  if (Array.isArray(manifest)) {
    if (!Array.isArray(live) || live.length !== manifest.length) { out.push({ path, cluster: live, manifest }); return; }
    manifest.forEach((m, i) => compare(m, live[i], `${path}[${i}]`, out));
    return;
  }
  if (typeof manifest === 'object') {
    if (!live || typeof live !== 'object' || Array.isArray(live)) { out.push({ path, cluster: live, manifest }); return; }
    for (const [k, v] of Object.entries(manifest)) compare(v, live[k], path ? `${path}.${k}` : k, out);
    return;
  }
  if (!sameScalar(manifest, live)) out.push({ path, cluster: live, manifest });
}

/** The differences between the manifest and the live object, in the manifest's field order. */
export function driftOf(manifest: KObject, live: KObject): DriftEntry[] {
  const out: DriftEntry[] = [];
  const { apiVersion: _a, kind: _k, metadata, status: _s, ...rest } = manifest;
  compare({ labels: metadata?.labels, annotations: metadata?.annotations }, { labels: live.metadata?.labels ?? {}, annotations: live.metadata?.annotations ?? {} }, 'metadata', out);
  if (manifest.kind === 'PersistentVolume' && rest.spec?.claimRef) {
    const { claimRef, ...spec } = rest.spec;
    compare({ name: claimRef.name, namespace: claimRef.namespace }, live.spec?.claimRef, 'spec.claimRef', out);
    compare({ ...rest, spec }, live, '', out);
  } else {
    compare(rest, live, '', out);
  }
  return out;
}

/**
 * The object to PUT when the user asked to overwrite drift: the live object with the manifest's fields
 * laid over it (so server-set fields and the resourceVersion stay). A bound PV keeps its claimRef.
 */
export function overlay(manifest: KObject, live: KObject): KObject {
  const merge = (base: Json, top: Json): Json => {
    if (top === null || top === undefined) return base;
    if (typeof top !== 'object' || Array.isArray(top) || !base || typeof base !== 'object' || Array.isArray(base)) return structuredClone(top);
    const out = { ...base };
    for (const [k, v] of Object.entries(top)) out[k] = merge(base[k], v);
    return out;
  };
  const { status: _s, ...top } = manifest;
  const next = merge(live, top) as KObject;
  if (manifest.kind === 'PersistentVolume' && live.spec?.claimRef?.uid) next.spec.claimRef = live.spec.claimRef;
  return next;
}

export function formatDrift(d: DriftEntry): string {
  const show = (v: unknown) => (v === undefined ? 'unset' : JSON.stringify(v));
  return `${d.path}: cluster has ${show(d.cluster)}, manifest has ${show(d.manifest)}`;
}
