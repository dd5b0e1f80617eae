// Unquoted values that kubectl does not read as strings. kubectl decodes manifests with go-yaml v2
// (sigs.k8s.io/yaml, YAML 1.1 resolution): `on`, `yes`, `y`, `no`, `off` (any case) are booleans and
// `0755` is the octal number 493, where YAML 1.2 tools read strings or 755. In a field that must be a
// string, the API server then rejects the object: `json: cannot unmarshal bool into Go struct field
// ObjectMeta.metadata.labels of type string` (checked with kubectl 1.32). Numbers and `true` are not
// strings in either YAML version and fail the same way.
import type { Document, Node, YAMLMap } from 'yaml';
import * as yaml from 'yaml';
import type { Manifest } from '../manifest';
import type { Span } from '../model';
import { asMap, deref, forEachEntry, mapField, pairOf, seqField, seqItems, stringField } from '../yamlRead';
import { DocumentRule } from './rule';

const { isScalar } = yaml;

const BOOL_11 = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const INT_11 = /^[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|0[0-7_]+|[0-9][0-9_]*)$/;
const FLOAT_11 = /^(?:[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/** How kubectl (YAML 1.1) reads a plain scalar that is not a string; undefined for a string (or null). */
export function yaml11Reading(text: string): { type: 'bool' | 'number'; value: string } | undefined {
  if (BOOL_11.test(text)) return { type: 'bool', value: /^(?:y|yes|true|on)$/i.test(text) ? 'true' : 'false' };
  if (INT_11.test(text)) {
    const t = text.replace(/_/g, '');
    const sign = t.startsWith('-') ? -1 : 1;
    const digits = t.replace(/^[-+]/, '');
    const n = /^0b/.test(digits) ? parseInt(digits.slice(2), 2) : /^0x/.test(digits) ? parseInt(digits.slice(2), 16)
      : /^0[0-7]+$/.test(digits) ? parseInt(digits.slice(1), 8) : parseInt(digits, 10);
    return { type: 'number', value: String(sign * n) };
  }
  if (FLOAT_11.test(text) && /[0-9]|inf|nan/i.test(text)) return { type: 'number', value: text };
  return undefined;
}

/**
 * `field` names the field in the message; `key`, when given, is quoted after it (`value of label "app"`).
 * Apart so that no message text is built for the many values that are fine.
 */
type Check = (node: unknown, field: string, key?: string) => void;

export const yamlImplicitType: DocumentRule = {
  code: 'yaml-implicit-type', severity: 'error', scope: 'document',
  summary: 'An unquoted value that kubectl reads as a boolean or number sits in a field that must be a string.',
  check(m, report) {
    const doc = m.src.yaml;
    const check: Check = (node, fieldName, key) => {
      const n = deref(doc, node) as Node | undefined;
      if (!n || !isScalar(n) || n.type !== 'PLAIN' || typeof n.source !== 'string' || !n.range) return;
      const text = n.source;
      const reading = yaml11Reading(text);
      if (!reading) return;
      const strictReadsString = typeof n.value === 'string';
      const at: Span = { src: m.src, start: n.range[0], end: n.range[1] };
      const field = key === undefined ? fieldName : `${fieldName} "${key}"`;
      report(at,
        `kubectl reads ${text}, the unquoted ${field}, as the ${reading.type === 'bool' ? 'boolean' : 'number'} ${reading.value}`
        + `${strictReadsString ? ' (YAML 1.1; YAML 1.2 tools read the string)' : ''}: the API server rejects the ${m.kind} `
        + `("cannot unmarshal ${reading.type} into … of type string"). Quote it: "${text}".`);
    };
    checkMetadata(doc, m.root, check);
    const name = pairOf(doc, mapField(doc, m.root, 'metadata'), 'name');
    if (name) check(name.value, 'name');
    if (m.kind === 'ConfigMap') forEachEntry(doc, mapField(doc, m.root, 'data'), (k, pair) => check(pair.value, 'value of data key', k));
    for (const podTemplate of podTemplates(doc, m)) {
      checkMetadata(doc, podTemplate, check);
      checkContainers(doc, mapField(doc, podTemplate, 'spec'), check);
    }
    if (m.kind === 'Pod') checkContainers(doc, mapField(doc, m.root, 'spec'), check);
  },
};

function checkMetadata(doc: Document, owner: YAMLMap | undefined, check: Check): void {
  const metadata = mapField(doc, owner, 'metadata');
  forEachEntry(doc, mapField(doc, metadata, 'labels'), (k, pair) => check(pair.value, 'value of label', k));
  forEachEntry(doc, mapField(doc, metadata, 'annotations'), (k, pair) => check(pair.value, 'value of annotation', k));
}

function checkContainers(doc: Document, podSpec: YAMLMap | undefined, check: Check): void {
  for (const list of ['initContainers', 'containers']) {
    for (const c of seqItems(doc, seqField(doc, podSpec, list))) {
      const container = asMap(doc, c);
      const name = pairOf(doc, container, 'name');
      if (name) check(name.value, 'container name');
      for (const e of seqItems(doc, seqField(doc, container, 'env'))) {
        const env = asMap(doc, e);
        const value = pairOf(doc, env, 'value');
        if (value) check(value.value, 'value of env var', stringField(doc, env, 'name') ?? '');
      }
    }
  }
}

/** The pod templates of workload kinds (the map holding `metadata` and `spec` of the pods). */
function podTemplates(doc: Document, m: Manifest): YAMLMap[] {
  const spec = mapField(doc, m.root, 'spec');
  switch (m.kind) {
    case 'Deployment': case 'StatefulSet': case 'DaemonSet': case 'ReplicaSet': case 'ReplicationController': case 'Job': {
      const t = mapField(doc, spec, 'template');
      return t ? [t] : [];
    }
    case 'CronJob': {
      const t = mapField(doc, mapField(doc, mapField(doc, spec, 'jobTemplate'), 'spec'), 'template');
      return t ? [t] : [];
    }
    default: return [];
  }
}

