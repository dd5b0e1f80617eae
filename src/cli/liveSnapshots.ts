// `check --live` and `plan --live`: the state of each kube context the units go to, read once before the
// analysis (read only, one short deadline per context). A context that cannot be read costs one line on
// stderr naming it and why; its units are then analysed with the offline profile, and the exit code is
// what the findings say, as without --live.
import { parseAllDocuments } from 'yaml';
// the cluster code (dist/cluster.js) is loaded only with --live: check and plan must not parse it otherwise
import type { ClusterTarget } from '../cluster';
import { loadCluster } from './loadCluster';
import type { ClusterSnapshot } from '../core/clusterSnapshot';
import { dirOf } from '../core/project/paths';
import type { Project } from '../core/project/project';
import { flagString, ParsedArgs, UsageError } from './args';

export const LIVE_FLAGS = ['live', 'context', 'kubeconfig', 'live-timeout'] as const;
export const LIVE_SWITCHES = ['live'];
const DEFAULT_TIMEOUT_S = 5;

export interface LiveRead {
  readonly snapshots: ReadonlyMap<string, ClusterSnapshot>;
  readonly currentContext?: string;
  /** the namespace of the context read (--context, else the current one): where kubectl apply puts objects that name none */
  readonly contextNamespace?: string;
}

/** --live's options, checked: undefined without --live (then --context and the others are refused). */
export function liveOptions(args: ParsedArgs): { timeoutMs: number; context?: string; kubeconfig?: string } | undefined {
  const context = flagString(args, 'context');
  const kubeconfig = flagString(args, 'kubeconfig');
  const timeout = flagString(args, 'live-timeout');
  if (!args.flags.has('live')) {
    const stray = ['context', 'kubeconfig', 'live-timeout'].find((f) => args.flags.has(f));
    if (stray) throw new UsageError(`--${stray} is for the live cluster state: add --live`);
    return undefined;
  }
  const seconds = timeout === undefined ? DEFAULT_TIMEOUT_S : Number(timeout);
  if (!(seconds > 0 && seconds <= 600)) throw new UsageError(`--live-timeout must be a number of seconds between 0 and 600 (got "${timeout}")`);
  return { timeoutMs: Math.round(seconds * 1000), ...(context ? { context } : {}), ...(kubeconfig ? { kubeconfig } : {}) };
}

/** The namespaces the files' objects name (and kustomizations set), besides each unit's default one. */
function namespacesIn(files: ReadonlyMap<string, string>): Set<string> {
  const out = new Set<string>();
  for (const text of files.values()) {
    try {
      for (const doc of parseAllDocuments(text)) {
        if (!('toJS' in doc) || doc.errors.length > 0) continue;
        const o = doc.toJS({ maxAliasCount: 100 }) as { metadata?: { namespace?: unknown }; namespace?: unknown; kind?: unknown } | null;
        const ns = o?.metadata?.namespace ?? (o?.kind === 'Kustomization' || o?.kind === undefined ? o?.namespace : undefined);
        if (typeof ns === 'string' && ns) out.add(ns);
      }
    } catch { /* not YAML: the analysis reports it */ }
  }
  return out;
}

/**
 * Reads the snapshot of every context the files' units go to: `--context`, else each config file's
 * `context`, else the kubeconfig's current context. Never throws for a cluster: a warning per context.
 */
export async function readLiveState(
  args: ParsedArgs, project: Project, files: ReadonlyMap<string, string>, err: NodeJS.WritableStream, signal?: AbortSignal,
): Promise<LiveRead> {
  const options = liveOptions(args);
  if (!options) return { snapshots: new Map() };
  const warn = (context: string | undefined, why: string) =>
    err.write(`statefulset-storage: warning: cannot read the live state of ${context ? `context "${context}"` : 'the cluster'} (${why}); its units are checked with the offline profile\n`);
  const { ClusterClient, loadTarget, readClusterSnapshot } = loadCluster();
  let current: ClusterTarget;
  try {
    current = await loadTarget({ kubeconfig: options.kubeconfig, context: options.context });
  } catch (e) {
    warn(options.context, (e as Error).message);
    return { snapshots: new Map() };
  }
  const contexts = new Map<string, Set<string>>();
  const namespaces = namespacesIn(files);
  for (const file of files.keys()) {
    const profile = project.profileFor(dirOf(file));
    const context = options.context ?? profile.context ?? current.context;
    const set = contexts.get(context) ?? new Set(namespaces);
    set.add(profile.namespace ?? flagString(args, 'namespace') ?? (context === current.context ? current.namespace : 'default'));
    contexts.set(context, set);
  }
  const snapshots = new Map<string, ClusterSnapshot>();
  await Promise.all([...contexts].map(async ([context, ns]) => {
    try {
      const target = context === current.context ? current : await loadTarget({ kubeconfig: options.kubeconfig, context });
      const client = await ClusterClient.connect(target);
      snapshots.set(context, await readClusterSnapshot(client, [...ns], { timeoutMs: options.timeoutMs, signal }));
    } catch (e) {
      if (signal?.aborted) throw e;
      warn(context, (e as Error).message);
    }
  }));
  return { snapshots, currentContext: current.context, contextNamespace: current.namespace };
}
