// What `check` and `plan` analyse: the files of the paths (and stdin for `-`). A folder with a
// kustomization is analysed as kubectl apply -k sees it: rendered with `kubectl kustomize` when a
// kubectl that can is on PATH (findings moved back to the source files), else its resources read
// with the common transformers applied. A kustomization another one includes is analysed through it.
// Every other file is analysed with the rest, together.
import { promises as fs } from 'node:fs';
import { Analysis, AnalysisOptions, analyzeTexts } from '../core/analysis';
import { compareFindings, Finding } from '../core/findings';
import { Kustomization, readKustomization } from '../core/kustomize/kustomization';
import { isKustomizationFile, isRemoteRef, joinPath, KUSTOMIZATION_NAMES } from '../core/kustomize/paths';
import { analyzeRendered } from '../core/kustomize/rendered';
import { KustomizeTree } from '../core/kustomize/tree';
import { identitiesIn } from '../core/kustomize/workspaceView';
import { parseFile, ParsedFile } from '../core/source';
import { ClusterProfile, DEFAULT_PROFILE } from '../core/profile';
import type { SuppressedFinding } from '../core/project/findingFilters';
import { KubectlChoice, renderKustomization } from '../edge/kubectl';

export interface InputAnalysis {
  readonly findings: readonly Finding[];
  /** one per unit: the rest of the files, then each top kustomization */
  readonly analyses: readonly Analysis[];
  /** the units with their folders and files, in the order of `analyses` (with hooks: the rest's units first) */
  readonly units: readonly InputUnit[];
  /** findings an inline comment suppressed */
  readonly suppressed: readonly SuppressedFinding[];
}

export interface InputUnit {
  readonly label: string;
  readonly files: readonly string[];
  readonly analysis: Analysis;
  /** the unit's target cluster (the default one without a project) */
  readonly profile: ClusterProfile;
}

/** How the project (units.ts, config files) takes part: the files outside kustomizations, and each kustomization's target cluster. */
export interface InputHooks {
  /** analyses the files no kustomization consumes, unit by unit */
  analyzeRest(files: readonly { file: string; text: string }[]): { units: readonly InputUnit[]; findings: readonly Finding[]; suppressed: readonly SuppressedFinding[] };
  /** the options of the kustomization in `dir` (its target cluster) */
  optionsFor(dir: string, options: AnalysisOptions): AnalysisOptions;
  /**
   * the config's rule settings and inline suppressions, applied to a kustomization's findings; `texts`:
   * its files, bases outside the paths given included (their ignore comments count too)
   */
  filter(dir: string, findings: readonly Finding[], texts: ReadonlyMap<string, string>): { kept: Finding[]; suppressed: SuppressedFinding[] };
}

/** Files read beyond the paths given (bases in other folders), at most. */
const MAX_EXTRA_FILES = 2000;

