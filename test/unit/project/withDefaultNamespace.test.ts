// Project.withDefaultNamespace: apply reads its files once, then re-reads them with the kube target's
// namespace. The result must equal a Project built with that namespace from the start, without parsing
// any document again, and leave the first reading as it was.
import * as assert from 'node:assert/strict';
import { Project } from '../../../src/core/project/project';
import { DEFAULT_LIMITS } from '../../../src/core/source';
import { docs, HEADLESS_SERVICE, pv, pvc, statefulSet } from '../helpers/analyze';

// a set and a claim that name no namespace, a claim in "other", and a PV pre-bound to shop/data
const FILES: Record<string, string> = {
  'app/sts.yaml': docs(HEADLESS_SERVICE, statefulSet({ replicas: 2 }), pvc({ name: 'data' }), pvc({ name: 'pinned', namespace: 'other' })),
  'app/pv.yaml': pv({ name: 'pv-0', claimRef: '    namespace: shop\n    name: data\n' }),
};

function projectOf(files: Record<string, string>, defaultNamespace = 'default'): Project {
  const project = new Project({ defaultNamespace, limits: DEFAULT_LIMITS, oneUnit: true });
  for (const [file, text] of Object.entries(files)) project.setFile(file, text);
  return project;
}

const namespaces = (p: Project) => p.analyze().units[0].analysis.index.objects.map((o) => `${o.kind} ${o.namespace ?? '-'}/${o.name}`).sort();
const findings = (p: Project) => p.analyze().findings.map((f) => `${f.file}:${f.range.start.line} ${f.code}: ${f.message}`).sort();

describe('Project.withDefaultNamespace (apply: the target namespace after the profile)', () => {
  it('equals a Project read with that namespace from the start; the first reading is unchanged', () => {
    const first = projectOf(FILES);
    const before = { objects: namespaces(first), findings: findings(first) };
    const shop = first.withDefaultNamespace('shop');
    const fresh = projectOf(FILES, 'shop');
    assert.deepEqual(namespaces(shop), namespaces(fresh));
    assert.deepEqual(findings(shop), findings(fresh));
    assert.ok(namespaces(shop).includes('StatefulSet shop/web') && namespaces(shop).includes('PersistentVolumeClaim other/pinned'), namespaces(shop).join(', '));
    assert.notDeepEqual(findings(shop), before.findings, 'the claimRef to shop/data matters: the namespace changed the findings');
    assert.deepEqual({ objects: namespaces(first), findings: findings(first) }, before);
    assert.equal(first.withDefaultNamespace('default'), first);
  });

  it('re-reads the parsed documents instead of parsing them again', () => {
    const first = projectOf(FILES);
    const doc = (p: Project) => p.analyze().units[0].analysis.index.statefulSets()[0].src.yaml;
    assert.equal(doc(first.withDefaultNamespace('shop')), doc(first));
  });

  it('a unit whose config names its namespace keeps it', () => {
    const first = projectOf({ ...FILES, 'app/.statefulset-storage.yaml': 'namespace: team-a\n' });
    assert.ok(namespaces(first.withDefaultNamespace('shop')).includes('StatefulSet team-a/web'));
    assert.deepEqual(findings(first.withDefaultNamespace('shop')), findings(first));
  });
});
