// Files are split into chunks at document markers (`---` at column 0, which YAML forbids inside any
// scalar), and each chunk is parsed on its own. Re-parsing a file after an edit reuses every chunk
// whose text did not change, so an edit in a 5,000-document file reparses one document.
import * as yaml from 'yaml';
import type { Document } from 'yaml';
import { readCommonYaml } from './fastYaml';
import { readLeniently } from './lenientYaml';
import { excessiveAliasing, expansionOf, hasAliases } from './aliases';
import { failureOf, guarded, InternalFailure } from './guard';
import { KUBECTL_MAX_DEPTH, lineBeyond, MAX_NESTING_DEPTH, nestingBeyond } from './limits';
import { countLineBreaks, LineIndex, Range } from './position';
import { templateSyntaxAt } from './templates';
import type { Manifest } from './manifest';

// Bound once: bundled, yaml's named imports are read through a getter on every use (see yamlRead.ts).
const { parseAllDocuments, Schema } = yaml;

export interface AnalysisLimits {
  /** Files larger than this are not parsed (a `file-skipped` finding says so). */
  readonly maxFileBytes: number;
  /** Passed to yaml: bounds alias expansion if a document is ever converted to JS. */
  readonly maxAliasCount: number;
  /** Documents nested deeper than this are not parsed (limit-exceeded): the parser recurses per level. */
  readonly maxNestingDepth: number;
  /** Documents with a longer line are not parsed (limit-exceeded). */
  readonly maxLineLength: number;
  /** Files with more documents are not parsed (file-skipped). */
  readonly maxDocuments: number;
  /** Findings per file beyond this are summed up in one limit-exceeded finding. */
  readonly maxFindingsPerFile: number;
}

export const DEFAULT_LIMITS: AnalysisLimits = {
  maxFileBytes: 10 * 1024 * 1024, maxAliasCount: 100, maxNestingDepth: MAX_NESTING_DEPTH, maxLineLength: 1024 * 1024,
  maxDocuments: 10000, maxFindingsPerFile: 1000,
};

export interface ParseProblem {
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Why a document was not analysed (or not entirely), when the reason is not a syntax error: the
 * engine failed on it, or it is beyond one of the engine's limits. Offsets are relative to its chunk.
 */
export interface DocNotice {
  readonly code: 'internal-error' | 'limit-exceeded' | 'template-skipped';
  /** warning unless set */
  readonly severity?: 'info';
  readonly message: string;
  readonly start: number;
  readonly end: number;
  /** set for internal errors: what failed, with the stack for the log */
  readonly failure?: InternalFailure;
}

/** One YAML document of a file. Offsets inside it are relative to its chunk. */
export class SourceDoc {
  /**
   * What readManifest read of this document (the document rules run first), so that readObject does
   * not read kind, apiVersion and name again. Valid only where `manifest.src` is this very object: a
   * kustomize-transformed copy (Object.create over the original) inherits the field.
   */
  manifest?: Manifest;

  constructor(
    readonly file: string,
    readonly chunk: Chunk,
    readonly yaml: Document,
    /** index of the document within the file (0-based), updated when earlier chunks change */
    public index: number,
    readonly problems: readonly ParseProblem[],
    /** what kubectl accepts but strict YAML tools reject (read leniently, duplicate keys): yaml-portability */
    readonly notes: readonly ParseProblem[] = [],
    /** set when the document was not analysed for another reason than a syntax error */
    readonly notice?: DocNotice,
  ) {}

  rangeOf(start: number, end: number): Range {
    return this.chunk.lines.rangeOf(start, end);
  }
}

/** A run of text between two document markers and what it parsed to. */
export interface Chunk {
  readonly text: string;
  lines: LineIndex;
  /** offset of the chunk in the file */
  start: number;
  docs: SourceDoc[];
}

/**
 * A parsed file. Its text is the concatenation of its chunks', joined only when asked for: after an
 * edit, rebuilding (flattening) a multi-megabyte string would cost more than reparsing the document.
 */
export class ParsedFile {
  private joined: string | undefined;

  constructor(
    readonly file: string,
    readonly chunks: readonly Chunk[],
    /** set when the whole file was not analysed; `failure` when that was an internal error */
    readonly skipped?: { reason: string; failure?: InternalFailure },
    text?: string,
    /**
     * Set by applyChange: the chunks of the previous ParsedFile it dropped and the ones it parsed, so
     * that an index over the file can be updated without comparing every chunk.
     */
    readonly edit?: ChunkEdit,
  ) {
    this.joined = text;
  }

