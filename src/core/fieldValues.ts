// Integer fields read as the API server reads them: a StatefulSet's replicas and ordinals.start are
// int32. kubectl sends YAML as JSON and the server decodes it strictly, so a string, a fraction or a
// number beyond int32 is refused at decoding, a negative count by validation, and NaN or Infinity
// never leave kubectl (JSON has no such numbers).
import type { Document, YAMLMap } from 'yaml';
import * as yaml from 'yaml';
import { field, pairOf } from './yamlRead';

const { isMap, isScalar, isSeq } = yaml;

export interface CountField {
  /** the value when it is a valid count, else undefined */
  readonly value?: number;
  /** why the API server (or kubectl) refuses the value: what it prints */
  readonly problem?: string;
}

const INT32_MAX = 2147483647;

/**
 * A non-negative int32 field of a StatefulSet (`goField`: the Go path the decoder names, e.g.
 * `StatefulSetSpec.spec.replicas`; `path`: the validation path, e.g. `spec.replicas`).
 */
export function countField(doc: Document, map: YAMLMap | undefined, key: string, goField: string, path: string): CountField {
  if (!pairOf(doc, map, key)) return {};
  const node = field(doc, map, key);
  const decodeError = (what: string) => ({ problem: `the API server cannot decode it ("json: cannot unmarshal ${what} into Go struct field ${goField} of type int32")` });
  if (node === undefined || node === null || (isScalar(node) && node.value === null)) return {}; // `replicas:` is null: defaulted
  if (isMap(node)) return decodeError('object');
  if (isSeq(node)) return decodeError('array');
  if (!isScalar(node)) return {};
  const v = node.value;
  if (typeof v === 'boolean') return decodeError('bool');
  if (typeof v === 'string') return decodeError('string');
  if (typeof v !== 'number') return {};
  if (!Number.isFinite(v)) {
    const shown = Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf';
    return { problem: `kubectl cannot convert the file to JSON ("json: unsupported value: ${shown}") and rejects the whole file` };
  }
  if (!Number.isInteger(v) || v > INT32_MAX || v < -INT32_MAX - 1) return decodeError(`number ${node.source ?? String(v)}`);
  if (v < 0) return { problem: `the API server rejects it ("${path}: Invalid value: ${v}: must be greater than or equal to 0")` };
  return { value: v };
}
