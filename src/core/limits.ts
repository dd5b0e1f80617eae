// Bounds on what the engine reads, checked on the text before the YAML parser sees it. The parser
// recurses once per nesting level: a few thousand levels overflow the stack, and V8 aborts the whole
// process (not a catchable error) when that happens while it compiles a regular expression. Each bound
// gives a limit-exceeded finding instead (docs/rules.md#limit-exceeded).

/** Collections nested deeper than this are not parsed (kubectl's YAML reader accepts 10,000 levels). */
export const MAX_NESTING_DEPTH = 500;
/** kubectl (go-yaml) rejects documents nested deeper than this ("exceeded max depth of 10000"). */
export const KUBECTL_MAX_DEPTH = 10000;

export interface LimitHit {
  readonly message: string;
  /** offset in the scanned text */
  readonly offset: number;
}

const SPACE = 32;
const TAB = 9;
const CR = 13;

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === CR;
}

/** The end of a quoted scalar starting at `open` (the offset after its closing quote), or -1 if it does not end. */
function quoteEnd(text: string, open: number): number {
  const q = text.charCodeAt(open);
  for (let i = open + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (q === 34 && c === 92) { i++; continue; } // \" in double quotes
    if (c === q) {
      if (q === 39 && text.charCodeAt(i + 1) === 39) { i++; continue; } // '' in single quotes
      return i + 1;
    }
  }
  return -1;
}

/**
 * An upper bound of the nesting depth of the YAML collections in `text`, checked line by line: the
 * first place where it exceeds `max`, or undefined. Linear, without recursion. Block levels are counted
 * from indentation (each open indentation, plus each `- ` or `? ` that starts a line's content), flow
 * levels from brackets outside quotes and comments; block scalars are skipped. It may count a level too
 * many (a continued plain scalar), never one too few on well-formed YAML.
 */
export function nestingBeyond(text: string, max: number): LimitHit | undefined {
  if (text.length <= max) return undefined; // every level takes at least one character
  if (!moreIndicatorsThan(text, max)) return undefined;
  const block = new BlockLevels();
  let flow = 0;
  let blockScalarParent = -1;
  let at = 0;
  /** set when a quoted scalar ended inside a line: the rest of that line is scanned from here */
  let rest = -1;
  while (at < text.length) {
    let eol = text.indexOf('\n', rest >= 0 ? rest : at);
    if (eol === -1) eol = text.length;
    let i = at;
    if (rest >= 0) {
      i = rest;
      rest = -1;
    } else {
      while (i < eol && text.charCodeAt(i) === SPACE) i++;
      const indent = i - at;
      const blank = i >= eol || text.slice(i, eol).trim() === '';
      if (blockScalarParent >= 0) {
        if (blank || indent > blockScalarParent) { at = eol + 1; continue; }
        blockScalarParent = -1;
      }
      if (blank || text.charCodeAt(i) === 35 /* # */) { at = eol + 1; continue; }
      if (flow === 0) {
        i = block.line(text, i, eol, indent);
        if (block.depth > max) return { offset: at, message: String(block.depth) };
      }
    }
    const scanned = scanLine(text, i, eol, flow, block.depth + flow, max);
    if (scanned.beyond !== undefined) return { offset: scanned.beyond, message: String(scanned.depth) };
    flow = scanned.flow;
    if (scanned.blockScalar) blockScalarParent = lineIndent(text, at);
    if (scanned.quoteEnd !== undefined) {
      if (scanned.quoteEnd < 0) return undefined; // an unclosed quote: the parser reports it
      // after a quoted scalar that spans lines, go on where it ends (`at` stays the line it starts on)
      rest = scanned.quoteEnd;
      at = text.lastIndexOf('\n', rest - 1) + 1;
      continue;
    }
    at = eol + 1;
  }
  return undefined;
}

/**
 * Whether the text has more than `max` of the characters that open a level below: every level counted
 * there is opened at its own `-`, `?`, `:` (a key line), `[` or `{`. With fewer, no depth can exceed
 * `max`, and this count is much cheaper than the line-by-line scan (most documents are far below it).
 */
function moreIndicatorsThan(text: string, max: number): boolean {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 45 || c === 63 || c === 58 || c === 91 || c === 123) { // - ? : [ {
      if (++n > max) return true;
    }
  }
  return false;
}

/**
 * The open block collections, by the column where each starts: a map at its keys' column, a sequence
 * at its dashes' column (which may be its parent key's column).
 */
