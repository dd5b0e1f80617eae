// The engine's entry point: a set of files, kept parsed and indexed, analysed on demand.
// Incremental by construction: an edit reparses the documents it touches (source.ts), re-reads their
// objects, and runs the workspace rules again only on the components those objects belong to
// (components.ts). Everything else — objects, their findings, other components' predictions and
// findings — is kept from the previous analysis. A PV reserved for no claim (a pool) links every claim:
// then the prediction and the pool-wide rules run over the unit, and the other rules still per component.
import { Finding, RawFinding, toFinding } from './findings';
import { FindingListCache } from './findingLists';
import { keepUnchanged } from './keptFindings';
import { K8sObject, PersistentVolume, PersistentVolumeClaim, readObject, StatefulSet, StorageClass } from './model';
import { IndexContext, ObjectIndex } from './objectIndex';
import { ClaimPrediction, predict, Prediction } from './prediction';
import { fileSkippedFinding, manifestFindings, syntaxFindings } from './rules/documentRules';
import { OBJECT_RULES } from './rules/objectRules';
import { WORKSPACE_RULES } from './rules/index';
import { reporterFor, WorkspaceRule } from './rules/rule';
import { LinkGraph } from './components';
import { sameItems } from './sameItems';
import { ClusterProfile, DEFAULT_PROFILE } from './profile';
import type { LiveState } from './liveState';
import { clusterDefaultClass } from './clusterClass';
import { KustomizeView } from './kustomize/workspaceView';
import { isKustomizationFile } from './kustomize/paths';
import { AnalysisLimits, applyChange, applyTextChange, Chunk, DEFAULT_LIMITS, parseFileGuarded, ParsedFile, SourceDoc, TextChange } from './source';
import { guarded, InternalFailure, internalErrorFinding } from './guard';

export interface AnalysisOptions {
  /** namespace of objects that name none (kubectl's context namespace; `default`) */
  readonly defaultNamespace: string;
  readonly limits: AnalysisLimits;
  /**
   * Analyse independent components apart (default), so that edits re-run the workspace rules on the
   * edited component only. false runs them over the whole workspace and keeps no link graph: one-shot
   * analyses (the CLI, which never edits), and what the reference tests compare with.
   */
  readonly isolate?: boolean;
  /** the target cluster of these files (one deployment unit); DEFAULT_PROFILE when unset */
  readonly profile?: ClusterProfile;
  /**
   * Kustomizations among the files are read without rendering (see kustomize/workspaceView.ts); this
   * says why, in the info finding on each top kustomization. Default: rendering is not available here.
   */
  readonly kustomizeNotRendered?: string;
  /** what the target cluster holds (live mode): claims Bound there are not missing, PVs bound there are no candidates */
  readonly live?: LiveState;
  /** false: kustomization files are not looked at (the files are kubectl kustomize's output) */
  readonly readKustomizations?: boolean;
  /** kubectl kustomize failed on the files' top kustomization with this message (shown instead of the note) */
  readonly kustomizeRenderError?: string;
}

export const DEFAULT_OPTIONS: AnalysisOptions = { defaultNamespace: 'default', limits: DEFAULT_LIMITS };

export interface Analysis {
  /** every object of the analysed files, in document order (built on first use after an edit) */
  readonly index: ObjectIndex;
  /** every claim's predicted binding (built on first use after an edit) */
  readonly prediction: Prediction;
  /** sorted by file and position */
  readonly findings: readonly Finding[];
  readonly statefulSetCount: number;
  findingsFor(file: string): readonly Finding[];
}

/** Objects analysed together, with what the workspace rules found in them. */
interface Component {
  /** in document order */
  readonly members: readonly K8sObject[];
  readonly prediction: Prediction;
  readonly findings: readonly RawFinding[];
  /** in a pool: the pool's predictions of its claims that its findings were made from */
  readonly claims?: readonly ClaimPrediction[];
}

/**
 * How the workspace rules run: `components` each component with its own prediction (no PV is free for
 * any claim); `pool` one prediction over everything, pool-wide rules over everything, the others per
 * component; `whole` everything over everything (isolate: false, what the reference tests compare with).
 */
type AnalysisMode = 'components' | 'pool' | 'whole';

const POOL_WIDE_RULES = WORKSPACE_RULES.filter((r) => r.poolWide);
const COMPONENT_RULES = WORKSPACE_RULES.filter((r) => !r.poolWide);

