// readCommonYaml must build exactly what yaml's parseAllDocuments builds (classes, values, types,
// formats, flow styles, ranges, document markers) for every document it accepts, and decline the rest.
// Compared on every chunk of the manifests this repository holds, on the bench's shapes, on hand-picked
// constructs and on thousands of random edits of those manifests (each accepted one compared again).
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'yaml';
import { SHAPES } from '../../../bench/manifest';
import { readCommonYaml } from '../../../src/core/fastYaml';
import { chunkStarts } from '../../../src/core/source';

const REPO = path.join(__dirname, '..', '..', '..', '..');
const SCHEMA = new yaml.Schema({ resolveKnownTags: true, schema: 'core' });
// as source.ts parses
const OPTIONS = { prettyErrors: false, strict: false, maxAliasCount: 100, logLevel: 'error', schema: SCHEMA } as const;

/** Every own field of a node tree, recursively (not the options and schema, the same objects by construction). */
function dump(node: unknown): unknown {
  if (node === null || typeof node !== 'object') return typeof node === 'number' && Number.isNaN(node) ? 'NaN' : node;
  if (Array.isArray(node)) return node.map(dump);
  const out: Record<string, unknown> = { class: node.constructor.name };
  for (const key of Object.keys(node).sort()) {
    if (key === 'options' || key === 'schema') continue;
    const value = (node as Record<string, unknown>)[key];
    out[key] = key === 'directives' ? JSON.stringify(value) : dump(value);
  }
  return out;
}

/** yaml's reading of a one-document chunk, or why it is no such thing. */
function yamlReading(text: string): unknown {
  const docs = yaml.parseAllDocuments(text, OPTIONS as never) as yaml.Document[];
  if (docs.length !== 1) return `${docs.length} documents`;
  if (docs[0].errors.length > 0 || docs[0].warnings.length > 0) return `errors: ${[...docs[0].errors, ...docs[0].warnings].map((e) => e.code).join(', ')}`;
  return dump(docs[0]);
}

/** Whether the chunk was read; throws when it was read otherwise than yaml reads it. */
function readAlike(text: string): boolean {
  const mine = readCommonYaml(text, OPTIONS);
  if (!mine) return false;
  assert.deepEqual(dump(mine), yamlReading(text), `read otherwise than yaml:\n${text}`);
  return true;
}

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const file = path.join(dir, entry);
    if (statSync(file).isDirectory()) yamlFiles(file, out);
    else if (/\.ya?ml$/.test(entry)) out.push(file);
  }
  return out;
}

function chunksOf(text: string): string[] {
  const starts = chunkStarts(text);
  return starts.map((s, i) => text.slice(s, starts[i + 1] ?? text.length));
}

const repoChunks = () => ['test/fixtures', 'examples'].flatMap((d) => yamlFiles(path.join(REPO, d))).flatMap((f) => chunksOf(readFileSync(f, 'utf8')));

