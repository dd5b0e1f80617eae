// "Provision stateful set" and "Simulate" from the real extension host, against the test API server
// (the real REST protocol over HTTP, driven by the unmodified @kubernetes/client-node), through a
// kubeconfig written for it: the objects are created in order, claims bind, pods get Ready, and the
// tree shows it.
import * as assert from 'assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { stepKey } from '../../src/providers/cluster/stepStates';
import type { TreeNode } from '../../src/providers/cluster/provisioningTree';
import { writeKubeconfig } from '../support/apiserver/kubeconfig';
import { startApiServer, TestApiServer } from '../support/apiserver/server';
import { resource } from '../../src/core/simulation';
import { extensionApi, Sandbox, waitFor } from './helpers';
import { documents, headlessService, nfs, persistentVolume, statefulSet } from './manifests';

const MANIFESTS: Record<string, string> = {
  'web.yaml': documents(
    headlessService('web', { ports: '[{port: 80, name: http}]' }),
    statefulSet({ name: 'web', replicas: 2, container: { name: 'nginx', image: 'nginx:1.27' }, mount: { path: '/usr/share/nginx/html' }, template: 'www', storageClassName: '' }),
  ),
  'pv.yaml': documents(...[0, 1].map((o) => persistentVolume({
    name: `www-web-${o}-pv`, storageClassName: '', reclaimPolicy: 'Retain', claim: `www-web-${o}`, source: nfs('192.0.2.10', `/exports/www-web-${o}`),
  }))),
};

/** the names of every PV, claim, Service and StatefulSet stored */
function stored(server: TestApiServer): string[] {
  return ['persistentvolumes', 'persistentvolumeclaims', 'services', 'statefulsets'].flatMap((p) => server.store.list(resource(p)).map((o) => `${p}/${o.metadata.name}`));
}

/** POST/PUT/PATCH/DELETE requests the server has answered */
function writeCount(server: TestApiServer): number {
  return ['POST', 'PUT', 'PATCH', 'DELETE'].reduce((n, v) => n + (server.stats.byVerb[v] ?? 0), 0);
}