/** The chunks an edit dropped and parsed, accumulated over the edits since the last analysis. */
interface ChunkDelta {
  readonly removed: Set<Chunk>;
  readonly added: Set<Chunk>;
}

export class Workspace {
  private readonly files = new Map<string, ParsedFile>();
  /** position of each file in `files` (Map order), to sort objects of several files in document order */
  private readonly fileOrder = new Map<string, number>();
  private nextFileOrder = 0;
  private readonly objects = new WeakMap<SourceDoc, K8sObject | null>();
  /** documents whose object could not be read (an internal error), reported with their syntax problems */
  private readonly readFailures = new WeakMap<SourceDoc, InternalFailure>();
  private readonly objectFindings = new WeakMap<K8sObject, RawFinding[]>();
  private current: Analysis | undefined;
  private readonly kustomize = new KustomizeView();
  /** a kustomization file changed, or files came or went, since the kustomize view was built */
  private kustomizeStale = false;

  // --- what the last analysis saw, updated from the chunks that changed since ---
  private readonly analyzedFiles = new Map<string, ParsedFile>();
  /** files changed since the last analysis; a delta when only applyChange touched them, else null (compare chunks) */
  private readonly dirty = new Map<string, ChunkDelta | null>();
  private readonly graph = new LinkGraph();
  /** the graph only chooses components: a whole-workspace analysis (isolate: false) never reads it */
  private readonly tracksLinks: boolean;
  private readonly componentOf = new Map<K8sObject, Component>();
  private readonly components = new Set<Component>();
  /** the last analysis ran over the whole workspace (`whole`), or its pool-wide part (`pool`) */
  private wholeWorkspace: { index: ObjectIndex; prediction: Prediction; findings: RawFinding[] } | undefined;
  private mode: AnalysisMode | undefined;
  private readonly liveFindings = new Map<K8sObject, RawFinding[]>();
  private readonly problemDocs = new Set<SourceDoc>();
  /** findings of the document rules (any kind), per parsed document */
  private readonly manifestFindings = new Map<SourceDoc, RawFinding[]>();
  private readonly liveClasses = new Set<StorageClass>();
  private classes: StorageClass[] = [];
  private volumeCount = 0;
  private setCount = 0;

  constructor(readonly options: AnalysisOptions = DEFAULT_OPTIONS) {
    this.tracksLinks = options.isolate !== false;
  }

  get profile(): ClusterProfile {
    return this.options.profile ?? DEFAULT_PROFILE;
  }

  /**
   * The profile's named default StorageClass, as a class on the cluster: admission gives it to class-less
   * claims unless a class of the files is the default (those come first, so they win).
   */
  private clusterClasses(): StorageClass[] {
    const def = this.profile.defaultStorageClass;
    const cls = def.kind === 'named' ? clusterDefaultClass(def) : undefined;
    return cls ? [cls] : [];
  }

  /** Adds or replaces a file; returns false when the text is unchanged (nothing to do). */
  setFile(file: string, text: string): boolean {
    const previous = this.files.get(file);
    if (previous?.text === text) return false;
    this.replace(file, parseFileGuarded(file, text, this.options.limits, previous), null);
    return true;
  }

  /**
   * Records a file that is not analysed at all (a `file-skipped` finding gives `reason`): a file the
   * user named although it is not YAML, whose text must not be read as YAML.
   */
  setSkippedFile(file: string, reason: string): void {
    this.replace(file, new ParsedFile(file, [], { reason }, ''), null);
  }

  /**
   * Applies edits (each relative to the text left by the previous one, as editors report them) and
   * reparses only the documents they touch. Returns false if the file is not known.
   */
  applyChanges(file: string, changes: readonly TextChange[]): boolean {
    const known = this.files.get(file);
    if (!known) return false;
    let parsed: ParsedFile = known;
    let delta: ChunkDelta | null = this.dirty.has(file) ? this.dirty.get(file)! : { removed: new Set<Chunk>(), added: new Set<Chunk>() };
    for (const c of changes) {
      const before: ParsedFile = parsed;
      const next = guarded<ParsedFile>('applying an edit to', () => applyChange(before, c, this.options.limits));
      // A failed edit must still change the text: the editor's next edit is relative to it. The
      // chunks' texts are never changed in place, so the text before the edit is still whole.
      parsed = next.failure ? parseFileGuarded(file, applyTextChange(before.text, c), this.options.limits) : next.value;
      if (!parsed.edit) delta = null;
      if (!delta || !parsed.edit) continue;
      for (const chunk of parsed.edit.removed) if (!delta.added.delete(chunk)) delta.removed.add(chunk);
      for (const chunk of parsed.edit.added) delta.added.add(chunk);
    }
    this.replace(file, parsed, delta);
    return true;
  }

