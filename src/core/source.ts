// Files are split into chunks at document markers (`---` at column 0, which YAML forbids inside any
// scalar), and each chunk is parsed on its own. Re-parsing a file after an edit reuses every chunk
// whose text did not change, so an edit in a 5,000-document file reparses one document.
import { Document, parseAllDocuments } from 'yaml';
import { LineIndex, Range } from './position';

export interface AnalysisLimits {
  /** Files larger than this are not parsed (a `file-skipped` finding says so). */
  readonly maxFileBytes: number;
  /** Passed to yaml: bounds alias expansion if a document is ever converted to JS. */
  readonly maxAliasCount: number;
}

export const DEFAULT_LIMITS: AnalysisLimits = { maxFileBytes: 10 * 1024 * 1024, maxAliasCount: 100 };

export interface ParseProblem {
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

/** One YAML document of a file. Offsets inside it are relative to its chunk. */
export class SourceDoc {
  constructor(
    readonly file: string,
    readonly chunk: Chunk,
    readonly yaml: Document,
    /** index of the document within the file (0-based), updated when earlier chunks change */
    public index: number,
    readonly problems: readonly ParseProblem[],
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
  /** why the chunk was not analysed (templated YAML); undefined when it was */
  readonly skipped?: 'template';
}

export interface ParsedFile {
  readonly file: string;
  readonly text: string;
  readonly chunks: readonly Chunk[];
  /** set when the whole file was not analysed */
  readonly skipped?: { reason: string };
}

const DOC_START = /^---(?=[ \t\r\n]|$)/gm;
// Helm and other templating: `{{ … }}` is not YAML; such documents are left alone, without noise.
const TEMPLATE = /\{\{[\s\S]*?\}\}/;

/** Offsets where chunks start: 0 and every `---` marker line (except one at 0). */
export function chunkStarts(text: string): number[] {
  const starts = [0];
  // Directives (`%YAML`) belong to the following document; such rare files are parsed whole.
  if (/^%/m.test(text)) return starts;
  DOC_START.lastIndex = 0;
  for (let m = DOC_START.exec(text); m; m = DOC_START.exec(text)) if (m.index > 0) starts.push(m.index);
  return starts;
}

function looksBinary(text: string): boolean {
  const head = text.slice(0, 8192);
  return head.includes('\u0000') || (head.match(/\uFFFD/g)?.length ?? 0) > 8;
}

function parseChunk(file: string, text: string, start: number, firstLine: number, limits: AnalysisLimits): Chunk {
  const chunk: Chunk = { text, start, lines: new LineIndex(text, firstLine), docs: [] };
  if (TEMPLATE.test(text)) return { ...chunk, skipped: 'template' };
  const docs = parseAllDocuments(text, { prettyErrors: false, strict: false, uniqueKeys: false, maxAliasCount: limits.maxAliasCount } as never);
  const list = Array.isArray(docs) ? docs : [];
  chunk.docs = list.map((doc) => {
    const problems = doc.errors.map((e) => ({ message: e.message.split('\n')[0], start: e.pos[0], end: Math.max(e.pos[1], e.pos[0] + 1) }));
    return new SourceDoc(file, chunk, doc, 0, problems);
  });
  return chunk;
}

export function parseFile(file: string, text: string, limits: AnalysisLimits = DEFAULT_LIMITS, previous?: ParsedFile): ParsedFile {
  if (text.length > limits.maxFileBytes) {
    return { file, text, chunks: [], skipped: { reason: `the file is ${(text.length / 1048576).toFixed(1)} MB, above the ${(limits.maxFileBytes / 1048576).toFixed(0)} MB limit` } };
  }
  if (looksBinary(text)) return { file, text, chunks: [], skipped: { reason: 'the file is not text (it contains NUL bytes or invalid UTF-8)' } };

  const reusable = new Map<string, Chunk>();
  for (const c of previous?.chunks ?? []) reusable.set(c.text, c);

  const starts = chunkStarts(text);
  const chunks: Chunk[] = [];
  let line = 0;
  let index = 0;
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i];
    const chunkText = text.slice(start, i + 1 < starts.length ? starts[i + 1] : text.length);
    let chunk = reusable.get(chunkText);
    if (chunk) {
      reusable.delete(chunkText); // a chunk object belongs to one place in the file
      chunk.start = start;
      if (chunk.lines.firstLine !== line) chunk.lines = new LineIndex(chunkText, line);
    } else {
      chunk = parseChunk(file, chunkText, start, line, limits);
    }
    for (const d of chunk.docs) d.index = index++;
    chunks.push(chunk);
    line += countNewlines(chunkText);
  }
  return { file, text, chunks };
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
