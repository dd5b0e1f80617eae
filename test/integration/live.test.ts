// Live cluster state in the real extension host (statefulsetStorage.cluster.readLive), against the test
// API server over HTTP through the unmodified @kubernetes/client-node: a claim Bound on the cluster is not
// reported missing; the cluster going away keeps the last snapshot (the status says so) and never hangs;
// turning the setting off is the offline profile again.
import * as assert from 'assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { writeKubeconfig } from '../support/apiserver/kubeconfig';
import { startApiServer, TestApiServer } from '../support/apiserver/server';
import { resource } from '../../src/core/simulation';
import { codes, eventually, extensionApi, Sandbox, waitFor } from './helpers';
import { documents, headlessService, nfs, persistentVolume, statefulSet } from './manifests';

const CONTEXT = 'live-test';

// ordinal 0's claim is pre-created (with its PV); ordinal 1's is not in the files: pvc-missing offline
const APP = documents(
  headlessService('web'),
  statefulSet({ name: 'web', replicas: 2, container: { name: 'nginx', image: 'nginx:1.27' }, mount: { path: '/usr/share/nginx/html' }, template: 'www', storageClassName: '' }),
  persistentVolume({ name: 'pv-0', storageClassName: '', claim: 'www-web-0', source: nfs('192.0.2.10', '/exports/web-0') }),
  `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: www-web-0
spec:
  storageClassName: ""
  volumeName: pv-0
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
`);

const readLive = (on: boolean | undefined) => vscode.workspace.getConfiguration('statefulsetStorage').update('cluster.readLive', on, vscode.ConfigurationTarget.Workspace);

describe('live cluster state (test API server)', function () {
  this.timeout(90_000);
  let server: TestApiServer;
  let box: Sandbox;
  const previousKubeconfig = process.env.KUBECONFIG;
  const app = () => box.uri('app.yaml');

  before(async () => {
    server = await startApiServer({ controllers: { binderDelayMs: 5, statefulSetDelayMs: 5, podReadyDelayMs: 20 } });
    // ordinal 1's claim exists on the cluster, Bound to a PV the files do not have
    server.api.create(resource('persistentvolumes'), undefined, { metadata: { name: 'pv-on-cluster-1' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: '', claimRef: { name: 'www-web-1', namespace: 'default' }, nfs: { server: '192.0.2.10', path: '/exports/web-1' } } } as never);
    server.api.create(resource('persistentvolumeclaims'), 'default', { metadata: { name: 'www-web-1' }, spec: { storageClassName: '', volumeName: 'pv-on-cluster-1', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } as never);
    await waitFor(() => (server.api.list(resource('persistentvolumeclaims')).items[0] as { status?: { phase?: string } }).status?.phase === 'Bound', 10_000, 'the test cluster to bind www-web-1');
    process.env.KUBECONFIG = writeKubeconfig(join(mkdtempSync(join(tmpdir(), 'sts-kc-')), 'config'), { server: server.url, context: CONTEXT, namespace: 'default', token: 'live-secret-token' });
    box = await Sandbox.create('live');
    await vscode.workspace.fs.writeFile(app(), new TextEncoder().encode(APP));
    await vscode.commands.executeCommand('statefulsetStorage.refresh');
    await eventually(() => assert.deepStrictEqual(codes(app()), ['pvc-missing']), 20_000, 'offline: ordinal 1 missing');
  });

  after(async () => {
    await readLive(undefined);
    process.env.KUBECONFIG = previousKubeconfig;
    await vscode.commands.executeCommand('statefulsetStorage.refresh');
    await box?.dispose();
    await server?.stop();
  });

  it('reads the cluster when the setting is on: the claim Bound there is not missing', async () => {
    const { live } = await extensionApi();
    const gets = server.stats.byVerb.GET ?? 0;
    await readLive(true);
    await waitFor(() => live.states.get(CONTEXT)?.kind === 'read', 20_000, 'the live state of the context to be read');
    assert.ok((server.stats.byVerb.GET ?? 0) > gets, 'the cluster was asked');
    await eventually(() => assert.deepStrictEqual(codes(app()), []), 20_000, 'the Bound claim to count');
    const state = live.states.get(CONTEXT);
    assert.ok(state?.kind === 'read' && state.snapshot.persistentVolumeClaims.some((c) => c.metadata.name === 'www-web-1'));
    assert.equal(['POST', 'PUT', 'PATCH', 'DELETE'].reduce((n, v) => n + (server.stats.byVerb[v] ?? 0), 0), 0, 'reading writes nothing');
  });

  it('an unreachable cluster: the refresh returns promptly, the last snapshot is kept and said to be used', async () => {
    const { live } = await extensionApi();
    await server.stop();
    const started = Date.now();
    await vscode.commands.executeCommand('statefulsetStorage.refreshClusterState');
    assert.ok(Date.now() - started < 8_000, `the refresh took ${Date.now() - started} ms`);
    const state = live.states.get(CONTEXT);
    assert.equal(state?.kind, 'unreachable');
    assert.ok(state?.kind === 'unreachable' && state.last, 'the last snapshot is kept');
    assert.ok(state?.kind === 'unreachable' && !state.message.includes('live-secret-token'), 'no credential in the message');
    await eventually(() => assert.deepStrictEqual(codes(app()), []), 5_000, 'the findings of the last snapshot');
  });

  it('setting off: the offline profile again', async () => {
    const { live } = await extensionApi();
    await readLive(false);
    await eventually(() => assert.deepStrictEqual(codes(app()), ['pvc-missing']), 20_000, 'the offline findings');
    assert.equal(live.states.size, 0);
  });
});