describe('readCommonYaml: yaml\'s nodes without yaml\'s parser', () => {
  it('reads every document of the bench shapes, as yaml does', () => {
    for (const shape of SHAPES) {
      const chunks = shape.make(4).files.flatMap((f) => chunksOf(f.text));
      const read = chunks.filter(readAlike).length;
      assert.equal(read, chunks.length, `${shape.name}: ${read} of ${chunks.length} read`);
    }
  });

  it('reads the documents of the repository\'s manifests it accepts as yaml does, and accepts most', () => {
    const chunks = repoChunks();
    const read = chunks.filter(readAlike).length;
    assert.ok(read > chunks.length / 3, `${read} of ${chunks.length} read`);
  });

  it('reads these constructs as yaml does', () => {
    const accepted = [
      'a: b', 'a: b   \n', 'a:   b\n', 'a: "x"  \n', "a: 'it''s'\n", 'a: [ "a", b ]\n', 'a: [a,b]\n', 'a: [ ]\n', 'a: {}\n',
      'a: {x: 1, y: "2"}\n', 'a:\n  b: c\n  d: e\nf: g\n', 'a:\n- b\n- c\nd: e\n', 'a:\n  - b: 1\n    c: 2\n  - d\n', 'a:\n- b: 1\n  c:\n  - x\n- y\n',
      'a: -1\nb: .5\nc: 0x1F\nd: 1e3\ne: null\nf: ~\ng: True\nh: yes\ni: 0o17\nj: .inf\nk: -.Inf\nl: .nan\nm: 1.50\nn: 007\n',
      'a b: c\n', 'a: b:c\n', '...a: b\n', 'a: [-a]\n', 'url: http://x:80/y\n', '0: a\n', "a: don't\n", '---\na: b\n', 'a:\n  - [a, b]\n  - {c: d}\n  - "q"\n',
      'a:\n  -   b: 1\n      c: 2\n', 'a:\n  b:\n    c: d\ne: f', 'a: 12:30\n', 'a: :x\n',
      '---\n# Source: chart/templates/x.yaml\na: b\n', '# one\n#two\n#\na: b\n', '# trailing spaces  \na: b\n',
      '<<: {a: b}\nc: d\n', // a key like any other to yaml; yamlRead.ts merges it as kubectl does
    ];
    for (const text of accepted) assert.ok(readAlike(text), `declined: ${JSON.stringify(text)}`);
  });

  it('leaves to yaml what it does not read exactly (and what yaml reports as an error)', () => {
    const declined = [
      'a: x # comment\n', 'a: b\n# comment\n', 'a:\n  # comment\n  b: c\n', '  # comment\na: b\n', '# comment\n\na: b\n', 'a: b#c\n', 'a: b\n\nc: d\n', 'a: &x b\nc: *x\n', 'a: !!str 1\n', 'a: |\n  x\n', 'a: >-\n  x\n', 'a: "x\\ty"\n',
      'a: [a, [b]]\n', 'a: {b: [c]}\n', 'a: [a,\n  b]\n', 'a:\n', 'a:\nb: c\n', '"a": b\n', 'a: b\na: c\n', '1: a\n01: b\n', 'a: b\n  c: d\n',
      '\uFEFFa: b\n', 'a:\tb\n', 'a: b\r\nc: d\r\n', 'a: {{ .Values.x }}\n', '- a\n', '? a\n: b\n', 'a: b\n---\n', 'a: - b\n', 'a: "unterminated\n',
      'a: x:\n', 'a:\n  -\n    b: c\n', 'a: [a, ]\n',
      // found by a review: document markers inside, a dash as a flow item, a byte order mark after comments
      '... a: b\n', 'a: b\n... c: d\n', '# c\n... a: b\n', 'a: b\n--- c: d\n', 'a: [-]\n', 'a: [a, -]\n', 'a: {a: -, b: c}\n',
      '# c\n\ufeffa: b\n',
    ];
    for (const text of declined) assert.equal(readCommonYaml(text, OPTIONS), undefined, `read: ${JSON.stringify(text)}`);
  });

  it('reads random edits of the repository\'s manifests as yaml does whenever it accepts them', () => {
    const chunks = repoChunks().concat(SHAPES.flatMap((s) => s.make(2).files.flatMap((f) => chunksOf(f.text))));
    const inserts = [' ', '  ', ':', ': ', '-', '- ', '"', "'", '\n', '\n  ', '[', ']', '{', '}', ',', 'x', '0', '1.5', 'null', '~', 'true', '\\',
      '#', '&a', '*a', '!', '|', '>', '?', '%', '@', '`', ' :', '::', '0x1f', '.inf', '-.5', '1e3', 'True', '0o7', '\uFEFF', '\u0000', '\u00a0',
      '\u2028', '\u0085', '\u{1F600}', '\n#', '\n# x  ', '#\n', '---\n'];
    let seed = 9;
    // 32-bit arithmetic: in doubles the product loses its low bits and the sequence degenerates
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    let read = 0;
    for (let n = 0; n < 4000; n++) {
      let text = pick(chunks);
      for (let edits = 1 + Math.floor(random() * 3); edits > 0; edits--) {
        const at = Math.floor(random() * (text.length + 1));
        const r = random();
        if (r < 0.6) text = text.slice(0, at) + pick(inserts) + text.slice(at);
        else if (r < 0.9) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 3));
        else text = text.slice(0, at);
      }
      if (readAlike(text)) read++;
    }
    assert.ok(read > 1000, `only ${read} of 4000 edited documents read: the comparison says little`);
  });
});
