// One analysis over several units: their findings (after the config's rule settings and inline
// suppressions), their objects and predictions side by side — never mixed: a unit's prediction is its own.
import type { Analysis } from '../analysis';
import { compareFindings, Finding } from '../findings';
import type { PersistentVolume, PersistentVolumeClaim, StatefulSet } from '../model';
import { ObjectIndex } from '../objectIndex';
import type { ClaimPrediction, Prediction } from '../prediction';
import type { ParsedFile } from '../source';
import type { ProjectConfig, RuleSetting } from './config';
import { addCrossUnitHints } from './crossUnit';
import { configFindings, filterFindings, SuppressedFinding } from './findingFilters';
import type { ProjectAnalysis, UnitAnalysis } from './project';

interface UnitInput extends UnitAnalysis {
  readonly rules: ReadonlyMap<string, RuleSetting>;
}

/** Filtered findings of a unit's analysis, kept while the analysis and the rule settings are the same. */
const filtered = new WeakMap<Analysis, { rules: ReadonlyMap<string, RuleSetting>; kept: Finding[]; suppressed: SuppressedFinding[] }>();

function filteredFindings(u: UnitInput, parsedOf: (file: string) => ParsedFile | undefined): { kept: Finding[]; suppressed: SuppressedFinding[] } {
  const hit = filtered.get(u.analysis);
  if (hit && hit.rules === u.rules) return hit;
  const result = { rules: u.rules, ...filterFindings(u.analysis.findings, u.rules, parsedOf) };
  filtered.set(u.analysis, result);
  return result;
}

export function mergeUnits(
  units: readonly UnitInput[],
  configs: readonly ProjectConfig[],
  parsedOf: (file: string) => ParsedFile | undefined,
  defaultNamespace: string,
): ProjectAnalysis {
  const kept = new Map<UnitInput, Finding[]>();
  const suppressed: SuppressedFinding[] = [];
  for (const u of units) {
    const r = filteredFindings(u, parsedOf);
    kept.set(u, r.kept);
    suppressed.push(...r.suppressed);
  }
  const findings = [...addCrossUnitHints(units, kept), ...configFindings(configs)].sort(compareFindings);
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byFile.get(f.file);
    if (list) list.push(f); else byFile.set(f.file, [f]);
  }
  const unitByFile = new Map<string, UnitAnalysis>();
  for (const u of units) for (const f of u.unit.files) unitByFile.set(f, { unit: u.unit, profile: u.profile, analysis: u.analysis });
  const unitList = units.map((u) => unitByFile.get(u.unit.files[0])!);
  let index: ObjectIndex | undefined;
  let prediction: Prediction | undefined;
  return {
    units: unitList,
    suppressed,
    findings,
    statefulSetCount: units.reduce((n, u) => n + u.analysis.statefulSetCount, 0),
    findingsFor: (file) => byFile.get(file) ?? [],
    unitOf: (file) => unitByFile.get(file),
    get index() { return (index ??= units.length === 1 ? units[0].analysis.index : new ObjectIndex(units.flatMap((u) => u.analysis.index.objects), defaultNamespace)); },
    get prediction() { return (prediction ??= units.length === 1 ? units[0].analysis.prediction : mergePredictions(units.map((u) => u.analysis.prediction))); },
  };
}

/** Side by side: each map keys on objects of one unit, so nothing collides. */
function mergePredictions(predictions: readonly Prediction[]): Prediction {
  const claims: ClaimPrediction[] = [];
  const bySet = new Map<StatefulSet, readonly ClaimPrediction[]>();
  const byPvc = new Map<PersistentVolumeClaim, ClaimPrediction>();
  const reservedFor = new Map<string, readonly PersistentVolume[]>();
  for (const p of predictions) {
    claims.push(...p.claims);
    for (const [k, v] of p.bySet) bySet.set(k, v);
    for (const [k, v] of p.byPvc) byPvc.set(k, v);
    for (const [k, v] of p.reservedFor) reservedFor.set(k, [...(reservedFor.get(k) ?? []), ...v]);
  }
  return { claims, bySet, byPvc, reservedFor, defaultClass: predictions.find((p) => p.defaultClass)?.defaultClass };
}