  private replace(file: string, parsed: ParsedFile | undefined, delta: ChunkDelta | null): void {
    if (parsed) {
      if (!this.fileOrder.has(file)) this.fileOrder.set(file, this.nextFileOrder++);
      this.files.set(file, parsed);
    } else {
      this.files.delete(file);
      this.fileOrder.delete(file);
    }
    this.dirty.set(file, delta);
    this.current = undefined;
    // a kustomization changed, files came or went, or a resource changed (the names references are renamed by)
    if (isKustomizationFile(file) || !parsed || !this.analyzedFiles.has(file) || this.kustomize.roleOf(file) !== undefined) this.kustomizeStale = true;
  }

  /**
   * Rebuilds the kustomize view when kustomization files or the set of files changed; files whose role
   * changed get fresh chunks (detached copies) so that their objects are read again.
   */
  private refreshKustomize(): void {
    if (!this.kustomizeStale || this.options.readKustomizations === false) return;
    this.kustomizeStale = false;
    for (const file of this.kustomize.refresh(this.files)) {
      const parsed = this.files.get(file);
      if (parsed) {
        this.files.set(file, parsed.detached());
        this.dirty.set(file, null);
      }
    }
  }

  /**
   * The same files analysed with another default namespace (what `kubectl apply -n NS` would create),
   * without parsing them again: only the objects are re-read.
   */
  withDefaultNamespace(defaultNamespace: string): Workspace {
    if (defaultNamespace === this.options.defaultNamespace) return this;
    const other = new Workspace({ ...this.options, defaultNamespace });
    for (const [file, parsed] of this.files) other.replace(file, parsed.detached(), null);
    return other;
  }

  deleteFile(file: string): boolean {
    if (!this.files.has(file)) return false;
    this.replace(file, undefined, null);
    return true;
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
    this.refreshKustomize();
    const { removed, added } = this.takeChanges();
    const classesBefore = this.classes;
    const hadVolumes = this.volumeCount > 0;
    for (const o of removed) this.forget(o);
    for (const o of added) this.learn(o);
    const contextChanged = this.refreshClasses(classesBefore) || hadVolumes !== this.volumeCount > 0;
    const mode: AnalysisMode = this.options.isolate === false ? 'whole' : this.graph.isolated ? 'components' : 'pool';
    // components made in another mode were analysed with another prediction: all are made again
    const reset = mode !== this.mode || contextChanged;
    this.mode = mode;
    if (mode === 'whole') {
      this.clearComponents();
      const index = this.wholeIndex();
      const findings: RawFinding[] = [];
      const prediction = this.predictGuarded(index, findings);
      this.runWorkspaceRules(index, prediction, WORKSPACE_RULES, findings);
      this.wholeWorkspace = { index, prediction, findings };
    } else if (mode === 'pool') {
      this.analyzePool(removed, added, reset);
    } else {
      this.wholeWorkspace = undefined;
      this.refreshComponents(this.staleMembers(removed, added, reset), (members) => this.isolatedComponent(members));
    }
    this.current = this.snapshot();
    return this.current;
  }

  /**
   * A unit with PVs reserved for no claim: one prediction over all of it (any claim can take those PVs),
   * the pool-wide rules over all of it, and the other rules per component, made again only for the
   * components whose objects changed or whose claims the prediction now predicts differently (an edit
   * that changes no take keeps every other claim's prediction object, see prediction.ts takenAfter).
   */
  private analyzePool(removed: readonly K8sObject[], added: readonly K8sObject[], reset: boolean): void {
    const index = this.wholeIndex();
    const findings: RawFinding[] = [];
    const prediction = this.predictGuarded(index, findings);
    this.runWorkspaceRules(index, prediction, POOL_WIDE_RULES, findings);
    // they ran over the whole pool again: those as they were stay the same objects (and Findings)
    this.wholeWorkspace = { index, prediction, findings: keepUnchanged(this.wholeWorkspace?.findings, findings) };
    const stale = this.staleMembers(removed, added, reset);
    if (!reset) {
      for (const c of this.components) { // deleting the current item of a Set while iterating it is well defined
        if (c.claims && sameItems(c.claims, claimsOf(prediction, c.members))) continue;
        this.dropComponent(c);
        for (const m of c.members) stale.add(m);
      }
    }
    this.refreshComponents(stale, (members) => this.poolComponent(members, prediction));
  }

