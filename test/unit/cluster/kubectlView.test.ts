// The test API server as kubectl sees it: server-side printing (the Table kubectl asks for, with the
// columns of kubernetes' printers.go) and the OpenAPI v3 documents `kubectl apply` reads before it
// writes (so that it needs no --validate=false). The HTTP-level tests always run; the ones with the
// real kubectl run when kubectl is on PATH and are skipped, saying so, when it is not.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resource } from '../../../src/core/simulation';
import { humanDuration } from '../../support/apiserver/tables';
import { cleanExample } from './fixtures';
import { Harness, planOf, startHarness } from './harness';
import { provision } from '../../../src/cluster';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

function kubectl(args: readonly string[]): Promise<{ code: number; out: string; err: string; missing: boolean }> {
  return new Promise((resolve) => {
    execFile('kubectl', args, { timeout: 30_000, shell: false }, (e, out, err) => resolve({
      code: e ? (typeof e.code === 'number' ? e.code : -1) : 0, out: String(out), err: String(err), missing: (e as { code?: unknown } | null)?.code === 'ENOENT',
    }));
  });
}

describe('test API server as kubectl sees it', () => {
  let h: Harness;
  before(async function () {
    this.timeout(30_000);
    h = await startHarness({ controllers: { podReadyDelayMs: 5 } });
    const report = await provision(h.client, planOf(cleanExample()), { bindTimeoutMs: 5000, readyTimeoutMs: 5000 });
    assert.equal(report.summary.created, 5, JSON.stringify(report.summary));
  });
  after(async () => { await h.close(); });

  const get = async (path: string, accept = TABLE) => (await fetch(h.server.url + path, { headers: { accept } })).json() as Promise<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const columns = (t: Record<string, any>) => (t.columnDefinitions as { name: string; priority: number }[]).filter((c) => c.priority === 0).map((c) => c.name.toUpperCase()); // eslint-disable-line @typescript-eslint/no-explicit-any

  it('answers a Table with kubectl\'s columns for PVs, claims, StatefulSets and pods', async () => {
    const pvs = await get('/api/v1/persistentvolumes');
    assert.equal(pvs.kind, 'Table');
    assert.deepEqual(columns(pvs), ['NAME', 'CAPACITY', 'ACCESS MODES', 'RECLAIM POLICY', 'STATUS', 'CLAIM', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'REASON', 'AGE']);
    assert.deepEqual(pvs.rows[0].cells.slice(0, 7), ['mysql-pv-0', '1Gi', 'RWO', 'Retain', 'Bound', 'default/db-mysql-0', '']);
    assert.equal(pvs.rows[0].object.metadata.name, 'mysql-pv-0');
    const pvcs = await get('/api/v1/namespaces/default/persistentvolumeclaims');
    assert.deepEqual(columns(pvcs), ['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE']);
    assert.deepEqual(pvcs.rows.map((r: { cells: string[] }) => r.cells.slice(0, 5)), [['db-mysql-0', 'Bound', 'mysql-pv-0', '1Gi', 'RWO'], ['db-mysql-1', 'Bound', 'mysql-pv-1', '1Gi', 'RWO']]);
    const sets = await get('/apis/apps/v1/namespaces/default/statefulsets/mysql');
    assert.deepEqual(columns(sets), ['NAME', 'READY', 'AGE']);
    assert.deepEqual(sets.rows[0].cells.slice(0, 2), ['mysql', '2/2']);
    const pods = await get('/api/v1/namespaces/default/pods');
    assert.deepEqual(columns(pods), ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    assert.deepEqual(pods.rows.map((r: { cells: string[] }) => r.cells.slice(0, 3)), [['mysql-0', '1/1', 'Running'], ['mysql-1', '1/1', 'Running']]);
  });

  it('still answers plain JSON to clients that do not ask for a Table', async () => {
    const list = await get('/api/v1/persistentvolumes', 'application/json');
    assert.equal(list.kind, 'PersistentVolumeList');
    assert.equal(list.items.length, 2);
  });

  it('ages as kubectl prints them', () => {
    assert.deepEqual([5, 119, 125, 600, 3 * 3600 + 60, 30 * 3600, 3 * 86400 + 3600].map((s) => humanDuration(s * 1000)), ['5s', '119s', '2m5s', '10m', '3h1m', '30h', '3d1h']);
  });

  it('serves OpenAPI v3: a root per group-version, and PATCH operations that take fieldValidation', async () => {
    const root = await get('/openapi/v3', 'application/json');
    assert.deepEqual(Object.keys(root.paths).sort(), ['api/v1', 'apis/apps/v1', 'apis/storage.k8s.io/v1']);
    const apps = await get(root.paths['apis/apps/v1'].serverRelativeURL, 'application/json');
    const patch = apps.paths['/apis/apps/v1/namespaces/{namespace}/statefulsets/{name}'].patch;
    assert.deepEqual(patch['x-kubernetes-group-version-kind'], { group: 'apps', version: 'v1', kind: 'StatefulSet' });
    assert.ok(patch.parameters.some((p: { name: string; in: string }) => p.name === 'fieldValidation' && p.in === 'query'));
    assert.equal((await fetch(`${h.server.url}/openapi/v3/apis/apps/v1beta1`)).status, 404);
  });

  describe('with the real kubectl', () => {
    before(async function () {
      if ((await kubectl(['version', '--client'])).missing) {
        console.log('      (skipped: kubectl is not on PATH; the HTTP-level tests above cover the same documents)');
        this.skip();
      }
    });

    it('kubectl get pv,pvc shows the columns and values', async () => {
      const r = await kubectl(['--kubeconfig', h.kubeconfig, '--server', h.server.url, 'get', 'pv,pvc']);
      assert.equal(r.code, 0, r.err);
      const lines = r.out.split('\n');
      assert.match(lines[0], /^NAME +CAPACITY +ACCESS MODES +RECLAIM POLICY +STATUS +CLAIM +STORAGECLASS +VOLUMEATTRIBUTESCLASS +REASON +AGE$/);
      assert.match(lines[1], /^persistentvolume\/mysql-pv-0 +1Gi +RWO +Retain +Bound +default\/db-mysql-0 +<unset> +\S+$/);
      const pvcHeader = lines.findIndex((l) => l.startsWith('NAME') && l.includes('VOLUME '));
      assert.match(lines[pvcHeader], /^NAME +STATUS +VOLUME +CAPACITY +ACCESS MODES +STORAGECLASS +VOLUMEATTRIBUTESCLASS +AGE$/);
      assert.match(lines[pvcHeader + 1], /^persistentvolumeclaim\/db-mysql-0 +Bound +mysql-pv-0 +1Gi +RWO +<unset> +\S+$/);
    });

    it('kubectl get sts,pods shows READY', async () => {
      const r = await kubectl(['--kubeconfig', h.kubeconfig, '--server', h.server.url, 'get', 'sts,pods']);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /^NAME +READY +AGE\nstatefulset\.apps\/mysql +2\/2 +\S+\n/m);
      assert.match(r.out, /^pod\/mysql-0 +1\/1 +Running +0 +\S+$/m);
    });

    it('kubectl apply -f works without --validate=false: create, unchanged, configured', async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'sts-kubectl-')), 'svc.yaml');
      const svc = (port: number) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  clusterIP: None\n  selector: {app: web}\n  ports: [{port: ${port}, name: http}]\n`;
      writeFileSync(file, svc(80));
      const args = ['--kubeconfig', h.kubeconfig, '--server', h.server.url, 'apply', '-f', file];
      const created = await kubectl(args);
      assert.deepEqual([created.code, created.out.trim()], [0, 'service/web created'], created.err);
      const again = await kubectl(args);
      assert.deepEqual([again.code, again.out.trim()], [0, 'service/web unchanged'], again.err);
      writeFileSync(file, svc(81));
      const changed = await kubectl(args);
      assert.deepEqual([changed.code, changed.out.trim()], [0, 'service/web configured'], changed.err);
      assert.equal(h.server.api.get(resource('services'), 'default', 'web').spec.ports[0].port, 81);
    });
  });
});
