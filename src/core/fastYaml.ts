// The common shape of a Kubernetes manifest — block mappings and sequences of one-line plain or quoted
// scalars and one-line flat flow collections — read in one pass straight into yaml's own nodes, exactly
// as yaml's parseAllDocuments builds them (same classes, values, types, formats and ranges: the unit test
// compares both on every manifest the tests hold). On a large manifest yaml's lexer, token parser and
// composer cost as much as the whole analysis; this reads such a document in a fraction of that.
//
// It declines (returns undefined, and yaml reads the text) whatever else it meets: comments other than
// whole lines before the content, blank lines, anchors, aliases, tags, block scalars, escapes, multi-line
// scalars or flow collections, nested flow collections, empty values, quoted keys in block mappings,
// duplicate keys, tabs, carriage returns, byte order marks, document markers inside, template syntax, and
// anything yaml would report as an error. A decline costs one aborted scan of the document.
import * as yaml from 'yaml';
import type { Document, Node, Schema } from 'yaml';

// Bound once: bundled, yaml's named imports are read through a getter on every use (see yamlRead.ts).
const { Document: YamlDocument, Pair, Scalar, YAMLMap, YAMLSeq, isScalar } = yaml;

/** What yaml's parseAllDocuments is given (source.ts): the schema must be an instance. */
export interface FastYamlOptions {
  readonly schema: Schema;
  readonly [option: string]: unknown;
}

/** Thrown (without a stack) to abandon the document; caught in readCommonYaml only. */
const DECLINE = Symbol('decline');

const NL = 10;
const SPACE = 32;
const DASH = 45;
const COLON = 58;
const HASH = 35;

/** A document marker at the start of a line */
const MARKER = /^(?:---|\.\.\.)(?:[ \n]|$)/gm;

/** Characters that start something other than a plain scalar, or that this reader leaves to yaml. */
const NOT_PLAIN_START = new Set('&*!|>%@`?#,[]{}\'"'.split('').map((c) => c.charCodeAt(0)));
/** What after a `-` in a flow collection makes it an indicator rather than the start of a plain scalar */
const ENDS_FLOW_DASH = new Set(' ,[]{}'.split('').map((c) => c.charCodeAt(0)));
/** First characters of plain scalars that a core schema tag may resolve to something else than a string. */
const MAY_NOT_BE_STRING = new Set('~nNtTfF0123456789+-.'.split('').map((c) => c.charCodeAt(0)));

interface Read<T> { readonly node: T; /** offset of the line after it */ readonly end: number }

type Tag = { default?: boolean | 'key'; test?: RegExp; format?: string; resolve: (value: string, onError: (message: string) => void, options: unknown) => unknown };

/** One document of `text` (a chunk holding exactly one), or undefined where yaml must read it. */
export function readCommonYaml(text: string, options: FastYamlOptions): Document | undefined {
  // a byte order mark yaml drops (at the start, or after leading comments) would stay in the first key
  if (text.includes('\ufeff') || text.includes('\t') || text.includes('\r') || text.includes('{{') || text.includes('\n\n')) return undefined;
  try {
    return new Reader(text, options).document();
  } catch (e) {
    if (e === DECLINE) return undefined;
    throw e;
  }
}

/**
 * The schema's tags a plain scalar is tested against, as findScalarTagByTest does, once per schema (the
 * engine shares one): yaml later adds only non-default tags to a schema, which this filter leaves out anyway.
 */
const TESTED_TAGS = new WeakMap<Schema, readonly Tag[]>();
function testedTags(schema: Schema): readonly Tag[] {
  let tags = TESTED_TAGS.get(schema);
  if (!tags) TESTED_TAGS.set(schema, tags = (schema as unknown as { tags: Tag[] }).tags.filter((t) => t.default === true && t.test));
  return tags;
}

class Reader {
  private readonly tags: readonly Tag[];
  /** the document read into; its options (yaml's defaults under the caller's) are what tags resolve with */
  private readonly doc: Document;

  constructor(private readonly text: string, private readonly options: FastYamlOptions) {
    this.tags = testedTags(options.schema);
    this.doc = new YamlDocument(undefined, options) as Document;
  }