  /** The objects whose components must be made again: those added, and the other members of components that lost one (all after a reset). */
  private staleMembers(removed: readonly K8sObject[], added: readonly K8sObject[], reset: boolean): Set<K8sObject> {
    if (reset) {
      this.clearComponents();
      return new Set(this.allObjects());
    }
    const stale = new Set<K8sObject>(added);
    const gone = new Set(removed);
    for (const o of removed) {
      const c = this.componentOf.get(o);
      if (!c) continue;
      this.dropComponent(c);
      for (const m of c.members) if (!gone.has(m)) stale.add(m);
    }
    return stale;
  }

  private refreshComponents(seeds: Iterable<K8sObject>, make: (members: K8sObject[]) => Component): void {
    for (const members of this.graph.componentsOf(seeds)) {
      for (const m of members) { const old = this.componentOf.get(m); if (old) this.dropComponent(old); }
      const component = make(this.inDocumentOrder(members));
      this.components.add(component);
      for (const m of component.members) this.componentOf.set(m, component);
    }
  }

  // --- incremental state ---

  /** The objects that left and entered the workspace since the last analysis. */
  private takeChanges(): { removed: K8sObject[]; added: K8sObject[] } {
    const removedChunks: Chunk[] = [];
    const addedChunks: Chunk[] = [];
    for (const [file, delta] of this.dirty) {
      const before = this.analyzedFiles.get(file);
      const after = this.files.get(file);
      if (after) this.analyzedFiles.set(file, after); else this.analyzedFiles.delete(file);
      if (delta && before) {
        removedChunks.push(...delta.removed);
        addedChunks.push(...delta.added);
        continue;
      }
      const old = new Set(before?.chunks ?? []);
      const now = new Set(after?.chunks ?? []);
      for (const c of old) if (!now.has(c)) removedChunks.push(c);
      for (const c of now) if (!old.has(c)) addedChunks.push(c);
      // a kept chunk that changed places with others leaves and re-enters: order-dependent findings
      // (which duplicate is first, which claim the binder sees first) must be recomputed
      for (const c of movedChunks(before?.chunks ?? [], after?.chunks ?? [])) { removedChunks.push(c); addedChunks.push(c); }
    }
    this.dirty.clear();
    const removed: K8sObject[] = [];
    const added: K8sObject[] = [];
    for (const chunk of removedChunks) {
      for (const doc of chunk.docs) {
        this.problemDocs.delete(doc);
        this.manifestFindings.delete(doc);
        const o = this.objects.get(doc);
        if (o) removed.push(o);
      }
    }
    for (const chunk of addedChunks) {
      for (const doc of chunk.docs) {
        const found = this.manifestFindingsOf(doc);
        if (found.length > 0) this.manifestFindings.set(doc, found);
        const o = this.objectOf(doc);
        if (doc.problems.length > 0 || doc.notes.length > 0 || doc.notice || this.readFailures.has(doc)) this.problemDocs.add(doc);
        if (o) added.push(o);
      }
    }
    return { removed, added };
  }

  private learn(o: K8sObject): void {
    if (this.tracksLinks) this.graph.add(o);
    const findings = this.findingsOf(o);
    if (findings.length > 0) this.liveFindings.set(o, findings);
    if (o.kind === 'StorageClass') this.liveClasses.add(o);
    else if (o.kind === 'PersistentVolume') this.volumeCount++;
    else if (o.kind === 'StatefulSet') this.setCount++;
  }

  private forget(o: K8sObject): void {
    if (this.tracksLinks) this.graph.remove(o);
    this.liveFindings.delete(o);
    if (o.kind === 'StorageClass') this.liveClasses.delete(o);
    else if (o.kind === 'PersistentVolume') this.volumeCount--;
    else if (o.kind === 'StatefulSet') this.setCount--;
    // its component is dropped by analyze(), which re-analyses the component's other members
  }

