// The snippets in snippets/statefulset-storage.code-snippets: expanded as a user who accepts the defaults
// (or types a few values) would get them, they must be valid apps/v1 / v1 objects, and the engine must
// find nothing wrong with them once the StatefulSet and its PV (and PVC) are together; the claim name
// typed once from template/set/ordinal must be the one the StatefulSet controller computes.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { analyzeTexts, Analysis } from '../../../src/core/analysis';
import { claimName, dns1035LabelProblem, dns1123SubdomainProblem } from '../../../src/core/names';
import { KObject, simulate } from '../../../src/core/simulation';
import { expandSnippet, parseSnippet, tabStops } from './snippetExpander';
import { repoRoot } from '../helpers/analyze';

interface Snippet {
  readonly scope: string;
  readonly prefix: string | readonly string[];
  readonly description: string;
  readonly body: readonly string[];
}


const SNIPPET_FILE = path.join(repoRoot(), 'snippets', 'statefulset-storage.code-snippets');
const snippets: Record<string, Snippet> = JSON.parse(readFileSync(SNIPPET_FILE, 'utf8'));
const byPrefix = new Map<string, Snippet>();
for (const s of Object.values(snippets)) for (const p of [s.prefix].flat()) byPrefix.set(p, s);
const snippet = (prefix: string): Snippet => {
  const s = byPrefix.get(prefix);
  assert.ok(s, `no snippet with prefix ${prefix}`);
  return s;
};

const STS = 'sts-statefulset';
const PVC = 'sts-pvc';
const PV_PREFIXES = ['sts-pv-nfs', 'sts-pv-ceph-rbd', 'sts-pv-local', 'sts-pv-hostpath', 'sts-pv-csi'];

/**
 * Tab stops of each snippet, by meaning, so tests can "type" values. The PV and PVC snippets share
 * 1 = template, 2 = set, 3 = ordinal (the claim name `${1}-${2}-${3}` is typed once).
 */
const STS_STOPS = { set: 1, namespace: 2, replicas: 5, template: 9 };
const PV_STOPS = { template: 1, set: 2, ordinal: 3, namespace: 6 };
const PVC_STOPS = { template: 1, set: 2, ordinal: 3, namespace: 4 };

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function docsOf(text: string): Doc[] {
  const docs = parseAllDocuments(text);
  assert.ok(Array.isArray(docs), 'not a YAML stream');
  for (const d of docs) assert.deepEqual(d.errors.map((e) => e.message), [], `YAML errors in:\n${text}`);
  return docs.map((d) => d.toJS() as Doc);
}

const show = (a: Analysis) => a.findings.map((f) => `${f.file}:${f.range.start.line + 1} ${f.code}: ${f.message}`).join('\n');

function analyze(files: Record<string, string>): Analysis {
  return analyzeTexts(Object.entries(files).map(([file, text]) => ({ file, text })));
}