  get text(): string {
    return (this.joined ??= this.chunks.map((c) => c.text).join(''));
  }

  /**
   * A copy that later edits of this file leave alone (they move reused chunks and renumber their
   * documents in place); the parsed YAML documents, never changed, are shared.
   */
  detached(): ParsedFile {
    const chunks = this.chunks.map((c) => {
      const copy: Chunk = { ...c, docs: [] };
      copy.docs = c.docs.map((d) => new SourceDoc(d.file, copy, d.yaml, d.index, d.problems, d.notes, d.notice));
      return copy;
    });
    return new ParsedFile(this.file, chunks, this.skipped, this.joined);
  }

  get length(): number {
    if (this.joined !== undefined) return this.joined.length;
    const last = this.chunks[this.chunks.length - 1];
    return last ? last.start + last.text.length : 0;
  }
}

/** What applyChange replaced: every other chunk of the previous file is reused as is. */
export interface ChunkEdit {
  readonly removed: readonly Chunk[];
  readonly added: readonly Chunk[];
}

const DOC_START = /^---(?=[ \t\r\n]|$)/gm;

/** Offsets where chunks start: 0 and every `---` marker line (except one at 0). */
export function chunkStarts(text: string): number[] {
  const starts = [0];
  // Directives (`%YAML`) belong to the following document; such rare files are parsed whole.
  if (/^\uFEFF?%/m.test(text)) return starts; // also after a byte order mark
  DOC_START.lastIndex = 0;
  for (let m = DOC_START.exec(text); m; m = DOC_START.exec(text)) if (m.index > 0) starts.push(m.index);
  return starts;
}

/** How much of a file's start decides whether it is text. */
const BINARY_HEAD = 8192;

function looksBinary(text: string): boolean {
  const head = text.slice(0, BINARY_HEAD);
  return head.includes('\u0000') || (head.match(/\uFFFD/g)?.length ?? 0) > 8;
}

/**
 * Whether an edit makes the file's head look binary, as a full parse would judge it. Only an edit that
 * reaches into the head can; the head is rebuilt from the first chunks, never from the whole text.
 */
function editMakesBinary(previous: ParsedFile, change: TextChange): boolean {
  if (change.offset >= BINARY_HEAD) return false;
  let before = '';
  for (const c of previous.chunks) {
    if (before.length >= BINARY_HEAD + change.offset + change.deleteCount) break;
    before += c.text;
  }
  return looksBinary(before.slice(0, change.offset) + change.text + before.slice(change.offset + change.deleteCount));
}

/** Where a chunk's own text starts: after its `---` marker line, if any (findings point there). */
function contentStart(text: string): number {
  if (!text.startsWith('---')) return 0;
  const eol = text.indexOf('\n');
  return eol === -1 ? 0 : eol + 1;
}

/** A document that stands for a chunk the engine did not parse (the notice says why). */
function noticeDoc(file: string, chunk: Chunk, notice: DocNotice): SourceDoc {
  return new SourceDoc(file, chunk, new yaml.Document(null), 0, [], [], notice);
}

function parseChunk(file: string, text: string, start: number, firstLine: number, limits: AnalysisLimits): Chunk {
  const chunk: Chunk = { text, start, lines: new LineIndex(text, firstLine), docs: [] };
  const parsed = guarded('parsing', () => parseDocs(file, chunk, limits));
  if (parsed.failure) {
    const at = contentStart(text);
    chunk.docs = [noticeDoc(file, chunk, { code: 'internal-error', message: 'parsing', start: at, end: Math.min(text.length, at + 1), failure: parsed.failure })];
  } else {
    chunk.docs = parsed.value;
  }
  return chunk;
}

/**
 * The schema yaml builds for every document of YAML 1.2 (no `%YAML` directive), built once: one per
 * document was a share of the parse and of the memory a workspace keeps. yaml only ever adds a known
 * tag (`!!binary`, `!!set`…) to it, once, as a non-default tag, which resolves every later use alike.
 */
const CORE_SCHEMA = new Schema({ resolveKnownTags: true, schema: 'core' });

function parseDocs(file: string, chunk: Chunk, limits: AnalysisLimits): SourceDoc[] {
  const text = asKubectlReadsLineBreaks(chunk.text);
  const beyond = textBeyondLimits(text, limits);
  if (beyond) return [noticeDoc(file, chunk, beyond)];
  // logLevel 'error': yaml's console warnings (collection keys…) would land on a CLI user's stderr
  const options = { prettyErrors: false, strict: false, maxAliasCount: limits.maxAliasCount, logLevel: 'error' };
  // a directive (`%YAML 1.1`) may choose another schema: yaml then builds the document's own
  const directive = /^\uFEFF?%/.test(text) || text.includes('\n%'); // a file may begin with a byte order mark
  const core = directive ? undefined : { ...options, schema: CORE_SCHEMA };
  // the common shape, read straight into yaml's nodes (the same as parseAllDocuments builds; no aliases)
  const common = core && readCommonYaml(text, core);
  if (common) return [new SourceDoc(file, chunk, common, 0, [], [])];
  const docs = parseAllDocuments(text, (core ?? options) as never);
  const list = Array.isArray(docs) ? docs : [];
  const template = templateSyntaxAt(text, list);
  if (template !== undefined) {
    return [noticeDoc(file, chunk, {
      code: 'template-skipped', severity: 'info', start: template, end: template + 2,
      message: 'is not analysed: it holds template syntax (`{{` here, outside comments, block scalars and annotation values), so it is '
        + 'not Kubernetes YAML until it is rendered. For a Helm chart: `helm template CHART | statefulset-storage check -`.',
    })];
  }
  if (list.length > limits.maxDocuments) {
    const at = list[limits.maxDocuments].range[0];
    return [noticeDoc(file, chunk, { code: 'limit-exceeded', start: at, end: at + 1, message: `and the ${list.length - limits.maxDocuments} documents after it (up to the next \`---\`) are not analysed: a file holds at most ${limits.maxDocuments} documents here.` })];
  }
  let lenient: Document[] | undefined;
  return list.map((doc, i) => {
    const problems: ParseProblem[] = [];
    const notes: ParseProblem[] = [];
    for (const e of doc.errors) {
      const p = { message: e.message.split('\n')[0], start: e.pos[0], end: Math.max(e.pos[1], e.pos[0] + 1) };
      // kubectl keeps the last value of a duplicate key (kustomize and strict tools fail): a note, not an error
      if (e.code === 'DUPLICATE_KEY') notes.push({ ...p, message: 'duplicate key' });
      else problems.push(p);
    }
    if (problems.length === 0) return new SourceDoc(file, chunk, doc, 0, problems, notes, aliasNotice(doc, text));
    lenient ??= readLeniently(text, limits.maxAliasCount) ?? [];
    // only this document is replaced, and only when the lenient reader saw the same documents
    const other = lenient.length === list.length ? lenient[i] : undefined;
    if (!other) return new SourceDoc(file, chunk, doc, 0, problems, notes);
    const strict = problems.slice(0, 1).map((p) => ({ ...p, message: `strict YAML: ${p.message}` }));
    return new SourceDoc(file, chunk, other, 0, [], [...notes, ...strict], aliasNotice(other, text));
  });
}

/**
 * yaml (YAML 1.2's lexer) ends lines at LF and CRLF only; go-yaml, which kubectl uses, also at a lone
 * CR (YAML 1.1). A lone CR becomes an LF: the same length, so every offset stays right.
 */
function asKubectlReadsLineBreaks(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** Checked on the text, before the parser: lines too long, nesting too deep for the parser's stack. */
function textBeyondLimits(text: string, limits: AnalysisLimits): DocNotice | undefined {
  const line = lineBeyond(text, limits.maxLineLength);
  if (line) {
    return {
      code: 'limit-exceeded', start: line.offset, end: line.offset + 1,
      message: `is not analysed: a line of ${line.message} characters is longer than this tool reads (${limits.maxLineLength}). `
        + 'kubectl reads it, but the API server takes no object larger than about 1.5 MiB.',
    };
  }
  const deep = nestingBeyond(text, limits.maxNestingDepth);
  if (deep) {
    return {
      code: 'limit-exceeded', start: deep.offset, end: deep.offset + 1,
      message: `is not analysed: its collections nest more than ${limits.maxNestingDepth} levels deep (about ${deep.message} here), deeper than this `
        + `tool reads. kubectl reads up to ${KUBECTL_MAX_DEPTH} levels and rejects deeper documents ("exceeded max depth of ${KUBECTL_MAX_DEPTH}").`,
    };
  }
  return undefined;
}

/** Aliases that expand beyond what kubectl accepts (a "billion laughs"): the document is not read. */
function aliasNotice(doc: Document, text: string): DocNotice | undefined {
  if (!hasAliases(doc, text)) return undefined;
  const e = expansionOf(doc);
  if (!excessiveAliasing(e)) return undefined;
  const at = doc.contents?.range?.[0] ?? 0;
  return {
    code: 'limit-exceeded', start: at, end: at + 1,
    message: e.cyclic
      ? 'is not analysed: an alias refers to the node that contains it, which expands without end. kubectl rejects it ("anchor value contains itself").'
      : `is not analysed: its aliases expand it to ${e.nodes > 1e9 ? 'over a billion' : e.nodes.toLocaleString('en-US')} nodes, ${Math.round((100 * e.fromAliases) / e.nodes)}% of them from aliases. `
        + 'kubectl rejects it ("yaml: document contains excessive aliasing").',
  };
}

/**
 * parseFile that never throws: a failure outside the per-chunk guard (a bug) gives a file that keeps
 * its text, so that the next edit applies to the right text, and reports the failure.
 */
export function parseFileGuarded(file: string, text: string, limits: AnalysisLimits, previous?: ParsedFile): ParsedFile {
  try {
    return parseFile(file, text, limits, previous);
  } catch (e) {
    const failure = failureOf(e, 'reading');
    return new ParsedFile(file, [], { reason: `internal error: ${failure.message}`, failure }, text);
  }
}

/** The text after one change (the state a failed incremental parse falls back to). */
export function applyTextChange(text: string, change: TextChange): string {
  return text.slice(0, change.offset) + change.text + text.slice(change.offset + change.deleteCount);
}

export function parseFile(file: string, text: string, limits: AnalysisLimits = DEFAULT_LIMITS, previous?: ParsedFile): ParsedFile {
  if (text.length > limits.maxFileBytes) {
    return new ParsedFile(file, [], { reason: `the file is ${(text.length / 1048576).toFixed(1)} MB, above the ${(limits.maxFileBytes / 1048576).toFixed(0)} MB limit` }, text);
  }
  if (looksBinary(text)) return new ParsedFile(file, [], { reason: 'the file is not text (it contains NUL bytes or invalid UTF-8)' }, text);

  const starts = chunkStarts(text);
  if (starts.length > limits.maxDocuments) {
    return new ParsedFile(file, [], { reason: `the file has ${starts.length} documents, above the limit of ${limits.maxDocuments} per file` }, text);
  }
  // Chunks are reused by text wherever they moved (the analysis notices moves: see movedChunks).
  const reuse = chunkReuser(previous?.chunks ?? [], 0, (previous?.chunks.length ?? 0) - 1, false);

  const chunks: Chunk[] = [];
  let line = 0;
  let index = 0;
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i];
    const chunkText = text.slice(start, i + 1 < starts.length ? starts[i + 1] : text.length);
    let chunk = reuse(chunkText);
    if (chunk) {
      chunk.start = start;
      if (chunk.lines.firstLine !== line) chunk.lines = new LineIndex(chunkText, line);
    } else {
      chunk = parseChunk(file, chunkText, start, line, limits);
    }
    for (const d of chunk.docs) d.index = index++;
    chunks.push(chunk);
    line += countLineBreaks(chunkText);
  }
  return new ParsedFile(file, chunks, undefined, text);
}