  /** Re-sorts the StorageClasses; true when they changed (every component reads them). */
  private refreshClasses(before: readonly StorageClass[]): boolean {
    const now = this.inDocumentOrder([...this.liveClasses]);
    this.classes = now;
    return now.length !== before.length || now.some((c, i) => c !== before[i]);
  }

  /** Every object of the workspace, indexed with the StorageClasses every component reads. */
  private wholeIndex(): ObjectIndex {
    return new ObjectIndex(this.allObjects(), this.options.defaultNamespace, this.indexContext(), this.options.live);
  }

  private indexContext(): IndexContext {
    return { storageClasses: this.classes.concat(this.clusterClasses()), hasVolumes: this.volumeCount > 0 };
  }

  /** A component of a unit without pool: its own prediction (its claims can take no other component's PV). */
  private isolatedComponent(members: K8sObject[]): Component {
    const index = new ObjectIndex(members, this.options.defaultNamespace, this.indexContext(), this.options.live);
    const findings: RawFinding[] = [];
    const prediction = this.predictGuarded(index, findings);
    this.runWorkspaceRules(index, prediction, WORKSPACE_RULES, findings);
    return { members, prediction, findings };
  }

  /** A component of a pool: the pool's prediction of its claims, and the rules that are not pool-wide. */
  private poolComponent(members: K8sObject[], pool: Prediction): Component {
    const index = new ObjectIndex(members, this.options.defaultNamespace, this.indexContext(), this.options.live);
    const claims = claimsOf(pool, members);
    const prediction = slicePrediction(pool, members, claims);
    const findings: RawFinding[] = [];
    this.runWorkspaceRules(index, prediction, COMPONENT_RULES, findings);
    return { members, prediction, findings, claims };
  }

  /** The binding prediction, guarded: a failure becomes an internal-error on the first object (in document order), and no claim is predicted. */
  private predictGuarded(index: ObjectIndex, findings: RawFinding[]): Prediction {
    const first = index.objects[0];
    const predicted = guarded('predicting the bindings of', () => predict(index, this.profile));
    if (predicted.failure && first) findings.push(internalErrorFinding(first.span, predicted.failure, 'the objects linked to this document'));
    return predicted.value ?? emptyPrediction(index);
  }

  /** Workspace rules over some objects, each guarded: a failure becomes an internal-error on the first object and the other rules still run. */
  private runWorkspaceRules(index: ObjectIndex, prediction: Prediction, rules: readonly WorkspaceRule[], findings: RawFinding[]): void {
    const first = index.objects[0];
    // kubectl kustomize's output is analysed with readKustomizations off: nothing of it is unrendered
    const unrendered = (o: K8sObject) => this.options.readKustomizations !== false && this.kustomize.roleOf(o.src.file) !== undefined;
    for (const rule of rules) {
      const ran = guarded(`checking ${rule.code} on`, () => rule.check({ index, prediction, profile: this.profile, unrendered }, reporterFor(rule, findings)));
      if (ran.failure && first) findings.push(internalErrorFinding(first.span, ran.failure, 'the objects linked to this document'));
    }
  }

  private dropComponent(c: Component): void {
    if (!this.components.delete(c)) return;
    for (const m of c.members) if (this.componentOf.get(m) === c) this.componentOf.delete(m);
  }

  private clearComponents(): void {
    this.components.clear();
    this.componentOf.clear();
  }

  private inDocumentOrder<T extends K8sObject>(objects: T[]): T[] {
    const order = this.fileOrder;
    return objects.sort((a, b) => (order.get(a.src.file)! - order.get(b.src.file)!) || a.src.index - b.src.index);
  }

  private allObjects(): K8sObject[] {
    return objectsIn(this.files.values(), (doc) => this.objectOf(doc));
  }

  /** the last analysis's per-file finding lists: kept for the files whose findings did not change */
  private readonly findingLists = new FindingListCache();
  /** the syntax findings of each problem document, with the document index and read failure their messages name */
  private readonly syntaxKept = new WeakMap<SourceDoc, { index: number; failure: InternalFailure | undefined; list: RawFinding[] }>();

