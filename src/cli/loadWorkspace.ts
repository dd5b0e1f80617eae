// Reads the paths of a command into one Workspace so cross-file rules see every file together.
import { AnalysisOptions, DEFAULT_OPTIONS, Workspace } from '../core/analysis';
import { DEFAULT_LIMITS } from '../core/source';
import { flagString, ParsedArgs, UsageError } from './args';
import { collectFiles, readText } from './files';

export const WORKSPACE_FLAGS = ['namespace', 'max-file-mb'] as const;

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