  document(): Document {
    const { text, doc } = this;
    let p = 0;
    let docStart = false;
    if (text.startsWith('---')) {
      if (text.charCodeAt(3) !== NL) throw DECLINE;
      docStart = true;
      p = 4;
    }
    // a later document marker (`--- a: b`, `... a: b`) would read as part of a key (source.ts cuts chunks at `---` only)
    MARKER.lastIndex = p;
    if (MARKER.test(text)) throw DECLINE;
    // comment lines before the content (`# Source: chart/templates/x.yaml` of helm template): no other comment
    const comments: string[] = [];
    while (text.charCodeAt(p) === HASH) {
      const e = this.lineEnd(p);
      comments.push(text.slice(p + 1, e) || ' '); // as yaml's resolveProps reads an empty comment
      p = e + 1;
    }
    if (p >= text.length || text.charCodeAt(p) === SPACE || text.includes('#', p) || !this.isKeyLine(p)) throw DECLINE;
    const root = this.blockMap(p, 0);
    if (root.end !== text.length) throw DECLINE;
    // yaml gives the comment to the mapping after a `---`, else to its first key (and starts the document there)
    if (comments.length > 0) (docStart ? root.node : root.node.items[0].key as yaml.Scalar).commentBefore = comments.join('\n');
    if (docStart) doc.directives!.docStart = true; // a new Document always has directives
    doc.contents = root.node;
    const end = root.node.range![2];
    doc.range = [docStart ? 0 : p, end, end];
    return doc;
  }

  private lineEnd(p: number): number {
    const e = this.text.indexOf('\n', p);
    return e === -1 ? this.text.length : e;
  }

  /** The indentation of the line starting at `p`; a line of spaces only (or a last line without text) declines. */
  private indentAt(p: number): number {
    let i = p;
    while (this.text.charCodeAt(i) === SPACE) i++;
    if (i >= this.text.length || this.text.charCodeAt(i) === NL) throw DECLINE;
    return i - p;
  }

  private isDash(p: number): boolean {
    if (this.text.charCodeAt(p) !== DASH) return false;
    const next = this.text.charCodeAt(p + 1);
    if (next === SPACE) return true;
    if (next === NL || p + 1 >= this.text.length) throw DECLINE; // `-` alone: its item on the next lines
    return false;
  }

  /** The colon ending a plain implicit key that starts at `p`, or -1 when this line holds none. */
  private keyColon(p: number): number {
    const { text } = this;
    if (NOT_PLAIN_START.has(text.charCodeAt(p)) || text.charCodeAt(p) === COLON) return -1;
    const e = this.lineEnd(p);
    // not indexOf(':'): on a line without one it would scan on to the next colon of the text (quadratic
    // over a long list of plain items)
    for (let i = p + 1; i < e; i++) {
      if (text.charCodeAt(i) !== COLON) continue;
      const next = text.charCodeAt(i + 1);
      if (i + 1 >= text.length || next === NL || next === SPACE) return i;
    }
    return -1;
  }

  private isKeyLine(p: number): boolean {
    return !(this.text.charCodeAt(p) === DASH && this.text.charCodeAt(p + 1) === SPACE) && this.keyColon(p) !== -1;
  }

  /** A block mapping whose first key starts at `p` (maybe after a sequence's `- `); its keys sit at column `indent`. */
  private blockMap(p: number, indent: number): Read<yaml.YAMLMap> {
    const { text } = this;
    const map = new YAMLMap(this.options.schema);
    const start = p;
    for (;;) {
      const colon = this.keyColon(p);
      if (colon === -1 || text.charCodeAt(colon - 1) === SPACE) throw DECLINE;
      const key = this.scalar(text.slice(p, colon), 'PLAIN', p, colon, colon);
      for (const pair of map.items) if ((pair.key as yaml.Scalar).value === key.value) throw DECLINE;
      const value = this.mapValue(colon + 1, indent);
      map.items.push(new Pair(key, value.node));
      const next = value.end;
      if (next >= text.length) break;
      const ind = this.indentAt(next);
      if (ind > indent || (ind === indent && this.isDash(next + ind))) throw DECLINE;
      if (ind < indent) break;
      p = next + ind;
    }
    const end = (map.items[map.items.length - 1].value as Node).range![2]; // its line break included
    map.range = [start, end, end];
    return { node: map, end };
  }

  /** The value after a key's colon at `q - 1`: on the same line, or a block on the lines below. */
  private mapValue(q: number, indent: number): Read<Node> {
    const { text } = this;
    if (q >= text.length || text.charCodeAt(q) === NL) {
      const next = q + 1;
      if (next >= text.length) throw DECLINE; // an empty value
      const ind = this.indentAt(next);
      if (ind > indent) return this.isDash(next + ind) ? this.blockSeq(next + ind, ind) : this.nestedMap(next + ind, ind);
      if (ind === indent && this.isDash(next + ind)) return this.blockSeq(next + ind, ind);
      throw DECLINE; // an empty value
    }
    if (text.charCodeAt(q) !== SPACE) throw DECLINE;
    let v = q;
    while (text.charCodeAt(v) === SPACE) v++;
    if (v >= text.length || text.charCodeAt(v) === NL) throw DECLINE; // trailing spaces, then a block or nothing
    return this.inlineValue(v);
  }