/**
 * Hands out the chunks `chunks[from..to]` by text, each once (a chunk object belongs to one place in a
 * file), equal texts in file order; `inOrder`: only chunks after the last one handed out.
 */
function chunkReuser(chunks: readonly Chunk[], from: number, to: number, inOrder: boolean): (text: string) => Chunk | undefined {
  const positions = new Map<string, number[]>();
  for (let i = from; i <= to; i++) {
    const list = positions.get(chunks[i].text);
    if (list) list.push(i); else positions.set(chunks[i].text, [i]);
  }
  let next = from;
  return (text) => {
    const list = positions.get(text);
    if (inOrder) while (list?.length && list[0] < next) list.shift();
    const i = list?.shift();
    if (i === undefined) return undefined;
    next = i + 1;
    return chunks[i];
  };
}

export interface TextChange {
  /** offset in the text before this change */
  readonly offset: number;
  readonly deleteCount: number;
  readonly text: string;
}

/**
 * Applies one edit to a parsed file, reparsing only the chunks it touches (and their neighbours, in
 * case the edit adds or removes a `---` marker). Later chunks keep their parse; their offsets and
 * lines are shifted. The previous ParsedFile must not be used afterwards: its chunks are reused.
 */
export function applyChange(previous: ParsedFile, change: TextChange, limits: AnalysisLimits = DEFAULT_LIMITS): ParsedFile {
  const { offset, deleteCount, text: inserted } = change;
  const chunks = previous.chunks;
  const oldLength = previous.length;
  const delta = inserted.length - deleteCount;
  const reparseWhole = () => parseFile(previous.file, previous.text.slice(0, offset) + inserted + previous.text.slice(offset + deleteCount), limits, previous);
  if (previous.skipped || chunks.length === 0 || oldLength + delta > limits.maxFileBytes || offset + deleteCount > oldLength) return reparseWhole();
  // a NUL typed into the file's head: a fresh analysis would skip the file as binary, so must this one
  if (editMakesBinary(previous, change)) return reparseWhole();
  const find = (at: number) => {
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (chunks[mid].start <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const first = Math.max(0, find(offset) - 1);
  const last = Math.min(chunks.length - 1, find(offset + deleteCount) + 1);
  const regionStart = chunks[first].start;
  // The affected chunks' text with the edit applied: the rest of the file is never copied.
  let oldRegion = '';
  for (let i = first; i <= last; i++) oldRegion += chunks[i].text;
  const region = oldRegion.slice(0, offset - regionStart) + inserted + oldRegion.slice(offset - regionStart + deleteCount);
  // A directive line (`%YAML`), typed or left by a deletion, makes the whole file one chunk (see chunkStarts).
  if (/^\uFEFF?%/m.test(region)) return reparseWhole();

  // A chunk of the region is reused only in its old order: the edit's delta then lists every chunk
  // whose position among the others changed (the region is a few documents, reparsing them is cheap).
  const reuse = chunkReuser(chunks, first, last, true);
  const fresh: Chunk[] = [];
  const added: Chunk[] = [];
  let line = chunks[first].lines.firstLine;
  const starts = chunkStarts(region);
  for (let i = 0; i < starts.length; i++) {
    const chunkText = region.slice(starts[i], i + 1 < starts.length ? starts[i + 1] : region.length);
    let chunk = reuse(chunkText);
    if (chunk) {
      chunk.start = regionStart + starts[i];
      if (chunk.lines.firstLine !== line) chunk.lines = new LineIndex(chunkText, line);
    } else {
      chunk = parseChunk(previous.file, chunkText, regionStart + starts[i], line, limits);
      added.push(chunk);
    }
    fresh.push(chunk);
    line += countLineBreaks(chunkText);
  }
  const after = chunks.slice(last + 1);
  // where the next chunk starts now (an edit may join or split a CR LF pair: count, do not subtract)
  const lineShift = after.length ? line - after[0].lines.firstLine : 0;
  for (const c of after) {
    c.start += delta;
    if (lineShift !== 0) c.lines = new LineIndex(c.text, c.lines.firstLine + lineShift);
  }
  const all = [...chunks.slice(0, first), ...fresh, ...after];
  if (all.length > limits.maxDocuments) return reparseWhole(); // the file is skipped, as a full parse skips it
  let index = first === 0 ? 0 : -1;
  if (index === -1) {
    const prev = all[first - 1].docs;
    index = prev.length ? prev[prev.length - 1].index + 1 : countDocsBefore(all, first);
  }
  for (let i = first; i < all.length; i++) for (const d of all[i].docs) d.index = index++;
  const removed = chunks.slice(first, last + 1).filter((c) => !fresh.includes(c));
  return new ParsedFile(previous.file, all, undefined, undefined, { removed, added });
}

function countDocsBefore(chunks: readonly Chunk[], end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) n += chunks[i].docs.length;
  return n;
}

