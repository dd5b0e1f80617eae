// What a rule is: a code, a severity and a check. Object rules look at one object and are cached with
// it; workspace rules look across files (services, claims, binding) and run on every analysis.
import type { RawFinding, Severity } from '../findings';
import type { Manifest } from '../manifest';
import type { K8sObject, Span } from '../model';
import type { ObjectIndex } from '../objectIndex';
import type { Prediction } from '../prediction';
import type { ClusterProfile } from '../profile';
import { sameItems } from '../sameItems';

export type Report = (at: Span, message: string, related?: RawFinding['related'], data?: RawFinding['data']) => void;

export interface RuleContext {
  readonly index: ObjectIndex;
  readonly prediction: Prediction;
  /** the unit's target cluster (version, default StorageClass) */
  readonly profile: ClusterProfile;
  /**
   * Whether an object was read through a kustomization that was not rendered (its patches not applied):
   * then the file is not what gets applied, and a comparison with the cluster would be wrong.
   */
  readonly unrendered?: (o: K8sObject) => boolean;
}

interface RuleBase {
  readonly code: string;
  readonly severity: Severity;
  /** one line for docs and the manifest test */
  readonly summary: string;
}

export interface ObjectRule extends RuleBase {
  readonly scope: 'object';
  check(object: K8sObject, report: Report, profile: ClusterProfile): void;
}

export interface WorkspaceRule extends RuleBase {
  readonly scope: 'workspace';
  /**
   * The rule reads every claim of the unit (which claim takes which PV, how many claims fit one), not only
   * the objects linked to what it reports on. When PVs reserved for no claim make the unit one pool, such a
   * rule runs over the whole unit on every analysis; the others run per component (components.ts), and a
   * component whose objects and claims' predictions are unchanged keeps their findings.
   */
  readonly poolWide?: true;
  check(ctx: RuleContext, report: Report): void;
}

/** Rules over any manifest, whatever its kind (removed APIs, YAML typing): see manifest.ts. */
export interface DocumentRule extends RuleBase {
  readonly scope: 'document';
  check(manifest: Manifest, report: Report, profile: ClusterProfile): void;
}

export type Rule = ObjectRule | WorkspaceRule | DocumentRule;

export function reporterFor(rule: RuleBase, sink: RawFinding[]): Report {
  return (at, message, related = [], data) => sink.push({ code: rule.code, severity: rule.severity, at, message, related, ...(data ? { data } : {}) });
}

/**
 * Reports what `check` reports for `key`, computing it once per key object. Prediction results are
 * reused across analyses only while their inputs are the same objects, so findings derived from one
 * alone can be reused with it.
 */
export function reportMemo<K extends object>(cache: WeakMap<K, Parameters<Report>[]>, key: K, report: Report, check: (report: Report) => void): void {
  let calls = cache.get(key);
  if (!calls) {
    const recorded: Parameters<Report>[] = [];
    check((...args) => { recorded.push(args); });
    cache.set(key, (calls = recorded));
  }
  for (const args of calls) report(...args);
}

/** What a rule reported for an owner, and what it was made from. */
export interface KeptReport {
  readonly inputs: readonly unknown[];
  readonly args: Parameters<Report>;
}

/**
 * Reports what `make` gives, or what it gave last time for the same owner (a claim template, a claim)
 * while `inputs` are the same items (objects by identity, strings and numbers by value). For the pool-wide
 * rules, which run over the whole pool on every edit: a finding that stays as it was keeps its message
 * string and related list, so it is not built again and later comparisons (keepUnchanged, the editor's
 * delta) see it equal at once. `inputs` must hold everything the report is made from.
 */
export function reportKept(cache: WeakMap<object, KeptReport>, owner: object, inputs: unknown[], report: Report, make: () => Parameters<Report>): void {
  const kept = cache.get(owner);
  if (kept && sameItems(kept.inputs, inputs)) { report(...kept.args); return; }
  const args = make();
  cache.set(owner, { inputs, args });
  report(...args);
}