describe('provisioning from VS Code (test API server)', function () {
  this.timeout(90_000);
  let server: TestApiServer;
  let sandbox: Sandbox;
  const previousKubeconfig = process.env.KUBECONFIG;

  before(async () => {
    server = await startApiServer({ controllers: { binderDelayMs: 5, statefulSetDelayMs: 5, podReadyDelayMs: 50 } });
    // The extension reads the kubeconfig like kubectl: $KUBECONFIG, in this (the extension host's) process.
    process.env.KUBECONFIG = writeKubeconfig(join(mkdtempSync(join(tmpdir(), 'sts-kc-')), 'config'), { server: server.url, context: 'test-apiserver', namespace: 'default', token: 'secret-token-123' });
    sandbox = await Sandbox.create('provisioning');
    for (const [name, text] of Object.entries(MANIFESTS)) await vscode.workspace.fs.writeFile(sandbox.uri(name), new TextEncoder().encode(text));
    const { host } = await extensionApi();
    await waitFor(async () => (await host.request({ type: 'sets' }))?.some((s) => s.name === 'web'), 20_000, 'the analysis to see StatefulSet web');
    await vscode.commands.executeCommand('statefulsetStorage.refresh');
  });

  after(async () => {
    process.env.KUBECONFIG = previousKubeconfig;
    await sandbox?.dispose();
    await server?.stop();
  });

  it('shows the context and the set\'s ordered steps in the tree', async () => {
    const { tree, session } = await extensionApi();
    await waitFor(() => session.state.kind === 'ready', 10_000, 'the kube context to be read');
    const roots = await tree.getChildren();
    const context = tree.getTreeItem(roots[0]);
    assert.equal(context.label, 'Context: test-apiserver');
    assert.equal(context.description, 'namespace default');
    const setNode = roots.find((n): n is Extract<TreeNode, { type: 'set' }> => n.type === 'set' && n.set.name === 'web');
    assert.ok(setNode, 'the set is in the tree');
    const labels = (await tree.getChildren(setNode)).map((n) => String(tree.getTreeItem(n).label));
    assert.deepEqual(labels, [
      'Backing volume nfs:192.0.2.10:/exports/www-web-0', 'Backing volume nfs:192.0.2.10:/exports/www-web-1',
      'PersistentVolume www-web-0-pv', 'PersistentVolume www-web-1-pv', 'Service web', 'StatefulSet web', 'Pod web-0', 'Pod web-1',
    ]);
  });

  it('simulates without touching the cluster', async () => {
    const { states } = await extensionApi();
    const writesBefore = writeCount(server);
    await vscode.commands.executeCommand('statefulsetStorage.simulate');
    assert.equal(states.get(stepKey('PersistentVolumeClaim', 'default', 'www-web-0'))?.state, 'bound');
    assert.equal(states.get(stepKey('Pod', 'default', 'web-1'))?.state, 'ready');
    assert.equal(states.get(stepKey('Pod', 'default', 'web-1'))?.source, 'simulation');
    assert.equal(writeCount(server), writesBefore, 'the simulation only reads the cluster');
    assert.equal(server.store.list(resource('persistentvolumes')).length, 0, 'nothing was created');
  });

  it('provisions in order, waits for Bound and Ready, and the tree shows it', async () => {
    const { states, tree } = await extensionApi();
    const report = await vscode.commands.executeCommand<{ ok: boolean; steps: { kind: string; name: string; outcome: string }[]; pods: { name: string; state: string }[] }>(
      'statefulsetStorage.provision', { name: 'web', namespace: 'default', yes: true });
    assert.ok(report, 'the command returned its report');
    assert.deepEqual(report.steps.map((s) => `${s.kind}/${s.name}:${s.outcome}`), [
      // the NFS directories are manual steps: the extension shows the commands, it runs none by default
      'BackingVolume/nfs:192.0.2.10:/exports/www-web-0:manual', 'BackingVolume/nfs:192.0.2.10:/exports/www-web-1:manual',
      'PersistentVolume/www-web-0-pv:created', 'PersistentVolume/www-web-1-pv:created', 'Service/web:created', 'StatefulSet/web:created',
    ]);
    assert.deepEqual(report.pods.map((p) => `${p.name}:${p.state}`), ['web-0:ready', 'web-1:ready']);
    assert.equal(report.ok, true);
    // The cluster has what the tree says.
    const pvc = server.store.get(resource('persistentvolumeclaims'), 'default', 'www-web-1') as { status?: { phase?: string }; spec?: { volumeName?: string } } | undefined;
    assert.equal(pvc?.status?.phase, 'Bound');
    assert.equal(pvc?.spec?.volumeName, 'www-web-1-pv');
    assert.equal(states.get(stepKey('PersistentVolume', null, 'www-web-0-pv'))?.state, 'created');
    assert.equal(states.get(stepKey('Pod', 'default', 'web-0'))?.state, 'ready');
    const setNode = (await tree.getChildren()).find((n) => n.type === 'set')!;
    const pod = (await tree.getChildren(setNode)).find((n) => n.type === 'pod' && n.name === 'web-1')!;
    assert.equal(tree.getTreeItem(pod).description, 'ready');
  });

  it('leaves everything unchanged on a rerun', async () => {
    const report = await vscode.commands.executeCommand<{ steps: { outcome: string }[] }>('statefulsetStorage.provision', { name: 'web', namespace: 'default', yes: true });
    assert.deepEqual(report.steps.map((s) => s.outcome), ['manual', 'manual', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
  });

  it('refuses, writing nothing, when the server\'s dry run rejects an object (apps/v1beta1), even forced', async () => {
    await vscode.workspace.fs.writeFile(sandbox.uri('legacy.yaml'), new TextEncoder().encode(LEGACY));
    const { host } = await extensionApi();
    await waitFor(async () => (await host.request({ type: 'sets' }))?.some((s) => s.name === 'legacy'), 20_000, 'the analysis to see StatefulSet legacy');
    const writes = writeCount(server);
    const storedBefore = stored(server);
    const refusal = await vscode.commands.executeCommand<{ refused: string; problems: { stage: string; kind: string; name: string; reason: string; message: string }[] }>(
      'statefulsetStorage.provision', { name: 'legacy', namespace: 'default', yes: true, force: true });
    assert.equal(refusal.refused, 'dry-run-failed');
    const dryRun = refusal.problems.filter((p) => p.stage === 'dry-run').map((p) => `${p.kind}/${p.name}: ${p.reason}: ${p.message}`);
    assert.deepEqual(dryRun, ['StatefulSet/legacy: NotFound: the server does not serve apps/v1beta1 StatefulSet (404 from discovery); use apps/v1 (removed in Kubernetes 1.16)']);
    assert.ok(refusal.problems.some((p) => p.stage === 'check' && p.reason === 'removed-api-version'));
    assert.ok(writeCount(server) > writes, 'the dry runs were sent');
    assert.deepEqual(stored(server), storedBefore, 'nothing was written');
    assert.equal(server.store.get(resource('persistentvolumes'), undefined, 'legacy-pv'), undefined, 'the PV before the refused set was not created either');
  });

  it('stops on check errors unless forced, then provisions', async () => {
    await vscode.workspace.fs.writeFile(sandbox.uri('legacy.yaml'), new TextEncoder().encode(LEGACY.replace('apps/v1beta1', 'apps/v1')));
    const { host } = await extensionApi();
    await waitFor(async () => (await host.request({ type: 'sets' }))?.some((s) => s.name === 'legacy' && s.apiVersion === 'apps/v1'), 20_000, 'the analysis to see legacy as apps/v1');
    const stopped = await vscode.commands.executeCommand<{ refused: string; problems: { stage: string; reason: string }[] }>('statefulsetStorage.provision', { name: 'legacy', namespace: 'default', yes: true });
    assert.equal(stopped.refused, 'check-errors');
    assert.deepEqual(stopped.problems.map((p) => `${p.stage}:${p.reason}`), ['check:removed-volume-plugin']);
    assert.equal(server.store.get(resource('persistentvolumes'), undefined, 'legacy-pv'), undefined);
    const forced = await vscode.commands.executeCommand<{ ok: boolean }>('statefulsetStorage.provision', { name: 'legacy', namespace: 'default', yes: true, force: true });
    assert.equal(forced.ok, true);
    assert.ok(server.store.get(resource('statefulsets'), 'default', 'legacy'));
  });

  it('judges the unit as check does: the config\'s rules: decide which errors stop it', async () => {
    const text = LEGACY.replace('apps/v1beta1', 'apps/v1').replace(/legacy/g, 'older');
    await vscode.workspace.fs.writeFile(sandbox.uri('older.yaml'), new TextEncoder().encode(text));
    const { host } = await extensionApi();
    await waitFor(async () => (await host.request({ type: 'sets' }))?.some((s) => s.name === 'older'), 20_000, 'the analysis to see StatefulSet older');
    const stopped = await vscode.commands.executeCommand<{ refused?: string }>('statefulsetStorage.provision', { name: 'older', namespace: 'default', yes: true });
    assert.equal(stopped?.refused, 'check-errors', 'the in-tree rbd PV is an error on the newest Kubernetes');
    // the team mounts it through the CSI migration shim and said so in the config: a warning, which does not stop provisioning
    await vscode.workspace.fs.writeFile(sandbox.uri('.statefulset-storage.yaml'), new TextEncoder().encode('rules:\n  removed-volume-plugin: warning\n'));
    await waitFor(async () => (await host.request({ type: 'unitSources', file: sandbox.uri('older.yaml').toString() }))?.rules['removed-volume-plugin'] === 'warning', 20_000, 'the config to apply');
    const report = await vscode.commands.executeCommand<{ ok?: boolean; refused?: string }>('statefulsetStorage.provision', { name: 'older', namespace: 'default', yes: true });
    assert.equal(report?.refused, undefined, JSON.stringify(report));
    assert.equal(report?.ok, true);
    assert.ok(server.store.get(resource('statefulsets'), 'default', 'older'));
  });

  it('refuses, writing nothing, a unit whose config names another kube context', async () => {
    // a folder of its own: its config makes it a unit of its own, which names the cluster it belongs to
    const folder = sandbox.uri('elsewhere');
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, '.statefulset-storage.yaml'), new TextEncoder().encode('context: prod-eu\n'));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'far.yaml'), new TextEncoder().encode(documents(
      headlessService('far'),
      statefulSet({ name: 'far', serviceName: 'far', replicas: 1, container: { name: 'app', image: 'busybox' }, mount: { path: '/data' }, storageClassName: '' }),
    )));
    try {
      const { host } = await extensionApi();
      const file = vscode.Uri.joinPath(folder, 'far.yaml').toString();
      await waitFor(async () => (await host.request({ type: 'unitSources', file }))?.options.profile?.context === 'prod-eu', 20_000, 'the unit of far.yaml to name its context');
      const writes = writeCount(server);
      const refusal = await vscode.commands.executeCommand<{ refused?: string }>('statefulsetStorage.provision', { name: 'far', namespace: 'default', yes: true });
      assert.equal(refusal?.refused, 'other-context');
      assert.equal(writeCount(server), writes, 'nothing sent, not even a dry run');
      assert.equal(server.store.get(resource('statefulsets'), 'default', 'far'), undefined);
    } finally {
      await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false });
    }
  });
});

/** A set as written for Kubernetes 1.8: apps/v1beta1 and an in-tree rbd PV (both check errors). */
const LEGACY = documents(
  persistentVolume({ name: 'legacy-pv', storageClassName: '', reclaimPolicy: 'Retain', claim: 'data-legacy-0', source: '  rbd:\n    monitors: ["192.0.2.20:6789"]\n    pool: rbd\n    image: legacy\n' }),
  statefulSet({ name: 'legacy', apiVersion: 'apps/v1beta1', serviceName: 'web', replicas: 1, container: { name: 'db', image: 'mysql:8.4' }, mount: { path: '/var/lib/mysql' }, storageClassName: '' }),
);
