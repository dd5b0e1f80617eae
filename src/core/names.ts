// Names the StatefulSet controller computes (pkg/controller/statefulset/stateful_set_utils.go).
// Nothing here materialises a list: a set with replicas 1e9 costs what a set with 3 costs.

export interface OrdinalRange {
  readonly start: number;
  /** inclusive; start - 1 when the set has no replicas */
  readonly end: number;
  readonly count: number;
}

export function ordinalRange(set: { ordinalsStart: number; replicas: number }): OrdinalRange {
  return { start: set.ordinalsStart, end: set.ordinalsStart + set.replicas - 1, count: set.replicas };
}

export function inRange(r: OrdinalRange, ordinal: number): boolean {
  return ordinal >= r.start && ordinal <= r.end;
}

/** getPodName */
export function podName(setName: string, ordinal: number): string {
  return `${setName}-${ordinal}`;
}

/** getPersistentVolumeClaimName */
export function claimName(templateName: string, setName: string, ordinal: number): string {
  return `${templateName}-${setName}-${ordinal}`;
}

/** `<pod>.<service>.<namespace>.svc.<cluster-domain>` */
export function podDnsName(setName: string, ordinal: number, serviceName: string, namespace: string, clusterDomain = 'cluster.local'): string {
  return `${podName(setName, ordinal)}.${serviceName}.${namespace}.svc.${clusterDomain}`;
}

/** The first `limit` ordinals of a range (never more). */
export function* ordinals(r: OrdinalRange, limit = Infinity): Generator<number> {
  const stop = Math.min(r.end, r.start + limit - 1);
  for (let o = r.start; o <= stop; o++) yield o;
}

/** `web-0 … web-999999999` style summaries for lenses and messages. */
export function summarizeNames(r: OrdinalRange, nameOf: (ordinal: number) => string): string {
  if (r.count <= 0) return 'none (replicas: 0)';
  if (r.count === 1) return nameOf(r.start);
  if (r.count === 2) return `${nameOf(r.start)}, ${nameOf(r.end)}`;
  return `${nameOf(r.start)} … ${nameOf(r.end)}`;
}

/**
 * If `claim` is named like a claim of `template` in `set` (`<template>-<set>-<n>`), the ordinal n.
 * Ordinals are decimal without leading zeros, as strconv.Itoa writes them.
 */
export function ordinalOfClaim(claim: string, templateName: string, setName: string): number | undefined {
  const prefix = `${templateName}-${setName}-`;
  if (!claim.startsWith(prefix)) return undefined;
  const rest = claim.slice(prefix.length);
  return /^(0|[1-9]\d{0,15})$/.test(rest) ? Number(rest) : undefined;
}

// DNS naming (k8s.io/apimachinery/pkg/util/validation)
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Problems with a DNS-1123 subdomain (names of PVCs, PVs, StatefulSets, StorageClasses). */
export function dns1123SubdomainProblem(name: string): string | undefined {
  if (name.length === 0) return 'the name is empty';
  if (name.length > 253) return `the name is ${name.length} characters long, more than 253`;
  if (!name.split('.').every((l) => DNS1123_LABEL.test(l))) {
    return 'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character';
  }
  return undefined;
}

/** Problems with a DNS-1035 label (Service names). */
export function dns1035LabelProblem(name: string): string | undefined {
  if (name.length === 0) return 'the name is empty';
  if (name.length > 63) return `the name is ${name.length} characters long, more than 63`;
  if (!DNS1035_LABEL.test(name)) {
    return 'a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character';
  }
  return undefined;
}

export function dns1123LabelProblem(name: string): string | undefined {
  if (name.length === 0) return 'the name is empty';
  if (name.length > 63) return `the name is ${name.length} characters long, more than 63`;
  if (!DNS1123_LABEL.test(name)) {
    return 'a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character';
  }
  return undefined;
}
