// A kubeconfig for the test API server. client-node refuses an http:// server unless
// insecure-skip-tls-verify is set; kubectl sends no credentials over http, so the token only reaches
// client-node (which does send it).
import { writeFileSync } from 'node:fs';

export interface KubeconfigOptions {
  readonly server: string;
  readonly context?: string;
  readonly namespace?: string;
  readonly token?: string;
  /** more contexts on the same server (switching tests) */
  readonly extraContexts?: readonly { name: string; namespace?: string }[];
}

export function kubeconfigText(o: KubeconfigOptions): string {
  const context = o.context ?? 'statefulset-storage-test';
  const contexts = [{ name: context, namespace: o.namespace }, ...(o.extraContexts ?? [])];
  return JSON.stringify({
    apiVersion: 'v1', kind: 'Config',
    clusters: [{ name: 'test-apiserver', cluster: { server: o.server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'test-user', user: o.token ? { token: o.token } : {} }],
    contexts: contexts.map((c) => ({ name: c.name, context: { cluster: 'test-apiserver', user: 'test-user', ...(c.namespace ? { namespace: c.namespace } : {}) } })),
    'current-context': context,
    preferences: {},
  }, null, 2) + '\n';
}

export function writeKubeconfig(path: string, o: KubeconfigOptions): string {
  writeFileSync(path, kubeconfigText(o), { mode: 0o600 });
  return path;
}