/** The shape checks the API server does on create, for the fields these snippets fill in. */
function validate(doc: Doc): void {
  const where = `${doc.kind} ${doc.metadata?.name}`;
  const subdomain = dns1123SubdomainProblem(String(doc.metadata?.name ?? ''));
  if (doc.kind === 'Service') assert.equal(dns1035LabelProblem(String(doc.metadata?.name ?? '')), undefined, where);
  else assert.equal(subdomain, undefined, where);
  const claimSpec = (spec: Doc, at: string) => {
    assert.ok(Array.isArray(spec.accessModes) && spec.accessModes.length > 0, `${at}: accessModes`);
    for (const m of spec.accessModes) assert.ok(['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'].includes(m), `${at}: access mode ${m}`);
    assert.match(String(spec.resources?.requests?.storage), /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/, `${at}: storage`);
    assert.equal(spec.storageClassName, '', `${at}: storageClassName must be "" (never a default class)`);
  };
  switch (doc.kind) {
    case 'StatefulSet': {
      assert.equal(doc.apiVersion, 'apps/v1');
      const spec = doc.spec;
      const labels = spec.template.metadata.labels;
      assert.ok(Object.keys(spec.selector.matchLabels).length > 0, 'selector must not be empty');
      for (const [k, v] of Object.entries(spec.selector.matchLabels)) assert.equal(labels[k], v, `selector ${k} selects the template`);
      assert.ok(['OrderedReady', 'Parallel'].includes(spec.podManagementPolicy));
      assert.ok(Number.isInteger(spec.replicas) && spec.replicas >= 0);
      assert.ok(spec.serviceName);
      const containers = spec.template.spec.containers;
      assert.ok(containers.length > 0);
      for (const c of containers) assert.ok(c.name && c.image, 'container name and image');
      const templates: string[] = spec.volumeClaimTemplates.map((t: Doc) => t.metadata.name);
      for (const t of spec.volumeClaimTemplates) claimSpec(t.spec, `template ${t.metadata.name}`);
      const mounts: string[] = containers.flatMap((c: Doc) => (c.volumeMounts ?? []).map((m: Doc) => m.name));
      assert.deepEqual([...new Set(mounts)].sort(), [...templates].sort(), 'each claim template is mounted, each mount names a template');
      break;
    }
    case 'Service':
      assert.equal(doc.apiVersion, 'v1');
      assert.equal(doc.spec.clusterIP, 'None');
      assert.ok(Object.keys(doc.spec.selector).length > 0);
      for (const p of doc.spec.ports) assert.ok(Number.isInteger(p.port) && p.port > 0 && p.port < 65536);
      break;
    case 'PersistentVolume': {
      assert.equal(doc.apiVersion, 'v1');
      const spec = doc.spec;
      assert.match(String(spec.capacity.storage), /^[0-9]+(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/);
      assert.ok(spec.accessModes.length > 0);
      assert.equal(spec.storageClassName, '');
      assert.equal(spec.persistentVolumeReclaimPolicy, 'Retain');
      assert.ok(spec.claimRef?.name && spec.claimRef?.namespace, 'claimRef {name, namespace}');
      const sources = ['nfs', 'csi', 'local', 'hostPath', 'rbd', 'cephfs', 'iscsi', 'fc'].filter((s) => spec[s] !== undefined);
      assert.equal(sources.length, 1, `exactly one volume source: ${sources}`);
      if (spec.local) {
        const term = spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0];
        assert.deepEqual([term.key, term.operator, term.values.length], ['kubernetes.io/hostname', 'In', 1]);
      }
      if (spec.csi) assert.ok(spec.csi.driver && spec.csi.volumeHandle, 'csi driver and volumeHandle');
      for (const v of Object.values(doc.metadata.labels ?? {})) assert.equal(typeof v, 'string', 'label values are strings');
      break;
    }
    case 'PersistentVolumeClaim':
      assert.equal(doc.apiVersion, 'v1');
      claimSpec(doc.spec, where);
      assert.ok(doc.spec.volumeName, 'volumeName');
      for (const v of Object.values(doc.metadata.labels ?? {})) assert.equal(typeof v, 'string', 'label values are strings');
      break;
    default:
      assert.fail(`unexpected kind ${doc.kind}`);
  }
}

describe('snippet expander (test helper)', () => {
  it('expands defaults, mirrors, choices, nesting, $0 and escapes', () => {
    assert.equal(expandSnippet('${1:data}-${2:web}-${3:0} $1/$2 ${4|a,b|} $0 \\$HOME \\} x$'), 'data-web-0 data/web a  $HOME } x$');
    assert.equal(expandSnippet('${2:/p/${1:data}} $1', { 1: 'db' }), '/p/db db');
    assert.equal(expandSnippet('${2:/p/${1:data}}', { 2: '/q' }), '/q');
    assert.equal(expandSnippet('$1 then ${1:late}'), 'late then late', 'a mirror before its placeholder shows the default');
    assert.equal(expandSnippet('${1|x\\,y,z|} ${TM_FILENAME:file} $TM_LINE_NUMBER'), 'x,y file ');
    assert.deepEqual(tabStops(parseSnippet('${1:a ${2:b}} ${3|c|}')).map((t) => t.index), [1, 2, 3]);
  });
});

