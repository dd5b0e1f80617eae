import { strict as assert } from 'node:assert';
import { applyChange, parseFile, ParsedFile } from '../../../src/core/source';
import { DEFAULT_OPTIONS, Workspace } from '../../../src/core/analysis';
import { generateManifest } from '../../../bench/manifest';

/** What a parse means for the analysis: per document its index, absolute start, first line and text. */
function shape(p: ParsedFile) {
  return p.chunks.flatMap((c) => c.docs.map((d) => ({
    index: d.index,
    start: c.start,
    firstLine: c.lines.firstLine,
    text: c.text,
    name: d.rangeOf(d.yaml.contents?.range?.[0] ?? 0, d.yaml.contents?.range?.[0] ?? 0),
  })));
}

// A deterministic pseudo-random sequence, so a failure can be replayed.
function lcg(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

describe('incremental reparsing (applyChange)', () => {
  const base = generateManifest(6);
  const snippets = ['', 'x', '\n', '---\n', '\n---\n', 'replicas: 7\n', ': [', '  name: z\n', '{{ .Values.x }}'];

  it('gives the same documents, offsets and lines as a full parse after random edits', function () {
    this.timeout(90_000); // a correctness test, not a timed one: hundreds of full parses on a loaded machine
    const rnd = lcg(42);
    let text = base;
    let incremental = parseFile('f.yaml', text);
    for (let step = 0; step < 300; step++) {
      const offset = Math.floor(rnd() * (text.length + 1));
      const deleteCount = Math.min(text.length - offset, Math.floor(rnd() * 12));
      const inserted = snippets[Math.floor(rnd() * snippets.length)];
      incremental = applyChange(incremental, { offset, deleteCount, text: inserted });
      text = text.slice(0, offset) + inserted + text.slice(offset + deleteCount);
      assert.equal(incremental.text, text);
      assert.deepEqual(shape(incremental), shape(parseFile('f.yaml', text)), `after step ${step}`);
    }
  });

  it('parses the file as one chunk when an edit leaves a directive line, inserted or uncovered by a deletion', () => {
    const text = `${base}# %YAML 1.2\n`;
    for (const change of [{ offset: text.length - '# %YAML 1.2\n'.length, deleteCount: 2, text: '' }, { offset: base.length, deleteCount: 0, text: '%TAG ! tag:x,2026:\n' }]) {
      const after = text.slice(0, change.offset) + change.text + text.slice(change.offset + change.deleteCount);
      const incremental = applyChange(parseFile('f.yaml', text), change);
      assert.equal(incremental.chunks.length, 1, 'a file with a directive is one chunk');
      assert.deepEqual(shape(incremental), shape(parseFile('f.yaml', after)));
    }
  });

  it('reparses only the edited document of a large file', () => {
    const text = generateManifest(200);
    const before = parseFile('f.yaml', text);
    const docs = before.chunks.map((c) => c.docs[0]);
    const at = text.indexOf('name: app100\nspec:\n  serviceName');
    const after = applyChange(before, { offset: at + 'name: app100\nspec:\n  serviceName: app100\n  replicas: '.length, deleteCount: 1, text: '5' });
    const changed = after.chunks.map((c, i) => (c.docs[0] === docs[i] ? 0 : 1)).reduce((a: number, b: number) => a + b, 0);
    assert.equal(changed, 1, 'exactly one document was reparsed');
  });

  it('keeps analysis results right when edits shift later documents', () => {
    const ws = new Workspace();
    const text = 'a: 1\n---\n' + generateManifest(2);
    ws.setFile('f.yaml', text);
    ws.applyChanges('f.yaml', [{ offset: 0, deleteCount: 0, text: '# one\n# two\n' }]);
    const fresh = new Workspace();
    fresh.setFile('f.yaml', '# one\n# two\n' + text);
    const names = (w: Workspace) => w.analyze().index.objects.map((o) => [o.kind, o.name, o.src.rangeOf(o.nameSpan.start, o.nameSpan.end)]);
    assert.deepEqual(names(ws), names(fresh));
  });
});

describe('Workspace.withDefaultNamespace', () => {
  it('re-reads objects in the new namespace without reparsing', () => {
    const ws = new Workspace();
    ws.setFile('f.yaml', generateManifest(2));
    const before = ws.analyze();
    const shop = ws.withDefaultNamespace('shop').analyze();
    assert.deepEqual([...new Set(shop.index.statefulSets().map((s) => s.namespace))], ['shop']);
    assert.deepEqual([...new Set(before.index.statefulSets().map((s) => s.namespace))], ['default'], 'the original is unchanged');
    assert.equal(shop.index.statefulSets()[0].src.yaml, before.index.statefulSets()[0].src.yaml, 'the parsed document is shared');
    assert.equal(ws.withDefaultNamespace('default'), ws);
  });

  it('keeps its positions when the original file is edited afterwards', () => {
    const claim = 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n';
    const text = `---\n${claim}`;
    const ws = new Workspace();
    ws.setFile('a.yaml', text);
    const prod = ws.withDefaultNamespace('prod');
    ws.setFile('a.yaml', `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n${text}`); // the claim's chunk is reused, moved down
    ws.analyze();
    const fresh = new Workspace({ ...DEFAULT_OPTIONS, defaultNamespace: 'prod' });
    fresh.setFile('a.yaml', text);
    const where = (w: Workspace) => w.analyze().findings.map((f) => `${f.code} ${f.range.start.line}:${f.range.start.character}`);
    assert.deepEqual(where(prod), where(fresh));
    assert.equal(prod.parsed('a.yaml')!.text, text);
  });
});