class BlockLevels {
  private readonly columns: number[] = [];
  private readonly isSeq: boolean[] = [];

  get depth(): number {
    return this.columns.length;
  }

  /** Reads a line's indicators from its content start `i`; returns where its value starts. */
  line(text: string, i: number, eol: number, indent: number): number {
    let column = indent;
    let at = i;
    for (;;) {
      const c = text.charCodeAt(at);
      const dash = (c === 45 /* - */ || c === 63 /* ? */) && (at + 1 >= eol || isBlank(text.charCodeAt(at + 1)));
      if (dash) {
        this.open(column, true);
        at++;
        while (at < eol && isBlank(text.charCodeAt(at))) at++;
        column = indent + (at - i);
        continue;
      }
      if (looksLikeKey(text, at, eol)) this.open(column, false);
      return at;
    }
  }

  private open(column: number, seq: boolean): void {
    const { columns, isSeq } = this;
    // a key at a sequence's column ends that sequence (it was the value of a key of this map)
    while (columns.length > 0 && (columns[columns.length - 1] > column || (!seq && columns[columns.length - 1] === column && isSeq[isSeq.length - 1]))) {
      columns.pop();
      isSeq.pop();
    }
    const top = columns.length - 1;
    if (top >= 0 && columns[top] === column && isSeq[top] === seq) return;
    columns.push(column);
    isSeq.push(seq);
  }
}

/** `key: …` or `key:` on this line (a plain continuation line may look like one: one level too many). */
function looksLikeKey(text: string, from: number, eol: number): boolean {
  const c = text.charCodeAt(from);
  if (c === 91 || c === 123 || c === 124 || c === 62) return false; // [ { | >
  const colon = text.indexOf(':', from);
  return colon !== -1 && colon < eol && (colon + 1 >= eol || isBlank(text.charCodeAt(colon + 1)));
}

function lineIndent(text: string, lineStart: number): number {
  let i = lineStart;
  while (text.charCodeAt(i) === SPACE) i++;
  return i - lineStart;
}

interface LineScan {
  flow: number;
  depth: number;
  /** offset where the depth first exceeded max */
  beyond?: number;
  blockScalar: boolean;
  /** set when a quoted scalar goes on past the line: where it ends (-1: never) */
  quoteEnd?: number;
}

/** Flow brackets, quotes, comments and block scalar indicators of one line, from `from` to `eol`. */
function scanLine(text: string, from: number, eol: number, flowIn: number, depthIn: number, max: number): LineScan {
  let flow = flowIn;
  const base = depthIn - flowIn;
  let depth = depthIn;
  // a value may start here: a quote or bracket opens a scalar or collection only at a value's start
  let expectValue = true;
  let prevBlank = true;
  for (let i = from; i < eol; i++) {
    const c = text.charCodeAt(i);
    if (isBlank(c)) { prevBlank = true; continue; }
    if (c === 35 /* # */ && prevBlank) break;
    prevBlank = false;
    if ((c === 34 || c === 39) && expectValue) {
      const end = quoteEnd(text, i);
      if (end === -1 || end > eol) return { flow, depth, blockScalar: false, quoteEnd: end };
      i = end - 1;
      expectValue = false;
      continue;
    }
    if (c === 91 || c === 123) { // [ {
      if (expectValue || flow > 0) {
        flow++;
        depth = Math.max(depth, base + flow);
        if (depth > max) return { flow, depth, beyond: i, blockScalar: false };
        expectValue = true;
      }
      continue;
    }
    if ((c === 93 || c === 125) && flow > 0) { flow--; expectValue = false; continue; } // ] }
    if (c === 44 && flow > 0) { expectValue = true; continue; } // ,
    if ((c === 124 || c === 62) && expectValue && flow === 0) return { flow, depth, blockScalar: true }; // | >
    expectValue = c === 58 /* : */ && (i + 1 >= eol || isBlank(text.charCodeAt(i + 1)) || flow > 0);
  }
  return { flow, depth, blockScalar: false };
}

/** The first line longer than `max` characters, or undefined. */
export function lineBeyond(text: string, max: number): LimitHit | undefined {
  if (text.length <= max) return undefined;
  let at = 0;
  while (at < text.length) {
    let eol = text.indexOf('\n', at);
    if (eol === -1) eol = text.length;
    if (eol - at > max) return { offset: at, message: String(eol - at) };
    at = eol + 1;
  }
  return undefined;
}