  private nestedMap(p: number, indent: number): Read<yaml.YAMLMap> {
    if (!this.isKeyLine(p)) throw DECLINE;
    return this.blockMap(p, indent);
  }

  /** A block sequence whose first `- ` is at `p`, at column `indent`. */
  private blockSeq(p: number, indent: number): Read<yaml.YAMLSeq> {
    const { text } = this;
    const seq = new YAMLSeq(this.options.schema);
    const start = p;
    for (;;) {
      let v = p + 2;
      while (text.charCodeAt(v) === SPACE) v++;
      if (v >= text.length || text.charCodeAt(v) === NL || this.isDash(v)) throw DECLINE;
      const item = this.isKeyLine(v) ? this.blockMap(v, v - this.lineStart(v)) : this.inlineValue(v);
      seq.items.push(item.node);
      const next = item.end;
      if (next >= text.length) break;
      const ind = this.indentAt(next);
      if (ind === indent && this.isDash(next + ind)) { p = next + ind; continue; }
      if (ind > indent) throw DECLINE;
      break; // less indented, or the next key of the mapping this sequence is the value of
    }
    const end = (seq.items[seq.items.length - 1] as Node).range![2];
    seq.range = [start, end, end];
    return { node: seq, end };
  }

  private lineStart(p: number): number {
    return this.text.lastIndexOf('\n', p - 1) + 1;
  }

