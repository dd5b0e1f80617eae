import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { createServer, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClusterClient, ClusterError, loadTarget, readClusterSnapshot } from '../../../src/cluster';
import { resource } from '../../../src/core/simulation';
import { writeKubeconfig } from '../../support/apiserver/kubeconfig';
import { Harness, startHarness } from './harness';

const TOKEN = 'snapshot-secret-token-123';

async function clientFor(server: string, token = TOKEN): Promise<ClusterClient> {
  const kubeconfig = writeKubeconfig(join(mkdtempSync(join(tmpdir(), 'sts-kc-')), 'config'), { server, context: 'lab', token });
  return ClusterClient.connect(await loadTarget({ kubeconfig }));
}

async function rejection(p: Promise<unknown>): Promise<ClusterError> {
  try { await p; } catch (e) { return e as ClusterError; }
  assert.fail('expected a rejection');
}

/** A TCP server that accepts connections and never answers (a hung API server, a firewall that swallows). */
async function silentServer(): Promise<{ url: string; sockets: Set<Socket>; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, sockets, close: () => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }) };
}

describe('readClusterSnapshot (live cluster state through the test API server)', () => {
  let h: Harness;
  beforeEach(async () => { h = await startHarness({ namespaces: ['shop', 'other'], token: TOKEN, clientToken: TOKEN }); });
  afterEach(async () => { await h.close(); });

  it('reads the version, every StorageClass and PV, and the claims and StatefulSets of the namespaces asked for only', async () => {
    const api = h.server.api;
    api.create(resource('storageclasses'), undefined, { metadata: { name: 'fast', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'x.csi' } as never);
    api.create(resource('persistentvolumes'), undefined, { metadata: { name: 'pv-a', managedFields: [{ manager: 'kubectl' }] }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], nfs: { server: 'n', path: '/a' } } } as never);
    api.create(resource('persistentvolumeclaims'), 'shop', { metadata: { name: 'data-db-0' }, spec: { storageClassName: '', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } as never);
    api.create(resource('persistentvolumeclaims'), 'other', { metadata: { name: 'elsewhere' }, spec: { storageClassName: '', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } as never);

    assert.ok(api.get(resource('persistentvolumes'), undefined, 'pv-a').metadata.managedFields, 'the server keeps managedFields (else the test below proves nothing)');
    const snap = await readClusterSnapshot(h.client, ['shop', 'shop', ''], { timeoutMs: 5000 });
    assert.equal(snap.context, 'statefulset-storage-test');
    assert.equal(snap.kubernetesVersion, '1.32');
    assert.deepEqual(snap.namespaces, ['shop']);
    assert.deepEqual(snap.storageClasses.map((c) => c.metadata.name), ['fast']);
    assert.deepEqual(snap.persistentVolumes.map((c) => [c.kind, c.metadata.name]), [['PersistentVolume', 'pv-a']]);
    assert.deepEqual(snap.persistentVolumeClaims.map((c) => [c.metadata.namespace, c.metadata.name]), [['shop', 'data-db-0']]);
    assert.deepEqual(snap.statefulSets, []);
    assert.ok(!Number.isNaN(Date.parse(snap.takenAt)));
    for (const o of [...snap.persistentVolumes, ...snap.persistentVolumeClaims]) assert.equal('managedFields' in o.metadata, false);
    // plain JSON: it crosses a worker boundary and a cache unchanged
    assert.deepEqual(JSON.parse(JSON.stringify(snap)), snap);
  });

  it('forbidden: a ClusterError with the API\'s reason and the context, no token in it', async () => {
    h.server.faults.fail({ verb: 'list', resource: 'persistentvolumes', code: 403 });
    const e = await rejection(readClusterSnapshot(h.client, ['shop'], { timeoutMs: 5000 }));
    assert.ok(e instanceof ClusterError);
    assert.equal(e.reason, 'Forbidden');
    assert.match(e.message, /^context "statefulset-storage-test": persistentvolumes is forbidden/);
    assert.ok(!e.message.includes(TOKEN));
  });

  it('a wrong token: Unauthorized, and the token is not in the message', async () => {
    const client = await clientFor(h.server.url, 'not-the-token-456');
    const e = await rejection(readClusterSnapshot(client, ['shop'], { timeoutMs: 5000 }));
    assert.equal(e.reason, 'Unauthorized');
    assert.ok(!e.message.includes('not-the-token-456'));
  });
});

describe('readClusterSnapshot of a cluster that does not answer', () => {
  it('a closed port: Unreachable, at once, naming the context', async () => {
    const s = await silentServer();
    const url = s.url;
    await s.close(); // nothing listens there now
    const client = await clientFor(url);
    const started = Date.now();
    const e = await rejection(readClusterSnapshot(client, ['default'], { timeoutMs: 3000 }));
    assert.ok(Date.now() - started < 3000, 'refused at once, not at the deadline');
    assert.equal(e.reason, 'Unreachable');
    assert.match(e.message, /context "lab"/);
    assert.match(e.message, /ECONNREFUSED/);
    assert.ok(!e.message.includes(TOKEN));
  });

  // that the aborted requests keep no process alive is tested through the CLI's own process (liveCli.test.ts)
  it('a server that accepts and never answers: Timeout at the deadline', async () => {
    const s = await silentServer();
    try {
      const client = await clientFor(s.url);
      const started = Date.now();
      const e = await rejection(readClusterSnapshot(client, ['a', 'b'], { timeoutMs: 400 }));
      const took = Date.now() - started;
      assert.ok(took >= 350 && took < 2000, `took ${took} ms`);
      assert.equal(e.reason, 'Timeout');
      assert.equal(e.message, `the API server of context "lab" (${s.url}) did not answer within 0.4s`);
    } finally {
      await s.close();
    }
  });

  it('cancelled by its signal: CancelledError before the deadline', async () => {
    const s = await silentServer();
    try {
      const client = await clientFor(s.url);
      const abort = new AbortController();
      setTimeout(() => abort.abort(), 50);
      const e = await rejection(readClusterSnapshot(client, ['a'], { timeoutMs: 5000, signal: abort.signal }));
      assert.equal(e.reason, 'Cancelled');
    } finally {
      await s.close();
    }
  });
});
