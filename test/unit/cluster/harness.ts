// Test harness: a test API server, a kubeconfig for it, a client through the real @kubernetes/client-node,
// and the engine's plan for a directory of manifests.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeTexts } from '../../../src/core/analysis';
import { buildPlan, Plan } from '../../../src/core/plan';
import { DEFAULT_LIMITS } from '../../../src/core/source';
import { ClusterClient, loadTarget } from '../../../src/cluster';
import { ApiServerOptions, startApiServer, TestApiServer } from '../../support/apiserver/server';
import { writeKubeconfig } from '../../support/apiserver/kubeconfig';

export interface Harness {
  readonly server: TestApiServer;
  readonly kubeconfig: string;
  readonly client: ClusterClient;
  close(): Promise<void>;
}

export async function startHarness(options: ApiServerOptions & { clientToken?: string; namespace?: string } = {}): Promise<Harness> {
  const server = await startApiServer(options);
  const kubeconfig = writeKubeconfig(join(mkdtempSync(join(tmpdir(), 'sts-kc-')), 'config'), { server: server.url, namespace: options.namespace ?? 'default', token: options.clientToken ?? options.token });
  const client = await ClusterClient.connect(await loadTarget({ kubeconfig }));
  return { server, kubeconfig, client, close: () => server.stop() };
}

export function planOf(dir: string, defaultNamespace = 'default'): Plan {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => ({ file: join(dir, f), text: readFileSync(join(dir, f), 'utf8') }));
  return buildPlan(analyzeTexts(files, { defaultNamespace, limits: DEFAULT_LIMITS }));
}

/** [kind/name, outcome] per step: the shape most assertions compare exactly */
export function outcomes(report: { steps: readonly { kind: string; name: string; outcome: string }[] }): string[][] {
  return report.steps.map((s) => [`${s.kind}/${s.name}`, s.outcome]);
}

export const FAST = { bindTimeoutMs: 2000, readyTimeoutMs: 3000 };
