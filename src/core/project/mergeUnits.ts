// One analysis over several units: their findings (after the config's rule settings and inline
// suppressions), their objects and predictions side by side — never mixed: a unit's prediction is its own.
import type { Analysis } from '../analysis';
import { compareFiles, compareFindings, Finding, groupByFile } from '../findings';
import type { PersistentVolume, PersistentVolumeClaim, StatefulSet } from '../model';
import { ObjectIndex } from '../objectIndex';
import type { ClaimPrediction, Prediction } from '../prediction';
import type { ParsedFile } from '../source';
import type { ProjectConfig, RuleSetting } from './config';
import { addCrossUnitHints } from './crossUnit';
import { configFindings, filterFileFindings, SuppressedFinding } from './findingFilters';
import type { ProjectAnalysis, UnitAnalysis } from './project';

interface UnitInput extends UnitAnalysis {
  readonly rules: ReadonlyMap<string, RuleSetting>;
}

/** The files an analysis has findings in, in its order (sorted by file: one look per file). */
function filesOf(a: Analysis): string[] {
  const files: string[] = [];
  const seen = new Set<string>();
  let last: string | undefined;
  for (const f of a.findings) {
    if (f.file === last || seen.has(f.file)) continue;
    last = f.file;
    seen.add(f.file);
    files.push(f.file);
  }
  return files;
}

/**
 * A unit's findings after its rule settings and suppressions, per file. Each file's list is filtered
 * once per list and text (findingFilters.ts), and the analysis keeps unchanged files' lists, so an
 * edit filters the edited files only; an unfiltered list comes back as the same array.
 */
function filteredFiles(u: UnitInput, parsedOf: (file: string) => ParsedFile | undefined, suppressed: SuppressedFinding[]): Map<string, readonly Finding[]> {
  const kept = new Map<string, readonly Finding[]>();
  for (const file of filesOf(u.analysis)) {
    const r = filterFileFindings(u.analysis.findingsFor(file), u.rules, parsedOf(file));
    if (r.kept.length) kept.set(file, r.kept);
    for (const s of r.suppressed) suppressed.push(s);
  }
  return kept;
}

/** Per file, the lists of the units (in order) and then of the config files, as one sorted list. */
function joinFiles(sources: readonly ReadonlyMap<string, readonly Finding[]>[]): Map<string, readonly Finding[]> {
  const byFile = new Map<string, readonly Finding[]>();
  let parts: Map<string, Finding[]> | undefined;
  for (const source of sources) {
    for (const [file, list] of source) {
      const had = byFile.get(file);
      if (!had) { byFile.set(file, list); continue; }
      // a file in several sources: concatenated in source order and sorted (a stable sort, as the whole list's was)
      parts ??= new Map();
      let joined = parts.get(file);
      if (!joined) parts.set(file, (joined = [...had]));
      for (const f of list) joined.push(f);
    }
  }
  for (const [file, joined] of parts ?? []) byFile.set(file, joined.sort(compareFindings));
  return byFile;
}

/**
 * Hints about other units on a unit's claims (crossUnit.ts), with two units or more. They depend on
 * the other units, so they are looked for on every analysis; a file whose findings got one is a new
 * list, sorted again (a hint lengthens the message, which orders findings at one place).
 */
function withHints(units: readonly UnitInput[], u: UnitInput, files: Map<string, readonly Finding[]>): Map<string, readonly Finding[]> {
  if (units.length < 2) return files;
  const flat: Finding[] = [];
  for (const list of files.values()) for (const f of list) flat.push(f);
  const hintedFlat = addCrossUnitHints(units, new Map([[u, flat]]));
  const out = new Map<string, readonly Finding[]>();
  let at = 0;
  for (const [file, list] of files) {
    const hinted = hintedFlat.slice(at, at + list.length);
    at += list.length;
    out.set(file, hinted.every((f, i) => f === list[i]) ? list : hinted.sort(compareFindings));
  }
  return out;
}

export function mergeUnits(
  units: readonly UnitInput[],
  configs: readonly ProjectConfig[],
  parsedOf: (file: string) => ParsedFile | undefined,
  defaultNamespace: string,
): ProjectAnalysis {
  const suppressed: SuppressedFinding[] = [];
  const sources = units.map((u) => withHints(units, u, filteredFiles(u, parsedOf, suppressed)));
  sources.push(groupByFile(configFindings(configs)));
  const byFile = joinFiles(sources);
  // the units' files come sorted; the order is sorted again only when it has to be
  const files = [...byFile.keys()];
  if (files.some((f, i) => i > 0 && compareFiles(files[i - 1], f) > 0)) files.sort(compareFiles);
  const findings: Finding[] = [];
  for (const file of files) for (const f of byFile.get(file)!) findings.push(f);
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
