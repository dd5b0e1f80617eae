// `.statefulset-storage.yaml`: the target cluster of the units below its folder, how its folders form
// units, and rule severities. Parsed without I/O; every problem is reported at its line, and a bad
// entry is skipped while the rest of the file still applies.
import * as yaml from 'yaml';
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import { LineIndex, Range } from '../position';
import type { Severity } from '../findings';
import { DefaultStorageClass, parseMinor } from '../profile';
import { ALL_CODES } from '../rules/index';
import { GenerateConfig, readGenerate } from './generateConfig';

const { isMap, isScalar, isSeq } = yaml;

export const CONFIG_FILE_NAME = '.statefulset-storage.yaml';

/** What a config file, a setting or a flag may say about the target cluster (each part optional). */
export interface ProfileOverrides {
  readonly kubernetesVersion?: string;
  readonly defaultStorageClass?: DefaultStorageClass;
  readonly namespace?: string;
  readonly context?: string;
}

/** One `units:` entry: folders (paths or globs, relative to the config's folder) analysed as one unit. */
export interface UnitSpec {
  readonly paths: readonly string[];
  /** subfolders belong to the unit too */
  readonly recursive: boolean;
}

export type RuleSetting = Severity | 'off';

export interface ConfigProblem {
  readonly message: string;
  readonly range: Range;
}

export interface ProjectConfig {
  readonly file: string;
  readonly profile: ProfileOverrides;
  readonly units: readonly UnitSpec[];
  readonly rules: ReadonlyMap<string, RuleSetting>;
  /** `generate:`: the volume source of `generate` for the units below (flag name → value) */
  readonly generate: GenerateConfig;
  readonly problems: readonly ConfigProblem[];
}

const KEYS = ['kubernetesVersion', 'defaultStorageClass', 'namespace', 'context', 'units', 'rules', 'generate'];
const RULE_SETTINGS: readonly RuleSetting[] = ['error', 'warning', 'info', 'off'];
const BINDING_MODES = ['Immediate', 'WaitForFirstConsumer'];

class Reader {
  readonly problems: ConfigProblem[] = [];
  private readonly lines: LineIndex;

  constructor(readonly text: string, readonly doc: Document) {
    this.lines = new LineIndex(text);
  }

  problem(node: Node | Pair['key'] | null | undefined, message: string): void {
    const r = (node as { range?: number[] } | null | undefined)?.range;
    this.problems.push({ message, range: this.lines.rangeOf(r?.[0] ?? 0, r?.[1] ?? 0) });
  }

  /** A scalar as it is written (`1.30` stays "1.30", not the number 1.3). */
  source(node: unknown): string | undefined {
    if (!isScalar(node) || node.value === null) return undefined;
    if (typeof node.value === 'string') return node.value;
    const r = node.range;
    return r ? this.text.slice(r[0], r[1]).trim() : String(node.value);
  }

  string(pair: Pair, what: string): string | undefined {
    const v = this.source(pair.value);
    if (v === undefined || v === '') this.problem((pair.value as Node | null) ?? pair.key as Node, `${what} must be a non-empty string`);
    return v || undefined;
  }
}

export function parseConfig(file: string, text: string): ProjectConfig {
  const doc = yaml.parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  const r = new Reader(text, doc);
  const empty = { file, profile: {}, units: [], rules: new Map<string, RuleSetting>(), generate: {} };
  if (doc.errors.length > 0) {
    for (const e of doc.errors.slice(0, 3)) r.problems.push({ message: `not valid YAML: ${e.message.split('\n')[0]}`, range: new LineIndex(text).rangeOf(e.pos[0], e.pos[1]) });
    return { ...empty, problems: r.problems };
  }
  if (doc.contents === null) return { ...empty, problems: [] };
  if (!isMap(doc.contents)) {
    r.problem(doc.contents, `${CONFIG_FILE_NAME} must be a mapping with the keys ${KEYS.join(', ')}`);
    return { ...empty, problems: r.problems };
  }
  const profile: { -readonly [K in keyof ProfileOverrides]: ProfileOverrides[K] } = {};
  let units: UnitSpec[] = [];
  const rules = new Map<string, RuleSetting>();
  let generate: GenerateConfig = {};
  for (const pair of (doc.contents as YAMLMap).items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    switch (key) {
      case 'kubernetesVersion': profile.kubernetesVersion = readVersion(r, pair); break;
      case 'defaultStorageClass': profile.defaultStorageClass = readDefaultClass(r, pair); break;
      case 'namespace': profile.namespace = r.string(pair, 'namespace'); break;
      case 'context': profile.context = r.string(pair, 'context'); break;
      case 'units': units = readUnits(r, pair); break;
      case 'rules': readRules(r, pair, rules); break;
      case 'generate': generate = readGenerate(r, pair); break;
      default: r.problem(pair.key as Node, `unknown key "${key}": ${CONFIG_FILE_NAME} knows ${KEYS.join(', ')}`);
    }
  }
  for (const k of Object.keys(profile) as (keyof ProfileOverrides)[]) if (profile[k] === undefined) delete profile[k];
  return { file, profile, units, rules, generate, problems: r.problems };
}

function readVersion(r: Reader, pair: Pair): string | undefined {
  const v = r.source(pair.value);
  const minor = v === undefined ? undefined : parseMinor(v);
  if (!minor) { r.problem((pair.value as Node | null) ?? pair.key as Node, `kubernetesVersion must be a version like "1.30" (got ${v === undefined ? 'nothing' : `"${v}"`})`); return undefined; }
  return `${minor[0]}.${minor[1]}`;
}

