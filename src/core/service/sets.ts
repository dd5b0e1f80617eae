// StatefulSets as plain data (SetInfo), found again from a SetRef in a later analysis; the
// provisioning view's tree (units and sets) and each set's ordered steps.
import type { Analysis } from '../analysis';
import type { StatefulSet } from '../model';
import { buildPlan, planForSet } from '../plan';
import { manualLines } from '../planText';
import { analysisOfFile, unitOfFile } from '../project/unitOf';
import type { ProjectAnalysis } from '../project/project';
import type { SetInfo, SetRef, TreeData, TreeStep } from './protocol';

export function setInfo(set: StatefulSet): SetInfo {
  return {
    file: set.src.file, index: set.src.index, namespace: set.namespace, name: set.name, replicas: set.replicas, ordinalsStart: set.ordinalsStart,
    apiVersion: set.apiVersion, range: set.src.rangeOf(set.span.start, set.span.end),
  };
}

/** The set a ref names: same file and name, the same document if it is still there. */
export function findSet(analysis: Analysis, ref: SetRef): StatefulSet | undefined {
  const candidates = analysis.index.statefulSets().filter((s) => s.src.file === ref.file && s.name === ref.name && s.namespace === ref.namespace);
  return candidates.find((s) => s.src.index === ref.index) ?? candidates[0];
}

export function setsOf(analysis: Analysis): SetInfo[] {
  return analysis.index.statefulSets().map(setInfo);
}

/** The view's top level: the sets, and the units with sets when there are several. */
export function treeOf(analysis: Analysis | ProjectAnalysis): TreeData {
  const units = 'units' in analysis ? analysis.units.filter((u) => u.analysis.statefulSetCount > 0) : [];
  return {
    sets: setsOf(analysis),
    units: units.length > 1 ? units.map((u) => ({ label: u.unit.label, sets: setsOf(u.analysis) })) : [],
  };
}

/** A set's provisioning steps, from its unit's plan under the unit's profile. */
export function stepsOf(analysis: Analysis | ProjectAnalysis, ref: SetRef): TreeStep[] {
  const unit = analysisOfFile(analysis, ref.file);
  const set = findSet(unit, ref);
  if (!set) return [];
  return planForSet(buildPlan(unit, unitOfFile(analysis, ref.file)?.profile), unit, set).steps.map((s): TreeStep => {
    const o = s.object;
    return {
      order: s.order, kind: s.kind, name: s.name, namespace: s.namespace,
      ...(s.rejected ? { rejected: s.rejected } : {}),
      ...(s.manual ? { manual: { where: s.manual.where, lines: manualLines(s.manual), withheld: Boolean(s.manual.withheld?.length) } } : {}),
      ...(o ? { target: { file: o.src.file, range: o.src.rangeOf(o.nameSpan.start, o.nameSpan.end), apiVersion: o.apiVersion, kind: o.kind, name: o.name, namespace: o.namespace } } : {}),
    };
  });
}