export async function analyzeInputs(
  files: ReadonlyMap<string, string>, options: AnalysisOptions, render: KubectlChoice, signal?: AbortSignal, hooks?: InputHooks,
): Promise<InputAnalysis> {
  const all = new Map(files);
  await readReferenced(all);
  const parsed = new Map<string, ParsedFile>();
  const parse = (file: string) => {
    let p = parsed.get(file);
    if (!p) parsed.set(file, (p = parseFile(file, all.get(file) ?? '', options.limits)));
    return p;
  };
  const kustomizations = [...all.keys()].filter(isKustomizationFile).flatMap((f) => kustomizationIn(parse(f)) ?? []);
  const tree = new KustomizeTree(kustomizations, new Set(all.keys()), (f) => identitiesIn(parse(f)));
  const consumed = new Set<string>(tree.partials);
  for (const k of tree.kustomizations) consumed.add(k.file);

  const units: InputUnit[] = [];
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const root of tree.roots) {
    const unitFiles = new Map<string, string>();
    for (const k of tree.reachable(root)) unitFiles.set(k.file, all.get(k.file) ?? '');
    for (const file of tree.filesOf(root).keys()) { unitFiles.set(file, all.get(file) ?? ''); consumed.add(file); }
    const unitOptions = hooks ? hooks.optionsFor(root.dir, options) : options;
    const unit = await analyzeKustomization(root, unitFiles, unitOptions, render, signal);
    units.push({ label: root.dir || '.', files: [...unitFiles.keys()], analysis: unit.analysis, profile: unitOptions.profile ?? DEFAULT_PROFILE });
    const filtered = hooks ? hooks.filter(root.dir, unit.findings, unitFiles) : { kept: unit.findings, suppressed: [] };
    findings.push(...filtered.kept);
    suppressed.push(...filtered.suppressed);
  }
  const rest = [...files].filter(([file]) => !consumed.has(file)).map(([file, text]) => ({ file, text }));
  if (hooks && (rest.length > 0 || units.length === 0)) {
    const r = hooks.analyzeRest(rest);
    units.unshift(...r.units);
    findings.push(...r.findings);
    suppressed.push(...r.suppressed);
  } else if (rest.length > 0 || units.length === 0) {
    const analysis = analyzeTexts(rest, options);
    units.unshift({ label: '.', files: rest.map((r) => r.file), analysis, profile: options.profile ?? DEFAULT_PROFILE });
    findings.push(...analysis.findings);
  }
  return { findings: dedupe(findings).sort(compareFindings), analyses: units.map((u) => u.analysis), units, suppressed };
}

async function analyzeKustomization(
  root: Kustomization, files: ReadonlyMap<string, string>, options: AnalysisOptions, render: KubectlChoice, signal?: AbortSignal,
): Promise<{ analysis: Analysis; findings: readonly Finding[] }> {
  const texts = [...files].map(([file, text]) => ({ file, text }));
  if ('unavailable' in render) {
    const analysis = analyzeTexts(texts, { ...options, kustomizeNotRendered: render.unavailable });
    return { analysis, findings: analysis.findings };
  }
  const result = await renderKustomization(render.kubectl, root.dir, signal);
  if ('error' in result) {
    const analysis = analyzeTexts(texts, { ...options, kustomizeRenderError: result.error });
    return { analysis, findings: analysis.findings };
  }
  return analyzeRendered({ kustomizationFile: root.file, rendered: result.output, sources: texts }, options);
}

function kustomizationIn(parsed: ParsedFile): Kustomization | undefined {
  const doc = parsed.chunks[0]?.docs[0];
  return doc ? readKustomization(doc) : undefined;
}

/**
 * Reads the files kustomizations name that the paths did not include (a base in `../base`), and the
 * kustomization files of folders they name, until nothing new is named.
 */
async function readReferenced(all: Map<string, string>): Promise<void> {
  const queue = [...all.keys()].filter(isKustomizationFile);
  let extra = 0;
  for (let i = 0; i < queue.length && extra < MAX_EXTRA_FILES; i++) {
    const k = kustomizationIn(parseFile(queue[i], all.get(queue[i]) ?? ''));
    if (!k) continue;
    for (const e of [...k.resources, ...k.components, ...k.partials]) {
      if (isRemoteRef(e.ref)) continue;
      const target = joinPath(k.dir, e.ref);
      if (all.has(target)) continue;
      const stat = await fs.stat(target).catch(() => undefined);
      if (stat?.isFile()) {
        const text = await fs.readFile(target, 'utf8').catch(() => undefined);
        if (text !== undefined) { all.set(target, text); extra++; }
      } else if (stat?.isDirectory()) {
        for (const name of KUSTOMIZATION_NAMES) {
          const file = joinPath(target, name);
          if (all.has(file)) break;
          const text = await fs.readFile(file, 'utf8').catch(() => undefined);
          if (text !== undefined) { all.set(file, text); queue.push(file); extra++; break; }
        }
      }
    }
  }
}

function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.code}|${f.file}|${f.range.start.line}:${f.range.start.character}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
