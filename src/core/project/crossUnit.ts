// Discoverability of units: a claim that binds nothing in its unit, while a PV of another unit would
// fit it, usually means two folders are applied together. The finding says so, and a quick fix writes
// the merge into the config file. Only adds to findings its unit already has: several units never give
// a finding that checking each folder alone lacks.
import * as yaml from 'yaml';
import { volumeRejection } from '../binding';
import type { FileCreate, Fix, TextEdit } from '../edits';
import type { Finding } from '../findings';
import type { PersistentVolume } from '../model';
import { LineIndex } from '../position';
import { ClaimPrediction, pvFacts } from '../prediction';
import { CONFIG_FILE_NAME } from './config';
import { isAncestorOrSelf, relativeTo, dirOf } from './paths';
import type { UnitAnalysis } from './project';
import { ConfigEntry, nearestConfig } from './units';

const CODES = new Set(['pvc-unbindable', 'pvc-missing']);
/** data key of a finding: the roots of the two units, one per line */
export const MERGE_KEY = 'mergeUnits';

function claimsOf(f: Finding, u: UnitAnalysis): ClaimPrediction[] {
  const d = f.data;
  if (d?.set) {
    const wanted = new Set((d.missing ?? '').split(','));
    const set = u.analysis.index.statefulSets().find((s) => s.name === d.set && s.namespace === d.namespace);
    return (set ? u.analysis.prediction.bySet.get(set) ?? [] : []).filter((c) => c.template?.name === d.template && wanted.has(String(c.ordinal)));
  }
  return u.analysis.prediction.claims.filter((c) => c.pvc && c.pvc.src.file === f.file && c.pvc.src.rangeOf(c.pvc.nameSpan.start, c.pvc.nameSpan.end).start.line === f.range.start.line);
}

function fits(c: ClaimPrediction, pv: PersistentVolume): boolean {
  if (c.spec.volumeName) return pv.name === c.spec.volumeName;
  const claim = {
    name: c.name, namespace: c.namespace, storageClassName: c.effectiveClass, accessModes: c.spec.accessModes ?? [], storage: c.spec.storage,
    volumeMode: c.spec.volumeMode, selector: c.spec.selector,
  };
  return volumeRejection(claim, pvFacts(pv)) === undefined;
}

function hintFor(f: Finding, u: UnitAnalysis, others: readonly UnitAnalysis[]): Finding {
  if (f.data?.[MERGE_KEY]) return f;
  const claims = claimsOf(f, u).slice(0, 20);
  for (const other of others) {
    const pv = other.analysis.index.volumes().find((v) => claims.some((c) => !c.volume && fits(c, v)));
    if (!pv) continue;
    return {
      ...f,
      message: `${f.message} PV "${pv.name}" in unit ${other.unit.label} would fit it: units are analysed apart, as if applied to different clusters. `
        + `If the two are applied together, merge them into one unit (units: in ${CONFIG_FILE_NAME}).`,
      related: [...f.related, { file: pv.src.file, range: pv.src.rangeOf(pv.nameSpan.start, pv.nameSpan.end), message: `PV ${pv.name} (unit ${other.unit.label})` }],
      data: { ...f.data, [MERGE_KEY]: `${u.unit.root}\n${other.unit.root}` },
    };
  }
  return f;
}

export function addCrossUnitHints(units: readonly UnitAnalysis[], kept: ReadonlyMap<UnitAnalysis, readonly Finding[]>): Finding[] {
  const out: Finding[] = [];
  for (const u of units) {
    const list = kept.get(u) ?? [];
    if (units.length < 2) { out.push(...list); continue; }
    const others = units.filter((x) => x !== u && x.analysis.index.volumes().length > 0);
    for (const f of list) out.push(CODES.has(f.code) && others.length > 0 ? hintFor(f, u, others) : f);
  }
  return out;
}

function commonDir(a: string, b: string): string {
  while (!isAncestorOrSelf(a, b)) a = dirOf(a);
  return a;
}

/** The quick fix of a finding with a unit-merge hint: add `units: - paths: [a, b]` to the nearest config, or create one. */
export function unitMergeFix(finding: Finding, configs: readonly ConfigEntry[], textOf: (file: string) => string | undefined): Fix | undefined {
  const roots = finding.data?.[MERGE_KEY]?.split('\n');
  if (!roots || roots.length !== 2) return undefined;
  const common = commonDir(roots[0], roots[1]);
  const config = nearestConfig(common, configs);
  const scope = config?.scope ?? common;
  const entry = { paths: roots.map((r) => relativeTo(scope, r) || '.') };
  const title = `Analyse ${entry.paths.join(' and ')} as one unit (${CONFIG_FILE_NAME})`;
  const text = config ? textOf(config.config.file) : undefined;
  if (!config || text === undefined) {
    const file = common === '' ? CONFIG_FILE_NAME : `${common}/${CONFIG_FILE_NAME}`;
    const create: FileCreate = { file, text: yaml.stringify({ units: [entry] }, { flowCollectionPadding: false }) };
    return { title, edits: [], creates: [create] };
  }
  const doc = yaml.parseDocument(text);
  const units = doc.get('units');
  if (yaml.isSeq(units)) units.add(doc.createNode(entry));
  else doc.set('units', doc.createNode([entry]));
  const lines = new LineIndex(text);
  const edit: TextEdit = { file: config.config.file, range: lines.rangeOf(0, text.length), newText: doc.toString() };
  return { title, edits: [edit], creates: [] };
}
