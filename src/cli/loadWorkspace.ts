// The paths of check and plan, read and analysed (unit by unit through loadProject's hooks).
import { AnalysisOptions, DEFAULT_OPTIONS } from '../core/analysis';
import { DEFAULT_LIMITS } from '../core/source';
import { flagString, ParsedArgs, UsageError } from './args';
import { collectFiles, readStream, readText, STDIN_FILE } from './files';
import { analyzeInputs, InputAnalysis, InputHooks } from './analyzeInputs';
import { findKubectl, KubectlChoice } from '../edge/kubectl';
import { compareFindings, toFinding } from '../core/findings';
import { skippedFileFinding } from '../core/rules/documentRules';

export const WORKSPACE_FLAGS = ['namespace', 'max-file-mb', 'verbose'] as const;
/** check and plan: also stdin (`-`) and how kustomizations are rendered */
export const ANALYSIS_FLAGS = [...WORKSPACE_FLAGS, 'kubectl', 'no-kubectl'] as const;

export function analysisOptions(args: ParsedArgs): AnalysisOptions {
  const mb = flagString(args, 'max-file-mb');
  const maxMb = mb === undefined ? undefined : Number(mb);
  if (maxMb !== undefined && !(maxMb > 0)) throw new UsageError(`--max-file-mb must be a positive number (got "${mb}")`);
  return {
    defaultNamespace: flagString(args, 'namespace') ?? DEFAULT_OPTIONS.defaultNamespace,
    limits: { ...DEFAULT_LIMITS, ...(maxMb ? { maxFileBytes: maxMb * 1048576 } : {}) },
    // the CLI analyses once and never edits: components (what keeps an edit local) would only cost
    isolate: false,
  };
}

const NOT_YAML = 'its name does not end in .yaml or .yml, and only YAML manifests are read';

export function pathsOf(args: ParsedArgs): readonly string[] {
  return args.positional.length ? args.positional : ['.'];
}

export function noYamlMessage(args: ParsedArgs): string {
  const paths = pathsOf(args);
  return `no YAML file (*.yaml, *.yml) found in ${paths.join(', ')}`;
}

/** How kustomizations are rendered: --no-kubectl turns it off, --kubectl names the program. */
async function kubectlChoice(args: ParsedArgs): Promise<KubectlChoice> {
  const explicit = flagString(args, 'kubectl');
  if (args.flags.has('no-kubectl')) {
    if (explicit !== undefined) throw new UsageError('--kubectl and --no-kubectl exclude each other');
    return { unavailable: 'rendering is turned off (--no-kubectl)' };
  }
  return findKubectl(explicit);
}

export interface PathsAnalysis extends InputAnalysis {
  /** how many manifests were read (stdin counts): 0 means nothing was checked */
  readonly yamlFiles: number;
  /** files named explicitly that are not YAML: a `file-skipped` finding each, never parsed */
  readonly skipped: readonly string[];
}

/** The paths of `check`/`plan` analysed unit by unit; `-` reads a manifest stream from stdin. */
export async function analyzePaths(
  args: ParsedArgs, stdin: () => NodeJS.ReadableStream, signal?: AbortSignal, makeHooks?: (files: ReadonlyMap<string, string>) => Promise<InputHooks>,
): Promise<PathsAnalysis> {
  const paths = pathsOf(args);
  const files = new Map<string, string>();
  const onDisk = paths.filter((p) => p !== '-');
  if (paths.length > onDisk.length) files.set(STDIN_FILE, await readStream(stdin()));
  const { yaml, other } = onDisk.length ? await collectFiles(onDisk) : { yaml: [], other: [] };
  for (const file of yaml) files.set(file, await readText(file));
  const kustomized = [...files.keys()].some((f) => /(^|\/)(kustomization\.ya?ml|Kustomization)$/.test(f));
  const render: KubectlChoice = kustomized ? await kubectlChoice(args) : { unavailable: 'no kustomization' };
  const analysis = await analyzeInputs(files, analysisOptions(args), render, signal, makeHooks && await makeHooks(files));
  const skippedFindings = other.map((file) => toFinding(skippedFileFinding(file, NOT_YAML)));
  return { ...analysis, findings: [...skippedFindings, ...analysis.findings].sort(compareFindings), yamlFiles: files.size, skipped: other };
}