  /** The analysis as of now; what it builds lazily reads only what it captured here. */
  private snapshot(): Analysis {
    const found: Finding[] = [];
    const add = (list: readonly RawFinding[]) => { for (const f of list) found.push(toFinding(f)); };
    for (const parsed of this.files.values()) {
      const skipped = fileSkippedFinding(parsed);
      if (skipped) found.push(toFinding(skipped));
    }
    for (const doc of this.problemDocs) add(this.syntaxFindingsOf(doc));
    add(this.kustomize.rootFindings(this.options.kustomizeNotRendered ?? 'rendering with kubectl is not available here', this.options.kustomizeRenderError));
    for (const list of this.manifestFindings.values()) add(list);
    for (const list of this.liveFindings.values()) add(list);
    const whole = this.wholeWorkspace;
    const components = [...this.components]; // none in `whole` mode
    if (whole) add(whole.findings);
    for (const c of components) if (c.findings.length > 0) add(c.findings);

    const { findings, byFile } = this.findingLists.update(found, this.options.limits.maxFindingsPerFile ?? DEFAULT_LIMITS.maxFindingsPerFile);
    const files = [...this.files.values()];
    const objectOf = (doc: SourceDoc) => this.objectOf(doc);
    const { defaultNamespace, live } = this.options;
    const classes = this.classes.concat(this.clusterClasses());
    let index = whole?.index;
    let prediction = whole?.prediction;
    const indexNow = () => (index ??= new ObjectIndex(objectsIn(files, objectOf), defaultNamespace, undefined, live));
    return {
      findings,
      statefulSetCount: this.setCount,
      findingsFor: (file) => byFile.get(file) ?? [],
      get index() { return indexNow(); },
      get prediction() { return (prediction ??= mergePredictions(indexNow(), components, classes)); },
    };
  }

  /** The same raw findings as last time while the document's place and read failure are the same (toFinding keeps their Findings). */
  private syntaxFindingsOf(doc: SourceDoc): RawFinding[] {
    const failure = this.readFailures.get(doc);
    const kept = this.syntaxKept.get(doc);
    if (kept && kept.index === doc.index && kept.failure === failure) return kept.list;
    const list = syntaxFindings(doc, failure);
    this.syntaxKept.set(doc, { index: doc.index, failure, list });
    return list;
  }

  private objectOf(doc: SourceDoc): K8sObject | undefined {
    let o = this.objects.get(doc);
    if (o === undefined) {
      const role = this.kustomize.roleOf(doc.file);
      if (role === 'partial' || doc.notice || (doc.problems.length > 0 && !doc.yaml.contents)) {
        o = null;
      } else {
        const read = guarded('reading', () => readObject(role ? this.kustomize.docFor(doc) : doc, this.options.defaultNamespace));
        // A document that cannot be read is reported as such, and is no object for the rules.
        if (read.failure) this.readFailures.set(doc, read.failure);
        o = read.value ?? null;
      }
      this.objects.set(doc, o);
    }
    return o ?? undefined;
  }

  /** The document rules' findings; none for kustomize patches (their apiVersion names what they patch) and unanalysed documents. */
  private manifestFindingsOf(doc: SourceDoc): RawFinding[] {
    if (doc.notice || this.kustomize.roleOf(doc.file) === 'partial') return [];
    return manifestFindings(doc, this.profile);
  }

  private findingsOf(o: K8sObject): RawFinding[] {
    let list = this.objectFindings.get(o);
    if (!list) {
      const found: RawFinding[] = [];
      for (const rule of OBJECT_RULES) {
        const ran = guarded(`checking ${rule.code} on`, () => rule.check(o, reporterFor(rule, found), this.profile));
        if (ran.failure) found.push(internalErrorFinding(o.span, ran.failure, 'this document'));
      }
      this.objectFindings.set(o, (list = found));
    }
    return list;
  }
}

/**
 * The chunks kept from `before` to `after` that are not in their old order: all kept chunks except a
 * longest run whose order did not change (a longest increasing subsequence of old positions), so that
 * moving one document reports that document, not every other.
 */
export function movedChunks(before: readonly Chunk[], after: readonly Chunk[]): Chunk[] {
  const position = new Map<Chunk, number>();
  before.forEach((c, i) => position.set(c, i));
  const kept = after.filter((c) => position.has(c));
  // patience sorting: tails[k] = index in `kept` of the smallest tail of an increasing run of length k+1
  const tails: number[] = [];
  const previous = new Array<number>(kept.length).fill(-1);
  for (let i = 0; i < kept.length; i++) {
    const p = position.get(kept[i])!;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (position.get(kept[tails[mid]])! < p) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1];
    tails[lo] = i;
  }
  const inOrder = new Set<Chunk>();
  for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = previous[i]) inOrder.add(kept[i]);
  return kept.filter((c) => !inOrder.has(c));
}

