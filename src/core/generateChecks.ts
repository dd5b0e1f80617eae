// What "Generate PV/PVC files" refuses before it writes anything: names the API server (or the pods it
// would create) rejects, replica counts that are not integers or too many to write out, and volume
// source parameters a PersistentVolume cannot carry. Every problem is one plain sentence naming the
// value and why (k8s.io/apimachinery/pkg/util/validation, pkg/apis/core/validation/validation.go).
import type { Document, YAMLMap } from 'yaml';
import { isScalar } from 'yaml';
import type { StatefulSet } from './model';
import { dns1123LabelProblem, dns1123SubdomainProblem } from './names';
import { field, mapField } from './yamlRead';

/** The most ordinals one generation writes out (a PV and a claim per template each). */
export const MAX_GENERATED_ORDINALS = 1000;

/**
 * `manifest`: the StatefulSet's YAML must change (CLI exit 1);
 * `source`: a volume source parameter the user gave must change (CLI exit 2, a usage error).
 */
export interface GenerateProblem {
  readonly origin: 'manifest' | 'source';
  readonly message: string;
}

export class GenerateRefused extends Error {
  constructor(readonly problems: readonly GenerateProblem[]) {
    super(problems.map((p) => p.message).join('\n'));
  }
}

const manifest = (message: string): GenerateProblem => ({ origin: 'manifest', message });

/** Problems of the set itself: names, namespace, claim templates, replicas, ordinals.start. */
export function setProblems(set: StatefulSet): GenerateProblem[] {
  const out: GenerateProblem[] = [];
  const subdomain = dns1123SubdomainProblem(set.name);
  const label = dns1123LabelProblem(set.name);
  if (subdomain) out.push(manifest(`StatefulSet name "${set.name}" is rejected by the API server: ${subdomain}`));
  else if (label) out.push(manifest(`StatefulSet name "${set.name}": its pods' names (the set's name, '-', the ordinal) become their hostnames, which must be DNS-1123 labels: ${label}`));
  const ns = dns1123LabelProblem(set.namespace);
  if (ns) out.push(manifest(`namespace "${set.namespace}" of StatefulSet ${set.name} is not a valid namespace name: ${ns}`));
  if (set.claimTemplates.length === 0) out.push(manifest(`StatefulSet ${set.name} has no volumeClaimTemplates: there is nothing to generate`));
  for (const t of set.claimTemplates) {
    if (!t.name) { out.push(manifest(`a volumeClaimTemplate of StatefulSet ${set.name} has no metadata.name`)); continue; }
    const p = dns1123LabelProblem(t.name);
    if (p) out.push(manifest(`claim template name "${t.name}" of StatefulSet ${set.name}: it becomes a volume name in every pod, which must be a DNS-1123 label: ${p}`));
  }
  const spec = mapField(set.src.yaml, set.root, 'spec');
  const replicas = integerProblem(set.src.yaml, spec, 'replicas', `from 0 to ${MAX_GENERATED_ORDINALS}`);
  if (replicas) out.push(manifest(`StatefulSet ${set.name}: spec.replicas ${replicas}`));
  else if (set.replicas > MAX_GENERATED_ORDINALS) {
    out.push(manifest(`StatefulSet ${set.name} has ${set.replicas} replicas: generate writes the volumes of at most ${MAX_GENERATED_ORDINALS} ordinals at once`));
  }
  const start = integerProblem(set.src.yaml, mapField(set.src.yaml, spec, 'ordinals'), 'start', 'of 0 or more');
  if (start) out.push(manifest(`StatefulSet ${set.name}: spec.ordinals.start ${start}`));
  return out;
}

/** Why a field that must be a non-negative integer is not one (unset and null are fine: defaulted). */
function integerProblem(doc: Document, map: YAMLMap | undefined, key: string, range: string): string | undefined {
  const node = field(doc, map, key);
  if (node === undefined || node === null) return undefined;
  if (!isScalar(node) || node.value === null) return isScalar(node) ? undefined : `is not a number: it must be an integer ${range}`;
  const v = node.value;
  if (typeof v !== 'number') return `is ${JSON.stringify(String(v))}, not a number: it must be an integer ${range}`;
  if (Number.isNaN(v)) return `is .nan: it must be an integer ${range}`;
  if (!Number.isFinite(v)) return `is ${v > 0 ? '.inf' : '-.inf'}: it must be an integer ${range}`;
  if (!Number.isInteger(v)) return `is ${v}: it must be an integer ${range}`;
  if (v < 0) return `is ${v}: it must be an integer ${range}`;
  return undefined;
}

/** Problems of a generated object's name (PV and PVC names are DNS-1123 subdomains). */
export function objectNameProblem(kind: 'PersistentVolume' | 'PersistentVolumeClaim', name: string): GenerateProblem | undefined {
  const p = dns1123SubdomainProblem(name);
  return p ? manifest(`the generated ${kind} name "${name}" would be rejected by the API server: ${p}`) : undefined;
}
