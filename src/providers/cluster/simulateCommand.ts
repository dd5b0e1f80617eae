// "Simulate": the workspace's objects (and, when a context is usable, the cluster's PVs and PVCs) in an
// in-memory cluster running the same controllers as the test API server; the tree shows the outcome.
import * as vscode from 'vscode';
import type { KObject, SimulationResult } from '../../core/simulation';
import { AnalysisHost } from '../analysisHost';
import { ClusterSession } from './clusterSession';
import { StepStatus, StepStates, stepKey } from './stepStates';

export async function simulateCommand(host: AnalysisHost, session: ClusterSession, states: StepStates, log: vscode.LogOutputChannel, useCluster = true): Promise<SimulationResult | undefined> {
  const existing: KObject[] = [];
  if (useCluster && session.state.kind === 'ready' && vscode.workspace.isTrusted) {
    try {
      const client = await session.connect();
      const signal = AbortSignal.timeout(5000);
      existing.push(...(await client.list('v1', 'PersistentVolume', undefined, {}, signal)).items);
      existing.push(...(await client.list('v1', 'PersistentVolumeClaim', session.state.target.namespace, {}, signal)).items);
      log.info(`simulation seeded with ${existing.length} PVs and PVCs from context ${session.state.target.context}`);
    } catch (e) {
      log.warn(`simulating without the cluster's volumes: ${(e as Error).message}`);
    }
  }
  // the simulated cluster runs in the engine, off this thread
  const simulated = await host.request({ type: 'simulate', existing }).catch((e: Error) => { log.error(`simulation failed: ${e.message}`); return undefined; });
  if (!simulated) return undefined;
  const { result, objects } = simulated;
  const entries: [string, StepStatus][] = [];
  const source = 'simulation' as const;
  for (const v of result.volumes) entries.push([stepKey('PersistentVolume', null, v.name), { state: v.phase === 'Bound' ? 'bound' : 'exists', detail: v.claim ? `bound by ${v.claim}` : `phase ${v.phase}`, source }]);
  for (const c of result.claims) entries.push([stepKey('PersistentVolumeClaim', c.namespace, c.name), { state: c.phase === 'Bound' ? 'bound' : 'pending', detail: c.volume ? `bound to ${c.volume}` : c.reason, source }]);
  for (const p of result.pods) entries.push([stepKey('Pod', p.namespace, p.name), { state: p.state === 'ready' ? 'ready' : 'waiting', detail: p.reason, source }]);
  for (const r of result.rejected) entries.push([stepKey(r.kind, r.namespace ?? null, r.name), { state: 'failed', detail: `${r.reason}: ${r.message}`, source }]);
  for (const o of objects) {
    const key = stepKey(o.kind, o.namespace || null, o.name);
    if (!entries.some(([k]) => k === key)) entries.push([key, { state: 'created', source }]);
  }
  states.replaceFrom('simulation', entries);
  const waiting = result.pods.filter((p) => p.state !== 'ready');
  log.info(`simulation: ${result.claims.filter((c) => c.phase === 'Bound').length}/${result.claims.length} claims Bound, ${result.pods.length - waiting.length}/${result.pods.length} pods Ready`);
  for (const p of waiting) log.info(`  ${p.name}: ${p.state}${p.reason ? ` — ${p.reason}` : ''}`);
  return result;
}
