// What the config file and inline comments do to findings: `rules:` changes a code's severity or turns
// it off; `# statefulset-storage: ignore CODE -- reason` moves a finding to the suppressed list (SARIF
// reports those with `suppressions`, `check` counts them). Config problems are findings of their own.
// Filtered per file, and kept per file list: an analysis after an edit filters only the files whose
// findings or text changed (the analysis keeps the other files' lists: findingLists.ts).
import type { Finding, Severity } from '../findings';
import type { Chunk, ParsedFile } from '../source';
import type { ProjectConfig, RuleSetting } from './config';
import { DIRECTIVE, Suppression, suppressionFor, suppressionsIn } from './suppression';

export interface SuppressedFinding {
  readonly finding: Finding;
  readonly reason: string;
  /** 0-based line of the comment that suppresses it */
  readonly line: number;
}

export const CONFIG_CODE = 'config-invalid';

/** a config's findings, the same objects while the config is (a config is read again when its text changes) */
const configFindingsOf = new WeakMap<ProjectConfig, Finding[]>();

export function configFindings(configs: readonly ProjectConfig[]): Finding[] {
  return configs.flatMap((c) => {
    let list = configFindingsOf.get(c);
    if (!list) {
      list = c.problems.map((p): Finding => ({
        code: CONFIG_CODE, severity: 'error', file: c.file, range: p.range, related: [],
        message: `${p.message}. This setting is ignored; the rest of the file applies.`,
      }));
      configFindingsOf.set(c, list);
    }
    return list;
  });
}

/** whether a chunk's text holds a directive (a chunk's text never changes) */
const chunkHasDirective = new WeakMap<Chunk, boolean>();

function chunkHolds(c: Chunk): boolean {
  let has = chunkHasDirective.get(c);
  if (has === undefined) chunkHasDirective.set(c, (has = c.text.includes(DIRECTIVE)));
  return has;
}

/** whether a text holds a directive, per parsed text */
const textHasDirective = new WeakMap<ParsedFile, boolean>();
/**
 * The last text looked at, under its first and its last chunk: an edit makes a new ParsedFile that
 * shares all but a few chunks (the same objects) with the one before, found through either end.
 */
const lastTextAt = new WeakMap<Chunk, { chunks: readonly Chunk[]; directive: boolean }>();

/**
 * Whether any chunk of the file holds a directive. After an edit of a file that held none, only the
 * chunks between the unchanged head and tail are looked at: a keystroke in a 5,000-document file
 * looks at one chunk, not 5,000.
 */
function hasDirective(parsed: ParsedFile | undefined): boolean {
  if (!parsed) return false;
  const known = textHasDirective.get(parsed);
  if (known !== undefined) return known;
  const chunks = parsed.chunks;
  const n = chunks.length;
  const before = n === 0 ? undefined : lastTextAt.get(chunks[0]) ?? lastTextAt.get(chunks[n - 1]);
  let from = 0;
  let to = n;
  if (before && !before.directive) {
    const old = before.chunks;
    while (from < n && from < old.length && chunks[from] === old[from]) from++;
    while (to > from && old.length - (n - to) > from && chunks[to - 1] === old[old.length - (n - to) - 1]) to--;
  }
  let directive = false;
  for (let i = from; i < to && !directive; i++) directive = chunkHolds(chunks[i]);
  textHasDirective.set(parsed, directive);
  if (n > 0) {
    const entry = { chunks, directive };
    lastTextAt.set(chunks[0], entry);
    lastTextAt.set(chunks[n - 1], entry);
  }
  return directive;
}

export interface FilteredFindings {
  readonly kept: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
}

/** The suppressions of a file's text; none read when no chunk of it holds a directive (the text is not even joined). */
function suppressionsOf(parsed: ParsedFile | undefined): readonly Suppression[] {
  return hasDirective(parsed) ? suppressionsIn(parsed!.text) : [];
}

/** a finding with the severity a config gave its code, one object per finding and severity (kept as the finding is) */
const resevered = new WeakMap<Finding, Map<Severity, Finding>>();

function withSeverity(f: Finding, severity: Severity): Finding {
  if (severity === f.severity) return f;
  let bySeverity = resevered.get(f);
  if (!bySeverity) resevered.set(f, (bySeverity = new Map()));
  let out = bySeverity.get(severity);
  if (!out) bySeverity.set(severity, (out = { ...f, severity }));
  return out;
}

/** One finding through the rule settings and the suppressions of its file. */
function filterOne(f: Finding, rules: ReadonlyMap<string, RuleSetting>, suppressions: readonly Suppression[], kept: Finding[], suppressed: SuppressedFinding[]): void {
  const setting = rules.get(f.code);
  if (setting === 'off') return;
  const finding = setting ? withSeverity(f, setting) : f;
  const s = suppressions.length === 0 ? undefined : suppressionFor(suppressions, f.code, f.range.start.line);
  if (s) suppressed.push({ finding, reason: s.reason, line: s.line });
  else kept.push(finding);
}

/** The last filtering of a file's list: valid for the same rules and the same text (or texts without directives). */
interface Filtered extends FilteredFindings {
  readonly rules: ReadonlyMap<string, RuleSetting>;
  parsed: ParsedFile | undefined;
  readonly directive: boolean;
}

const filteredLists = new WeakMap<readonly Finding[], Filtered>();

/**
 * The rule settings and the file's inline suppressions applied to one file's findings (`parsed`: the
 * file they are in), kept with the list: the same list, rules and text give the same result object.
 * `kept` is `findings` itself when nothing changed any of them.
 */
export function filterFileFindings(findings: readonly Finding[], rules: ReadonlyMap<string, RuleSetting>, parsed: ParsedFile | undefined): FilteredFindings {
  const hit = filteredLists.get(findings);
  if (hit && hit.rules === rules && hit.parsed === parsed) return hit;
  const directive = hasDirective(parsed);
  // a text that had no directive and still has none: an edit that changes nothing here
  if (hit && hit.rules === rules && !hit.directive && !directive) { hit.parsed = parsed; return hit; }
  const suppressions = directive ? suppressionsIn(parsed!.text) : [];
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const f of findings) filterOne(f, rules, suppressions, kept, suppressed);
  const unchanged = kept.length === findings.length && kept.every((f, i) => f === findings[i]);
  const result: Filtered = { rules, parsed, directive, kept: unchanged ? findings : kept, suppressed };
  filteredLists.set(findings, result);
  return result;
}

/** The same over findings of any files, in their order (the CLI, one pass). */
export function filterFindings(
  findings: readonly Finding[],
  rules: ReadonlyMap<string, RuleSetting>,
  parsedOf: (file: string) => ParsedFile | undefined,
): { kept: Finding[]; suppressed: SuppressedFinding[] } {
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const suppressionsByFile = new Map<string, readonly Suppression[]>();
  for (const f of findings) {
    let suppressions = suppressionsByFile.get(f.file);
    if (!suppressions) suppressionsByFile.set(f.file, (suppressions = suppressionsOf(parsedOf(f.file))));
    filterOne(f, rules, suppressions, kept, suppressed);
  }
  return { kept, suppressed };
}