/** `unknown`, `none`, a class name, or {name, provisioner, volumeBindingMode, allowVolumeExpansion}. */
export function defaultClassFrom(value: string): DefaultStorageClass {
  return value === 'unknown' ? { kind: 'unknown' } : value === 'none' ? { kind: 'none' } : { kind: 'named', name: value };
}

function readDefaultClass(r: Reader, pair: Pair): DefaultStorageClass | undefined {
  const value = pair.value as Node | null;
  if (isScalar(value)) {
    const name = r.source(value);
    if (!name) { r.problem(value, 'defaultStorageClass must be unknown, none, or the name of the class'); return undefined; }
    return defaultClassFrom(name);
  }
  if (!isMap(value)) { r.problem(value ?? pair.key as Node, 'defaultStorageClass must be unknown, none, a class name, or a mapping with name (and provisioner, volumeBindingMode, allowVolumeExpansion)'); return undefined; }
  const out: { name?: string; provisioner?: string; volumeBindingMode?: 'Immediate' | 'WaitForFirstConsumer'; allowVolumeExpansion?: boolean } = {};
  for (const item of value.items) {
    const key = isScalar(item.key) ? String(item.key.value) : '';
    const v = r.source(item.value);
    if (key === 'name' || key === 'provisioner') out[key] = r.string(item, `defaultStorageClass.${key}`);
    else if (key === 'volumeBindingMode') {
      if (v && BINDING_MODES.includes(v)) out.volumeBindingMode = v as 'Immediate';
      else r.problem((item.value as Node | null) ?? item.key as Node, `defaultStorageClass.volumeBindingMode must be ${BINDING_MODES.join(' or ')}`);
    } else if (key === 'allowVolumeExpansion') {
      if (isScalar(item.value) && typeof item.value.value === 'boolean') out.allowVolumeExpansion = item.value.value;
      else r.problem((item.value as Node | null) ?? item.key as Node, 'defaultStorageClass.allowVolumeExpansion must be true or false');
    } else r.problem(item.key as Node, `unknown key "${key}" in defaultStorageClass: name, provisioner, volumeBindingMode, allowVolumeExpansion`);
  }
  if (!out.name) { r.problem(pair.key as Node, 'defaultStorageClass needs a name'); return undefined; }
  return { kind: 'named', ...out, name: out.name };
}

function readUnits(r: Reader, pair: Pair): UnitSpec[] {
  const seq = pair.value as Node | null;
  if (!isSeq(seq)) { r.problem(seq ?? pair.key as Node, 'units must be a list; each entry a folder (or glob), or {paths: [folders or globs], recursive: true|false}'); return []; }
  const out: UnitSpec[] = [];
  for (const item of seq.items as (Node | null)[]) {
    if (isScalar(item)) {
      const p = r.source(item);
      if (p) out.push({ paths: [p], recursive: false }); else r.problem(item, 'a unit entry must name a folder');
      continue;
    }
    if (!isMap(item)) { r.problem(item ?? seq, 'a unit entry must be a folder or {paths: […], recursive: …}'); continue; }
    const paths: string[] = [];
    let recursive = false;
    let ok = true;
    for (const p of item.items) {
      const key = isScalar(p.key) ? String(p.key.value) : '';
      if (key === 'paths' || key === 'path') {
        const list = isSeq(p.value) ? (p.value.items as Node[]) : [p.value as Node];
        for (const x of list) { const s = r.source(x); if (s) paths.push(s); else { r.problem(x ?? p.key as Node, 'unit paths must be folders or globs (strings)'); ok = false; } }
      } else if (key === 'recursive') {
        if (isScalar(p.value) && typeof p.value.value === 'boolean') recursive = p.value.value;
        else { r.problem((p.value as Node | null) ?? p.key as Node, 'recursive must be true or false'); ok = false; }
      } else { r.problem(p.key as Node, `unknown key "${key}" in a unit entry: paths, recursive`); ok = false; }
    }
    if (paths.length === 0 && ok) r.problem(item, 'a unit entry needs paths');
    if (paths.length > 0 && ok) out.push({ paths: paths.map(normalizeUnitPath), recursive });
  }
  return out.map((u) => ({ ...u, paths: u.paths.map(normalizeUnitPath) }));
}

/** `./a/b/` → `a/b`; `.` → `` (the config's own folder). */
function normalizeUnitPath(p: string): string {
  return p.split('\\').join('/').replace(/^(\.\/)+/, '').replace(/\/+$/, '').replace(/^\.$/, '');
}

function readRules(r: Reader, pair: Pair, rules: Map<string, RuleSetting>): void {
  const map = pair.value as Node | null;
  if (!isMap(map)) { r.problem(map ?? pair.key as Node, `rules must be a mapping from a finding code to ${RULE_SETTINGS.join(', ')}`); return; }
  for (const item of map.items) {
    const code = isScalar(item.key) ? String(item.key.value) : '';
    const v = r.source(item.value);
    // YAML 1.2 reads `off` as a string; a YAML 1.1 habit of writing `false` means the same
    const setting = v === 'false' ? 'off' : v;
    if (!ALL_CODES.includes(code)) r.problem(item.key as Node, `unknown finding code "${code}" (the codes are in docs/rules.md)`);
    else if (!setting || !(RULE_SETTINGS as readonly string[]).includes(setting)) r.problem((item.value as Node | null) ?? item.key as Node, `the setting of ${code} must be one of ${RULE_SETTINGS.join(', ')}`);
    else rules.set(code, setting as RuleSetting);
  }
}
