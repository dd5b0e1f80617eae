// Label and field selectors in their query-string form (?labelSelector=app=db,tier in (a,b)&fieldSelector=metadata.name=x),
// as k8s.io/apimachinery/pkg/labels and pkg/fields parse them.
import { LabelSelector, selectorMatches, SelectorRequirement } from '../labels';
import { ApiError, errors } from './errors';
import { Json, KObject } from './types';

/** Splits at commas that are not inside parentheses. */
function splitTerms(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out.map((t) => t.trim()).filter((t) => t.length > 0);
}

export function parseLabelSelector(text: string | undefined | null): LabelSelector {
  const matchLabels: Record<string, string> = {};
  const matchExpressions: SelectorRequirement[] = [];
  for (const term of splitTerms(text ?? '')) {
    let m: RegExpExecArray | null;
    if ((m = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term))) {
      matchExpressions.push({ key: m[1], operator: m[2] === 'in' ? 'In' : 'NotIn', values: m[3].split(',').map((v) => v.trim()).filter(Boolean) });
    } else if ((m = /^([^!=\s]+)\s*!=\s*(\S*)$/.exec(term))) {
      matchExpressions.push({ key: m[1], operator: 'NotIn', values: [m[2]] });
    } else if ((m = /^([^!=\s]+)\s*==?\s*(\S*)$/.exec(term))) {
      matchExpressions.push({ key: m[1], operator: 'In', values: [m[2]] });
    } else if ((m = /^!\s*(\S+)$/.exec(term))) {
      matchExpressions.push({ key: m[1], operator: 'DoesNotExist', values: [] });
    } else if (/^[A-Za-z0-9._/-]+$/.test(term)) {
      matchExpressions.push({ key: term, operator: 'Exists', values: [] });
    } else {
      throw errors.badRequest(`unable to parse requirement: invalid label selector "${term}"`);
    }
  }
  return { matchLabels, matchExpressions };
}

export interface FieldRequirement { path: string; value: string; equal: boolean }

export function parseFieldSelector(text: string | undefined | null): FieldRequirement[] {
  return splitTerms(text ?? '').map((term) => {
    const m = /^([A-Za-z0-9._]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) throw errors.badRequest(`invalid field selector: "${term}"`);
    return { path: m[1], value: m[3], equal: m[2] !== '!=' };
  });
}

function fieldValue(o: KObject, path: string): string {
  let v: Json = o;
  for (const part of path.split('.')) v = v?.[part];
  return v === undefined || v === null ? '' : String(v);
}

export interface Selection {
  readonly labels: LabelSelector;
  readonly fields: readonly FieldRequirement[];
}

export function parseSelection(labelSelector?: string | null, fieldSelector?: string | null): Selection {
  return { labels: parseLabelSelector(labelSelector), fields: parseFieldSelector(fieldSelector) };
}

export function selects(s: Selection, o: KObject): boolean {
  return selectorMatches(s.labels, o.metadata.labels ?? {}) && s.fields.every((f) => (fieldValue(o, f.path) === f.value) === f.equal);
}

export type { ApiError };
