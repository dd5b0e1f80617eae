// immutable-field-change judged on real manifests (the in-repo real-world corpus and the kubernetes.io
// corpus): each app's StatefulSets are created on a test API server, the live state is read from it, and
// the same files analysed with that snapshot must give no immutable-field-change (nothing was changed);
// without a snapshot the rule never fires.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { readClusterSnapshot } from '../../../src/cluster';
import { Project } from '../../../src/core/project/project';
import { resource } from '../../../src/core/simulation';
import { DEFAULT_LIMITS } from '../../../src/core/source';
import { RealWorldApp, realWorldApps } from '../../support/realWorld';
import { startHarness } from '../cluster/harness';
import { repoRoot } from '../helpers/analyze';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function statefulSetsOf(app: RealWorldApp): Json[] {
  const out: Json[] = [];
  for (const text of app.files.values()) {
    try {
      for (const doc of parseAllDocuments(text)) {
        if (!('toJS' in doc) || doc.errors.length > 0) continue;
        const o = doc.toJS({ maxAliasCount: 100 }) as Json;
        if (o?.kind === 'StatefulSet' && o.apiVersion === 'apps/v1' && o.metadata?.name) out.push(o);
      }
    } catch { /* not YAML (templates): the engine skips it too */ }
  }
  return out;
}

function corpusApps(root: string): RealWorldApp[] {
  const dir = path.join(root, 'test', 'fixtures', 'corpus', 'kubernetes-website');
  return readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => ({ id: `kubernetes-website/${f}`, dir, files: new Map([[path.join(dir, f), readFileSync(path.join(dir, f), 'utf8')]]) }));
}

const codesOf = (p: Project) => p.analyze().findings.filter((f) => f.code === 'immutable-field-change').map((f) => `${f.file}:${f.range.start.line + 1} ${f.message}`);

describe('immutable-field-change on real manifests', function () {
  this.timeout(120_000);
  const root = repoRoot();
  const apps = [...realWorldApps(root), ...corpusApps(root)].filter((a) => statefulSetsOf(a).length > 0);

  it('applied as they are, then read back: silent on every app; without a snapshot: silent too', async () => {
    assert.ok(apps.length >= 15, `${apps.length} apps with a StatefulSet`);
    let created = 0;
    for (const app of apps) {
      const h = await startHarness();
      try {
        const namespaces = new Set<string>(['default']);
        for (const set of statefulSetsOf(app)) {
          const ns = set.metadata.namespace ?? 'default';
          if (!namespaces.has(ns)) { try { h.server.api.create(resource('namespaces'), undefined, { metadata: { name: ns } }); } catch { /* exists */ } namespaces.add(ns); }
          try { h.server.api.create(resource('statefulsets'), ns, set); created++; } catch { /* refused (e2e-etcd has no selector): not on the cluster */ }
        }
        const snapshot = await readClusterSnapshot(h.client, [...namespaces], { timeoutMs: 5000 });
        const live = new Project({ defaultNamespace: 'default', limits: DEFAULT_LIMITS, snapshots: new Map([[snapshot.context, snapshot]]), currentContext: snapshot.context });
        const offline = new Project({ defaultNamespace: 'default', limits: DEFAULT_LIMITS });
        for (const [file, text] of app.files) { live.setFile(file, text); offline.setFile(file, text); }
        assert.deepEqual(codesOf(offline), [], `${app.id} offline`);
        assert.deepEqual(codesOf(live), [], `${app.id} against its own applied StatefulSets`);
      } finally {
        await h.close();
      }
    }
    assert.ok(created >= 15, `${created} StatefulSets created`);
  });
});
