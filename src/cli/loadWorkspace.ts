// Reads the paths of a command into one Workspace so cross-file rules see every file together.
import { AnalysisOptions, DEFAULT_OPTIONS, Workspace } from '../core/analysis';
import { DEFAULT_LIMITS } from '../core/source';
import { flagString, ParsedArgs, UsageError } from './args';
import { collectFiles, readStream, readText, STDIN_FILE } from './files';
import { analyzeInputs, InputAnalysis } from './analyzeInputs';
import { findKubectl, KubectlChoice } from './kubectl';

export const WORKSPACE_FLAGS = ['namespace', 'max-file-mb'] as const;
/** check and plan: also stdin (`-`) and how kustomizations are rendered */
export const ANALYSIS_FLAGS = [...WORKSPACE_FLAGS, 'kubectl', 'no-kubectl'] as const;

export function analysisOptions(args: ParsedArgs): AnalysisOptions {
  const mb = flagString(args, 'max-file-mb');
  const maxMb = mb === undefined ? undefined : Number(mb);
  if (maxMb !== undefined && !(maxMb > 0)) throw new UsageError(`--max-file-mb must be a positive number (got "${mb}")`);
  return {
    defaultNamespace: flagString(args, 'namespace') ?? DEFAULT_OPTIONS.defaultNamespace,
    limits: { ...DEFAULT_LIMITS, ...(maxMb ? { maxFileBytes: maxMb * 1048576 } : {}) },
  };
}

/** `defaultNamespace` overrides --namespace (apply uses the kube context's namespace). */
export async function loadWorkspace(args: ParsedArgs, defaultNamespace?: string): Promise<Workspace> {
  const paths = args.positional.length ? args.positional : ['.'];
  const options = analysisOptions(args);
  const ws = new Workspace(defaultNamespace ? { ...options, defaultNamespace } : options);
  for (const file of await collectFiles(paths)) ws.setFile(file, await readText(file));
  return ws;
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

/** The paths of `check`/`plan` analysed unit by unit; `-` reads a manifest stream from stdin. */
export async function analyzePaths(args: ParsedArgs, stdin: NodeJS.ReadableStream, signal?: AbortSignal): Promise<InputAnalysis> {
  const paths = args.positional.length ? args.positional : ['.'];
  const files = new Map<string, string>();
  const onDisk = paths.filter((p) => p !== '-');
  if (paths.length > onDisk.length) files.set(STDIN_FILE, await readStream(stdin));
  for (const file of onDisk.length ? await collectFiles(onDisk) : []) files.set(file, await readText(file));
  const kustomized = [...files.keys()].some((f) => /(^|\/)(kustomization\.ya?ml|Kustomization)$/.test(f));
  const render: KubectlChoice = kustomized ? await kubectlChoice(args) : { unavailable: 'no kustomization' };
  return analyzeInputs(files, analysisOptions(args), render, signal);
}