function objectsIn(files: Iterable<ParsedFile>, objectOf: (doc: SourceDoc) => K8sObject | undefined): K8sObject[] {
  const out: K8sObject[] = [];
  for (const parsed of files) {
    for (const chunk of parsed.chunks) {
      for (const doc of chunk.docs) {
        const o = objectOf(doc);
        if (o) out.push(o);
      }
    }
  }
  return out;
}

/** The workspace's prediction from its components', claims in the document order of their components. */
function mergePredictions(index: ObjectIndex, components: readonly Component[], classes: readonly StorageClass[]): Prediction {
  const byMember = new Map<K8sObject, Component>();
  for (const c of components) for (const m of c.members) byMember.set(m, c);
  const claims: ClaimPrediction[] = [];
  const bySet = new Map<StatefulSet, readonly ClaimPrediction[]>();
  const byPvc = new Map<PersistentVolumeClaim, ClaimPrediction>();
  const reservedFor = new Map<string, readonly PersistentVolume[]>();
  const seen = new Set<Component>();
  for (const o of index.objects) {
    const c = byMember.get(o);
    if (!c || seen.has(c)) continue;
    seen.add(c);
    claims.push(...c.prediction.claims);
    for (const [k, v] of c.prediction.bySet) bySet.set(k, v);
    for (const [k, v] of c.prediction.byPvc) byPvc.set(k, v);
    for (const [k, v] of c.prediction.reservedFor) reservedFor.set(k, v);
  }
  // The binder's queue order, as one prediction over the whole workspace lists it: pre-created claims
  // in document order, then each set's template claims (the sort is stable: ordinal order is kept).
  const position = new Map<K8sObject, number>();
  index.objects.forEach((o, i) => position.set(o, i));
  const rank = (c: ClaimPrediction) => (c.pvc ? position.get(c.pvc)! : index.objects.length + (c.set ? position.get(c.set)! : 0));
  claims.sort((a, b) => rank(a) - rank(b));
  return { claims, bySet, byPvc, reservedFor, defaultClass: classes.find((c) => c.isDefault) };
}

/**
 * The pool's predictions of a component's claims, in the pool's (the binder's queue) order: the
 * pre-created claims in document order, then each set's template claims.
 */
function claimsOf(pool: Prediction, members: readonly K8sObject[]): ClaimPrediction[] {
  const out: ClaimPrediction[] = [];
  for (const m of members) {
    const c = m.kind === 'PersistentVolumeClaim' ? pool.byPvc.get(m) : undefined;
    if (c) out.push(c);
  }
  for (const m of members) {
    if (m.kind !== 'StatefulSet') continue;
    for (const c of pool.bySet.get(m) ?? []) if (!c.pvc) out.push(c);
  }
  return out;
}

/** The pool's prediction as the component's rules see it: its claims, with the pool's reservations and default class. */
function slicePrediction(pool: Prediction, members: readonly K8sObject[], claims: readonly ClaimPrediction[]): Prediction {
  const bySet = new Map<StatefulSet, readonly ClaimPrediction[]>();
  const byPvc = new Map<PersistentVolumeClaim, ClaimPrediction>();
  for (const m of members) {
    const ofSet = m.kind === 'StatefulSet' ? pool.bySet.get(m) : undefined;
    if (ofSet) bySet.set(m as StatefulSet, ofSet);
    const ofPvc = m.kind === 'PersistentVolumeClaim' ? pool.byPvc.get(m) : undefined;
    if (ofPvc) byPvc.set(m as PersistentVolumeClaim, ofPvc);
  }
  return { claims, bySet, byPvc, reservedFor: pool.reservedFor, ...(pool.defaultClass ? { defaultClass: pool.defaultClass } : {}) };
}

/** The prediction of a component whose prediction failed: no claim is predicted. */
function emptyPrediction(index: ObjectIndex): Prediction {
  void index;
  return { claims: [], bySet: new Map(), byPvc: new Map(), reservedFor: new Map() };
}

/** One-shot analysis of in-memory files (tests, the CLI). */
export function analyzeTexts(files: Iterable<{ file: string; text: string }>, options: AnalysisOptions = DEFAULT_OPTIONS): Analysis {
  const ws = new Workspace(options);
  for (const f of files) ws.setFile(f.file, f.text);
  return ws.analyze();
}