  /** A scalar or flow collection from `v` to the end of its line, which holds nothing else. */
  private inlineValue(v: number): Read<Node> {
    const { text } = this;
    const e = this.lineEnd(v);
    const lineEnd = e >= text.length ? e : e + 1;
    const c = text.charCodeAt(v);
    let node: Node;
    let valueEnd: number;
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      const flow = c === 0x5b ? this.flowSeq(v, e) : this.flowMap(v, e);
      node = flow.node;
      valueEnd = flow.end;
    } else if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
      const quoted = this.quoted(v, e);
      valueEnd = quoted.end;
      node = this.scalar(quoted.value, c === 0x22 ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE', v, valueEnd, lineEnd);
    } else {
      if (NOT_PLAIN_START.has(c) || ((c === DASH || c === COLON) && (text.charCodeAt(v + 1) === SPACE || v + 1 >= e))) throw DECLINE;
      valueEnd = e;
      while (text.charCodeAt(valueEnd - 1) === SPACE) valueEnd--;
      const source = text.slice(v, valueEnd);
      // `a: b: c` and `- a: b` were taken as keys or are errors; a colon ending the value is a key
      if (source.includes(': ') || source.endsWith(':')) throw DECLINE;
      node = this.scalar(source, 'PLAIN', v, valueEnd, lineEnd);
    }
    for (let i = valueEnd; i < e; i++) if (text.charCodeAt(i) !== SPACE) throw DECLINE;
    if (node.range![2] !== lineEnd) node.range = [node.range![0], node.range![1], lineEnd];
    return { node, end: lineEnd };
  }

  /** A quoted scalar closed on its own line, without escapes: its value and the offset after the closing quote. */
  private quoted(v: number, e: number): { value: string; end: number } {
    const { text } = this;
    const quote = text[v];
    if (quote === '"') {
      const close = text.indexOf('"', v + 1);
      if (close === -1 || close >= e) throw DECLINE;
      const value = text.slice(v + 1, close);
      if (value.includes('\\')) throw DECLINE;
      return { value, end: close + 1 };
    }
    let i = v + 1;
    for (;;) {
      const close = text.indexOf("'", i);
      if (close === -1 || close >= e) throw DECLINE;
      if (text[close + 1] !== "'") return { value: text.slice(v + 1, close).replace(/''/g, "'"), end: close + 1 };
      i = close + 2;
    }
  }

  /** `[a, "b"]` of scalars on one line; `end` is the offset after `]`. */
  private flowSeq(v: number, e: number): { node: yaml.YAMLSeq; end: number } {
    const seq = new YAMLSeq(this.options.schema);
    seq.flow = true;
    const close = this.flowItems(v, e, 0x5d /* ] */, (item) => seq.items.push(item));
    seq.range = [v, close, close];
    return { node: seq, end: close };
  }

  /** `{a: b, c: "d"}` of scalars on one line; `end` is the offset after `}`. */
  private flowMap(v: number, e: number): { node: yaml.YAMLMap; end: number } {
    const map = new YAMLMap(this.options.schema);
    map.flow = true;
    const close = this.flowItems(v, e, 0x7d /* } */, (item, key) => {
      if (!key) throw DECLINE;
      for (const pair of map.items) if ((pair.key as yaml.Scalar).value === key.value) throw DECLINE;
      map.items.push(new Pair(key, item));
    });
    map.range = [v, close, close];
    return { node: map, end: close };
  }

  /**
   * The items of a flow collection opened at `v` and closed by `closer` on the same line, each given to
   * `add` (with its key in a mapping: `key: value`). Returns the offset after the closer.
   */
  private flowItems(v: number, e: number, closer: number, add: (item: Node, key?: yaml.Scalar) => void): number {
    const { text } = this;
    const inMap = closer === 0x7d;
    let i = v + 1;
    while (text.charCodeAt(i) === SPACE) i++;
    if (text.charCodeAt(i) === closer) return i + 1;
    for (;;) {
      let key: yaml.Scalar | undefined;
      let item = this.flowScalar(i, e, inMap);
      if (inMap) {
        if (text.charCodeAt(item.next) !== COLON || text.charCodeAt(item.next + 1) !== SPACE) throw DECLINE;
        key = item.node;
        key.range = [key.range![0], key.range![1], key.range![1]];
        let j = item.next + 1;
        while (text.charCodeAt(j) === SPACE) j++;
        item = this.flowScalar(j, e, false);
      }
      add(item.node, key);
      const c = text.charCodeAt(item.next);
      if (c === closer) return item.next + 1;
      if (c !== 0x2c /* , */) throw DECLINE;
      i = item.next + 1;
      while (text.charCodeAt(i) === SPACE) i++;
      if (i >= e || text.charCodeAt(i) === closer) throw DECLINE; // a trailing comma, or the line ends
    }
  }

  /** A scalar in a flow collection at `i`; `next` is the `,`, `]`, `}` or `:` after it and its spaces. */
  private flowScalar(i: number, e: number, isKey: boolean): { node: yaml.Scalar; next: number } {
    const { text } = this;
    const c = text.charCodeAt(i);
    let valueEnd: number;
    let node: yaml.Scalar;
    if (c === 0x22 || c === 0x27) {
      const quoted = this.quoted(i, e);
      valueEnd = quoted.end;
      node = this.scalar(quoted.value, c === 0x22 ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE', i, valueEnd, valueEnd);
    } else {
      // `-` before a blank or a flow indicator starts a block sequence to yaml's lexer (an error in flow)
      if (NOT_PLAIN_START.has(c) || c === COLON || (c === DASH && ENDS_FLOW_DASH.has(text.charCodeAt(i + 1)))) throw DECLINE;
      valueEnd = i;
      while (valueEnd < e) {
        const d = text.charCodeAt(valueEnd);
        if (d === 0x2c || d === 0x5d || d === 0x7d || d === 0x5b || d === 0x7b) break;
        if (d === COLON) { if (isKey) break; throw DECLINE; }
        valueEnd++;
      }
      while (text.charCodeAt(valueEnd - 1) === SPACE) valueEnd--;
      if (valueEnd === i) throw DECLINE;
      node = this.scalar(text.slice(i, valueEnd), 'PLAIN', i, valueEnd, valueEnd);
    }
    let next = valueEnd;
    while (text.charCodeAt(next) === SPACE) next++;
    if (next >= e) throw DECLINE;
    node.range = [node.range![0], node.range![1], next];
    return { node, next };
  }

  /** A scalar as yaml's composeScalar makes it: the core schema's tag that matches a plain scalar. */
  private scalar(source: string, type: 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE', start: number, valueEnd: number, end: number): yaml.Scalar {
    let node: yaml.Scalar;
    const tag = type === 'PLAIN' && MAY_NOT_BE_STRING.has(source.charCodeAt(0)) ? this.tags.find((t) => t.test!.test(source)) : undefined;
    if (tag) {
      const resolved = tag.resolve(source, () => { throw DECLINE; }, this.doc.options);
      node = isScalar(resolved) ? resolved : new Scalar(resolved);
    } else {
      node = new Scalar(source);
    }
    node.range = [start, valueEnd, end];
    node.source = source;
    node.type = type;
    if (tag?.format) node.format = tag.format;
    return node;
  }
}
