// Choosing the cluster like kubectl: --kubeconfig, else $KUBECONFIG (a path list, merged), else
// ~/.kube/config; the current-context unless another is named; the context's namespace unless another is
// named. Overrides live in memory only: the user's kubeconfig file is never written.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import { ClusterError } from './errors';
import { Redactor } from './redact';

export interface TargetOptions {
  /** a kubeconfig file (--kubeconfig); else $KUBECONFIG; else ~/.kube/config */
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly namespace?: string;
  /** for tests: the environment and home directory to resolve against */
  readonly env?: NodeJS.ProcessEnv;
  readonly home?: string;
}

/** Where provisioning goes, without any credential: safe to print. */
export interface TargetDescription {
  readonly context: string;
  readonly cluster: string;
  readonly server: string;
  readonly user: string;
  readonly namespace: string;
  readonly kubeconfig: readonly string[];
}

export interface ClusterTarget extends TargetDescription {
  readonly kubeConfig: KubeConfig;
  readonly redactor: Redactor;
}

export function kubeconfigFiles(options: TargetOptions): string[] {
  if (options.kubeconfig) return [options.kubeconfig];
  const env = options.env ?? process.env;
  if (env.KUBECONFIG) return env.KUBECONFIG.split(delimiter).filter(Boolean);
  return [join(options.home ?? homedir(), '.kube', 'config')];
}

export async function loadTarget(options: TargetOptions = {}): Promise<ClusterTarget> {
  const files = kubeconfigFiles(options).filter((f) => existsSync(f));
  if (files.length === 0) {
    throw new ClusterError('Config', `no kubeconfig found (looked at ${kubeconfigFiles(options).join(', ')}); set KUBECONFIG or pass --kubeconfig`);
  }
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  const redactor = () => new Redactor(kc.users);
  try {
    kc.loadFromFile(files[0]);
    for (const f of files.slice(1)) {
      const more = new k8s.KubeConfig();
      more.loadFromFile(f);
      kc.mergeConfig(more, true);
    }
  } catch (e) {
    throw new ClusterError('Config', redactor().redact(`cannot read kubeconfig ${files.join(', ')}: ${(e as Error).message}`));
  }
  const contextName = options.context ?? kc.getCurrentContext();
  const context = kc.getContextObject(contextName);
  if (!contextName || !context) {
    const names = kc.getContexts().map((c) => c.name);
    throw new ClusterError('Config', options.context
      ? `context "${options.context}" not found in the kubeconfig (contexts: ${names.join(', ') || 'none'})`
      : `the kubeconfig has no current-context; pass --context (contexts: ${names.join(', ') || 'none'})`);
  }
  kc.setCurrentContext(contextName);
  const cluster = kc.getCluster(context.cluster);
  if (!cluster) throw new ClusterError('Config', `context "${contextName}" names cluster "${context.cluster}", which the kubeconfig does not define`);
  const r = redactor();
  return {
    context: contextName,
    cluster: cluster.name,
    server: r.redact(cluster.server),
    user: context.user,
    namespace: options.namespace ?? context.namespace ?? 'default',
    kubeconfig: files,
    kubeConfig: kc,
    redactor: r,
  };
}

export function describeTarget(t: TargetDescription): TargetDescription {
  return { context: t.context, cluster: t.cluster, server: t.server, user: t.user, namespace: t.namespace, kubeconfig: t.kubeconfig };
}
