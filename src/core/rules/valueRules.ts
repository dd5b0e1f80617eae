// Field values the API server (or kubectl) refuses: counts that are not non-negative integers, storage
// quantities that are not valid or not positive. The model reads such a set as having no replicas and
// such a quantity as absent, so no other rule reasons about a number that never reaches the cluster.
import * as yaml from 'yaml';
import type { ClaimSpec, K8sObject, PersistentVolume, Span } from '../model';
import { mapField, nodeSpan, seqField, seqItems } from '../yamlRead';
import type { Report } from './rule';
import { ObjectRule } from './rule';

const { isMap } = yaml;

const QUANTITY_PATTERN = "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/** What is wrong with a storage quantity that must be positive, in the API server's words; undefined when fine. */
function quantityProblem(text: string | undefined, parsed: ClaimSpec['storage'], path: string): string | undefined {
  if (text === undefined) return undefined;
  const special = /^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$/.exec(text);
  if (special) {
    const shown = /nan/i.test(text) ? 'NaN' : text.startsWith('-') ? '-Inf' : '+Inf';
    return `"${text}" is no number kubectl can send ("json: unsupported value: ${shown}": kubectl rejects the whole file)`;
  }
  if (!parsed) return `"${text}" is not a quantity ("quantities must match the regular expression ${QUANTITY_PATTERN}")`;
  if (parsed.num <= 0n) return `"${text}" is not positive ("${path}: Invalid value: \\"${text}\\": must be greater than zero")`;
  return undefined;
}

function checkStatefulSet(o: Extract<K8sObject, { kind: 'StatefulSet' }>, report: Report): void {
  if (o.replicasProblem) {
    report(o.replicasSpan ?? o.specSpan, `spec.replicas must be an integer from 0 to 2147483647: ${o.replicasProblem}, so the StatefulSet is not created and has no pods.`);
  }
  if (o.ordinalsProblem) {
    report(o.ordinalsStartSpan ?? o.specSpan, `spec.ordinals.start must be an integer from 0 to 2147483647: ${o.ordinalsProblem}, so the StatefulSet is not created and has no pods.`);
  }
  for (const t of o.claimTemplates) {
    // a template whose quantity does not parse is claim-template-incomplete's
    if (!t.spec.storage || t.spec.storage.num > 0n) continue;
    report(t.spec.storageSpan ?? t.nameSpan,
      `Claim template "${t.name}" requests storage "${t.spec.storageText}": the controller's claims are rejected `
      + `("spec.resources[storage]: Invalid value: \\"${t.spec.storageText}\\": must be greater than zero") and the pods stay Pending.`);
  }
}

function reportQuantity(report: Report, at: Span | undefined, fallback: Span, problem: string | undefined, kind: string): void {
  if (problem) report(at ?? fallback, `Storage ${problem}: the API server rejects the ${kind}.`);
}

/** Node selector terms and their expressions must be maps: `nodeSelectorTerms: [oops]` cannot be decoded. */
function checkNodeAffinity(o: PersistentVolume, report: Report): void {
  const doc = o.src.yaml;
  const required = mapField(doc, mapField(doc, mapField(doc, o.root, 'spec'), 'nodeAffinity'), 'required');
  const notMap = (node: unknown, goField: string, type: string) => {
    const span = nodeSpan(node as never);
    report(span ? { src: o.src, start: span[0], end: span[1] } : o.specSpan,
      `This item is not a map: the API server cannot decode the PersistentVolume ("json: cannot unmarshal ${typeName(node)} into Go struct field ${goField} of type ${type}").`);
  };
  for (const term of seqItems(doc, seqField(doc, required, 'nodeSelectorTerms'))) {
    if (!isMap(term)) { if (!isNull(term)) notMap(term, 'NodeSelector.spec.nodeAffinity.required.nodeSelectorTerms', 'core.NodeSelectorTerm'); continue; }
    for (const e of seqItems(doc, seqField(doc, term, 'matchExpressions'))) {
      if (!isMap(e) && !isNull(e)) notMap(e, 'NodeSelectorTerm.spec.nodeAffinity.required.nodeSelectorTerms.matchExpressions', 'core.NodeSelectorRequirement');
    }
  }
}

/** null decodes to an empty struct: no error */
function isNull(node: unknown): boolean {
  return node === null || node === undefined || (yaml.isScalar(node) && node.value === null);
}

function typeName(node: unknown): string {
  if (yaml.isSeq(node)) return 'array';
  const v = yaml.isScalar(node) ? node.value : undefined;
  return typeof v === 'number' ? `number ${String(v)}` : typeof v === 'boolean' ? 'bool' : 'string';
}

export const invalidValue: ObjectRule = {
  code: 'invalid-value', severity: 'error', scope: 'object',
  summary: 'A field has a value the API server refuses (a count that is not an integer ≥ 0, a storage size that is not a positive quantity).',
  check(o, report) {
    if (o.kind === 'StatefulSet') checkStatefulSet(o, report);
    else if (o.kind === 'PersistentVolume') {
      reportQuantity(report, o.capacitySpan, o.specSpan, quantityProblem(o.capacityText, o.capacity, 'spec.capacity[storage]'), 'PersistentVolume');
      if (o.hasNodeAffinity) checkNodeAffinity(o, report);
    } else if (o.kind === 'PersistentVolumeClaim') {
      reportQuantity(report, o.spec.storageSpan, o.spec.specSpan, quantityProblem(o.spec.storageText, o.spec.storage, 'spec.resources[storage]'), 'PersistentVolumeClaim');
    }
  },
};
