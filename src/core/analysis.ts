// The engine's entry point: a set of files, kept parsed and indexed, analysed on demand.
// Incremental by construction: a changed file reuses the chunks (documents) whose text did not change,
// their objects and their object-rule findings; only the cross-file pass runs again.
import { compareFindings, Finding, RawFinding, toFinding } from './findings';
import { K8sObject, readObject } from './model';
import { ObjectIndex } from './objectIndex';
import { predict, Prediction } from './prediction';
import { syntaxFindings } from './rules/documentRules';
import { OBJECT_RULES, } from './rules/objectRules';
import { WORKSPACE_RULES } from './rules/index';
import { reporterFor } from './rules/rule';
import { AnalysisLimits, applyChange, DEFAULT_LIMITS, parseFile, ParsedFile, SourceDoc, TextChange } from './source';

export interface AnalysisOptions {
  /** namespace of objects that name none (kubectl's context namespace; `default`) */
  readonly defaultNamespace: string;
  readonly limits: AnalysisLimits;
}

export const DEFAULT_OPTIONS: AnalysisOptions = { defaultNamespace: 'default', limits: DEFAULT_LIMITS };

export interface Analysis {
  readonly index: ObjectIndex;
  readonly prediction: Prediction;
  /** sorted by file and position */
  readonly findings: readonly Finding[];
  findingsFor(file: string): readonly Finding[];
}

export class Workspace {
  private readonly files = new Map<string, ParsedFile>();
  private readonly objects = new WeakMap<SourceDoc, K8sObject | null>();
  private readonly objectFindings = new WeakMap<K8sObject, RawFinding[]>();
  private readonly syntax = new WeakMap<ParsedFile, RawFinding[]>();
  private current: Analysis | undefined;

  constructor(readonly options: AnalysisOptions = DEFAULT_OPTIONS) {}

  /** Adds or replaces a file; returns false when the text is unchanged (nothing to do). */
  setFile(file: string, text: string): boolean {
    const previous = this.files.get(file);
    if (previous?.text === text) return false;
    this.files.set(file, parseFile(file, text, this.options.limits, previous));
    this.current = undefined;
    return true;
  }

  /**
   * Applies edits (each relative to the text left by the previous one, as editors report them) and
   * reparses only the documents they touch. Returns false if the file is not known.
   */
  applyChanges(file: string, changes: readonly TextChange[]): boolean {
    let parsed = this.files.get(file);
    if (!parsed) return false;
    for (const c of changes) parsed = applyChange(parsed, c, this.options.limits);
    this.files.set(file, parsed);
    this.current = undefined;
    return true;
  }

  /**
   * The same files analysed with another default namespace (what `kubectl apply -n NS` would create),
   * without parsing them again: only the objects are re-read.
   */
  withDefaultNamespace(defaultNamespace: string): Workspace {
    if (defaultNamespace === this.options.defaultNamespace) return this;
    const other = new Workspace({ ...this.options, defaultNamespace });
    for (const [file, parsed] of this.files) other.files.set(file, parsed);
    return other;
  }

  deleteFile(file: string): boolean {
    const had = this.files.delete(file);
    if (had) this.current = undefined;
    return had;
  }

  hasFile(file: string): boolean {
    return this.files.has(file);
  }

  fileNames(): string[] {
    return [...this.files.keys()];
  }

  parsed(file: string): ParsedFile | undefined {
    return this.files.get(file);
  }

  analyze(): Analysis {
    if (this.current) return this.current;
    const objects: K8sObject[] = [];
    const docs: SourceDoc[] = [];
    const raw: RawFinding[] = [];
    for (const parsed of this.files.values()) {
      raw.push(...this.fileFindings(parsed));
      for (const chunk of parsed.chunks) {
        for (const doc of chunk.docs) {
          docs.push(doc);
          const o = this.objectOf(doc);
          if (!o) continue;
          objects.push(o);
          raw.push(...this.findingsOf(o));
        }
      }
    }
    const index = new ObjectIndex(objects, docs, this.options.defaultNamespace);
    const prediction = predict(index);
    for (const rule of WORKSPACE_RULES) rule.check({ index, prediction }, reporterFor(rule, raw));

    const findings = raw.map(toFinding).sort(compareFindings);
    const byFile = new Map<string, Finding[]>();
    for (const f of findings) {
      const list = byFile.get(f.file);
      if (list) list.push(f); else byFile.set(f.file, [f]);
    }
    this.current = { index, prediction, findings, findingsFor: (file) => byFile.get(file) ?? [] };
    return this.current;
  }

  private objectOf(doc: SourceDoc): K8sObject | undefined {
    let o = this.objects.get(doc);
    if (o === undefined) {
      o = doc.problems.length > 0 && !doc.yaml.contents ? null : (readObject(doc, this.options.defaultNamespace) ?? null);
      this.objects.set(doc, o);
    }
    return o ?? undefined;
  }

  private findingsOf(o: K8sObject): RawFinding[] {
    let list = this.objectFindings.get(o);
    if (!list) {
      list = [];
      for (const rule of OBJECT_RULES) rule.check(o, reporterFor(rule, list));
      this.objectFindings.set(o, list);
    }
    return list;
  }

  private fileFindings(parsed: ParsedFile): RawFinding[] {
    let list = this.syntax.get(parsed);
    if (!list) {
      list = syntaxFindings(parsed);
      this.syntax.set(parsed, list);
    }
    return list;
  }
}

/** One-shot analysis of in-memory files (tests, the CLI). */
export function analyzeTexts(files: Iterable<{ file: string; text: string }>, options: AnalysisOptions = DEFAULT_OPTIONS): Analysis {
  const ws = new Workspace(options);
  for (const f of files) ws.setFile(f.file, f.text);
  return ws.analyze();
}