describe('snippets/statefulset-storage.code-snippets', () => {
  it('are YAML snippets with sts- prefixes and descriptions, one per volume source', () => {
    const prefixes = Object.values(snippets).flatMap((s) => [s.prefix].flat());
    assert.deepEqual([...prefixes].sort(), [STS, PVC, ...PV_PREFIXES].sort());
    for (const [name, s] of Object.entries(snippets)) {
      assert.equal(s.scope, 'yaml', name);
      for (const p of [s.prefix].flat()) assert.match(p, /^sts-[a-z-]+$/, name);
      assert.ok(s.description.length > 20, `${name}: description`);
      assert.ok(Array.isArray(s.body) && s.body.every((l) => typeof l === 'string'), `${name}: body is a list of lines`);
      assert.ok(s.body.every((l) => !l.includes('\t')), `${name}: no tabs in YAML`);
    }
  });

  it('give each tab stop one default: mirrors never disagree', () => {
    for (const [name, s] of Object.entries(snippets)) {
      const defaults = new Map<number, string>();
      for (const t of tabStops(parseSnippet(s.body))) {
        const text = t.type === 'choice' ? `|${t.options.join(',')}|` : t.children ? JSON.stringify(t.children) : undefined;
        if (text === undefined) continue;
        assert.equal(defaults.get(t.index) ?? text, text, `${name}: tab stop ${t.index} has two different defaults`);
        defaults.set(t.index, text);
      }
    }
  });

  it('expand with their defaults to valid apps/v1 and v1 objects', () => {
    for (const [name, s] of Object.entries(snippets)) {
      const docs = docsOf(expandSnippet(s.body));
      assert.ok(docs.length >= 1, name);
      for (const d of docs) validate(d);
    }
    assert.deepEqual(docsOf(expandSnippet(snippet(STS).body)).map((d) => d.kind), ['Service', 'StatefulSet'], 'the Service comes first');
  });

  it('StatefulSet: the Service is headless and selects the pods; the mount is named like the claim template', () => {
    const [svc, sts] = docsOf(expandSnippet(snippet(STS).body, { [STS_STOPS.set]: 'mysql', [STS_STOPS.template]: 'db' }));
    assert.equal(sts.spec.serviceName, svc.metadata.name);
    assert.deepEqual(svc.spec.selector, sts.spec.template.metadata.labels);
    assert.deepEqual(sts.spec.selector.matchLabels, sts.spec.template.metadata.labels);
    assert.equal(sts.spec.template.spec.containers[0].volumeMounts[0].name, 'db');
    assert.equal(sts.spec.volumeClaimTemplates[0].metadata.name, 'db');
    assert.equal(svc.metadata.namespace, sts.metadata.namespace);
  });

  it('StatefulSet alone: only pvc-unbindable, because a set with storageClassName "" needs its PVs', () => {
    // Justified: with `storageClassName: ""` the claims can only bind pre-created PVs, and none are in
    // the analysed files yet. This is the finding that tells the user to add them (sts-pv-*), or to
    // run "Generate PV/PVC files".
    const a = analyze({ 'sts.yaml': expandSnippet(snippet(STS).body) });
    assert.deepEqual(a.findings.map((f) => f.code), ['pvc-unbindable'], show(a));
  });

  for (const pvPrefix of PV_PREFIXES) {
    describe(pvPrefix, () => {
      it('pins the StatefulSet\'s claim with defaults: no finding, the claim binds this PV by claimRef', () => {
        const a = analyze({ 'sts.yaml': expandSnippet(snippet(STS).body), 'pv.yaml': expandSnippet(snippet(pvPrefix).body) });
        assert.deepEqual(a.findings, [], show(a));
        assert.equal(a.prediction.claims.length, 1);
        const [c] = a.prediction.claims;
        assert.equal(c.name, claimName('data', 'web', 0));
        assert.equal(c.outcome, 'bound');
        assert.equal(c.volume?.name, 'data-web-0-pv');
        assert.equal(c.how, 'prebound');
      });

      it('with a pre-bound PVC too: no finding, the claim is the PVC and binds the PV', () => {
        const a = analyze({
          'sts.yaml': expandSnippet(snippet(STS).body),
          'pv.yaml': expandSnippet(snippet(pvPrefix).body),
          'pvc.yaml': expandSnippet(snippet(PVC).body),
        });
        assert.deepEqual(a.findings, [], show(a));
        assert.equal(a.prediction.claims.length, 1);
        const [c] = a.prediction.claims;
        assert.ok(c.pvc, 'the pre-created PVC is the set\'s claim');
        assert.equal(c.set?.name, 'web');
        assert.equal(c.volume?.name, 'data-web-0-pv');
        assert.ok(c.how === 'prebound' || c.how === 'volumeName', String(c.how));
      });

      it('provisions in the cluster simulation: accepted, every claim Bound to its own PV, every pod Ready', () => {
        const typed = (ordinal: number) => ({ [PV_STOPS.ordinal]: String(ordinal) });
        const objects = [
          ...docsOf(expandSnippet(snippet(STS).body, { [STS_STOPS.replicas]: '3' })),
          ...docsOf(expandSnippet(snippet(PVC).body)), // ordinal 0 pre-created, 1 and 2 created by the controller
          ...[0, 1, 2].flatMap((o) => docsOf(expandSnippet(snippet(pvPrefix).body, typed(o)))),
        ] as KObject[];
        const result = simulate(objects);
        assert.deepEqual(result.rejected, []);
        assert.equal(result.settled, true);
        assert.deepEqual(result.claims.map((c) => [c.name, c.phase, c.volume]), [0, 1, 2].map((o) => [`data-web-${o}`, 'Bound', `data-web-${o}-pv`]));
        assert.deepEqual(result.pods.map((p) => [p.name, p.state]), [['web-0', 'ready'], ['web-1', 'ready'], ['web-2', 'ready']]);
      });

      it('typed names flow into the claim name: db-mysql-<n> in namespace shop, 3 replicas, one PV per ordinal', () => {
        const files: Record<string, string> = {
          'sts.yaml': expandSnippet(snippet(STS).body, { [STS_STOPS.set]: 'mysql', [STS_STOPS.template]: 'db', [STS_STOPS.namespace]: 'shop', [STS_STOPS.replicas]: '3' }),
        };
        for (const ordinal of [0, 1, 2]) {
          files[`pv-${ordinal}.yaml`] = expandSnippet(snippet(pvPrefix).body, { [PV_STOPS.template]: 'db', [PV_STOPS.set]: 'mysql', [PV_STOPS.ordinal]: String(ordinal), [PV_STOPS.namespace]: 'shop' });
        }
        const a = analyze(files);
        assert.deepEqual(a.findings, [], show(a));
        const claims = a.prediction.claims.map((c) => [c.name, c.namespace, c.volume?.name, c.how]);
        assert.deepEqual(claims, [0, 1, 2].map((o) => [claimName('db', 'mysql', o), 'shop', `${claimName('db', 'mysql', o)}-pv`, 'prebound']));
        const pv = docsOf(files['pv-1.yaml'])[0];
        assert.deepEqual(pv.spec.claimRef, { name: 'db-mysql-1', namespace: 'shop' });
        assert.deepEqual(pv.metadata.labels, { 'statefulset-storage/set': 'mysql', 'statefulset-storage/template': 'db', 'statefulset-storage/ordinal': '1' });
      });
    });
  }

  it('sts-pvc: claim name, namespace and volumeName follow the typed values', () => {
    const [pvc] = docsOf(expandSnippet(snippet(PVC).body, { [PVC_STOPS.template]: 'db', [PVC_STOPS.set]: 'mysql', [PVC_STOPS.ordinal]: '2', [PVC_STOPS.namespace]: 'shop' }));
    assert.equal(pvc.metadata.name, 'db-mysql-2');
    assert.equal(pvc.metadata.namespace, 'shop');
    assert.equal(pvc.spec.volumeName, 'db-mysql-2-pv');
    assert.equal(pvc.metadata.labels['statefulset-storage/ordinal'], '2');
  });

  it('sts-pv-ceph-rbd is a ceph-csi static volume (ceph-csi docs/static-pvc.md)', () => {
    const [pv] = docsOf(expandSnippet(snippet('sts-pv-ceph-rbd').body));
    assert.equal(pv.spec.csi.driver, 'rbd.csi.ceph.com');
    assert.equal(pv.spec.csi.volumeHandle, 'data-web-0', 'volumeHandle is the RBD image name');
    assert.deepEqual(Object.keys(pv.spec.csi.volumeAttributes).sort(), ['clusterID', 'imageFeatures', 'pool', 'staticVolume']);
    assert.equal(pv.spec.csi.volumeAttributes.staticVolume, 'true', 'a string, as volumeAttributes are map[string]string');
    assert.equal(pv.spec.csi.volumeAttributes.imageFeatures, 'layering');
    for (const v of Object.values(pv.spec.csi.volumeAttributes)) assert.equal(typeof v, 'string');
    assert.ok(pv.spec.csi.nodeStageSecretRef.name && pv.spec.csi.nodeStageSecretRef.namespace);
    assert.ok(['ext4', 'xfs'].includes(pv.spec.csi.fsType));
    assert.equal(pv.spec.persistentVolumeReclaimPolicy, 'Retain', 'ceph-csi cannot delete static images');
  });
});
