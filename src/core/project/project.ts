// A workspace of several deployment units: one incremental Workspace per unit (units.ts), each with
// the profile of its target cluster, and the config's rule settings and inline suppressions applied
// to what they find. Same methods as Workspace (setFile/applyChanges/deleteFile/analyze), so the editor
// and the CLI hold a Project where they held a Workspace. An edit in one unit never re-runs another.
import { Analysis, AnalysisOptions, DEFAULT_OPTIONS, Workspace } from '../analysis';
import { ClusterProfile, DEFAULT_PROFILE } from '../profile';
import type { ClusterSnapshot } from '../clusterSnapshot';
import { LiveState, liveStateOf } from '../liveState';
import { applyTextChange, type ParsedFile, type TextChange } from '../source';
import { parseConfig, ProfileOverrides, ProjectConfig, RuleSetting } from './config';
import { mergeUnits } from './mergeUnits';
import type { GenerateConfig } from './generateConfig';
import type { SuppressedFinding } from './findingFilters';
import { dirOf } from './paths';
import { ConfigEntry, discoverUnits, isConfigFile, nearestConfig, Unit } from './units';

export interface ProjectOptions extends AnalysisOptions {
  /** profile from the command line: wins over every config file */
  readonly flags?: ProfileOverrides;
  /** profile from the editor's settings: config files win over it */
  readonly settings?: ProfileOverrides;
  /** every file in one unit (`check` with file arguments, `--one-unit`) */
  readonly oneUnit?: boolean;
  /** config files found above the files' common folder (CLI): they apply to every unit */
  readonly outerConfigScope?: ReadonlyMap<string, string>;
  /** the last snapshot read from each kube context (live mode), by context name */
  readonly snapshots?: ReadonlyMap<string, ClusterSnapshot>;
  /** the kubeconfig's current context: the target of units whose profile names none */
  readonly currentContext?: string;
}

export interface UnitAnalysis {
  readonly unit: Unit;
  readonly profile: ClusterProfile;
  /** the unit's own analysis: findings before the config's rule settings and suppressions */
  readonly analysis: Analysis;
}

export interface ProjectAnalysis extends Analysis {
  readonly units: readonly UnitAnalysis[];
  /** findings an inline comment suppressed (not in `findings`) */
  readonly suppressed: readonly SuppressedFinding[];
  /** the unit a file belongs to */
  unitOf(file: string): UnitAnalysis | undefined;
}

interface UnitState {
  readonly unit: Unit;
  readonly profile: ClusterProfile;
  readonly profileKey: string;
  readonly rules: ReadonlyMap<string, RuleSetting>;
  readonly ws: Workspace;
  /** what the unit's cluster holds (live mode), when a snapshot of its context is known */
  readonly live?: LiveState;
}

/** What a snapshot says of the profile: below flags, config and settings, above the defaults. */
function liveLayer(live: LiveState | undefined): ProfileOverrides | undefined {
  return live && { kubernetesVersion: live.kubernetesVersion, defaultStorageClass: live.defaultStorageClass };
}

/** flags ◄ nearest config ◄ settings ◄ live ◄ defaults; the namespace also becomes the unit's default namespace. */
export function resolveProfile(layers: readonly (ProfileOverrides | undefined)[]): ClusterProfile {
  const pick = <K extends keyof ProfileOverrides>(k: K) => layers.find((l) => l?.[k] !== undefined)?.[k];
  const profile: { -readonly [K in keyof ClusterProfile]: ClusterProfile[K] } = {
    kubernetesVersion: pick('kubernetesVersion') ?? DEFAULT_PROFILE.kubernetesVersion,
    defaultStorageClass: pick('defaultStorageClass') ?? DEFAULT_PROFILE.defaultStorageClass,
  };
  const namespace = pick('namespace');
  const context = pick('context');
  if (namespace) profile.namespace = namespace;
  if (context) profile.context = context;
  return profile;
}

export class Project {
  private readonly configs = new Map<string, { text: string; config: ProjectConfig }>();
  /** files added since the units were last worked out, with their text */
  private readonly incoming = new Map<string, string>();
  private readonly unitOfFile = new Map<string, UnitState>();
  private units = new Map<string, UnitState>();
  private layoutDirty = false;
  private current: ProjectAnalysis | undefined;
  private snapshots: ReadonlyMap<string, ClusterSnapshot>;
  private currentContext: string | undefined;

  constructor(readonly options: ProjectOptions = DEFAULT_OPTIONS) {
    this.snapshots = options.snapshots ?? new Map();
    this.currentContext = options.currentContext;
  }

  /**
   * The last snapshot of each context (live mode). A unit whose profile names a `context` uses that
   * context's snapshot, the others `currentContext`'s. True when any unit's analysis changes.
   */
  setClusterSnapshots(snapshots: ReadonlyMap<string, ClusterSnapshot>, currentContext: string | undefined): boolean {
    this.settle();
    const before = new Map([...this.units].map(([id, s]) => [id, s.live]));
    this.snapshots = snapshots;
    this.currentContext = currentContext;
    const changed = [...this.units.values()].some((s) => this.liveFor(s.unit.root) !== before.get(s.unit.id));
    if (changed) this.relayout();
    return changed;
  }

  /**
   * The namespaces each kube context is asked about (live mode): per context, the namespaces of the
   * objects of the units it is the target of, and their default namespace.
   */
  namespacesByContext(currentContext: string | undefined): Map<string, string[]> {
    this.settle();
    const out = new Map<string, Set<string>>();
    for (const s of this.units.values()) {
      const context = this.contextOf(s.unit.root) ?? currentContext;
      if (!context) continue;
      let set = out.get(context);
      if (!set) out.set(context, (set = new Set()));
      set.add(s.ws.options.defaultNamespace);
      for (const o of s.ws.analyze().index.objects) if (o.namespace) set.add(o.namespace);
    }
    return new Map([...out].map(([c, set]) => [c, [...set].sort()]));
  }

  setFile(file: string, text: string): boolean {
    if (isConfigFile(file)) {
      if (this.configs.get(file)?.text === text) return false;
      this.configs.set(file, { text, config: parseConfig(file, text) });
      return this.relayout();
    }
    const state = this.unitOfFile.get(file);
    if (state) return this.changed(state.ws.setFile(file, text));
    if (this.incoming.get(file) === text) return false;
    this.incoming.set(file, text);
    return this.relayout();
  }

  applyChanges(file: string, changes: readonly TextChange[]): boolean {
    // a config file is no manifest: the change is applied to its text, which is read again
    const config = this.configs.get(file);
    if (config) return this.setFile(file, changes.reduce(applyTextChange, config.text));
    this.settle();
    const state = this.unitOfFile.get(file);
    if (!state) return false;
    return this.changed(state.ws.applyChanges(file, changes));
  }

  deleteFile(file: string): boolean {
    if (this.configs.delete(file) || this.incoming.delete(file)) return this.relayout();
    const state = this.unitOfFile.get(file);
    if (!state) return false;
    state.ws.deleteFile(file);
    this.unitOfFile.delete(file);
    return this.relayout();
  }

  hasFile(file: string): boolean {
    return this.unitOfFile.has(file) || this.incoming.has(file) || this.configs.has(file);
  }

  fileNames(): string[] {
    return [...this.unitOfFile.keys(), ...this.incoming.keys(), ...this.configs.keys()];
  }

  /** The parsed manifest (config files are not manifests: undefined). */
  parsed(file: string): ParsedFile | undefined {
    this.settle();
    return this.unitOfFile.get(file)?.ws.parsed(file);
  }

  /**
   * The same files read with another default namespace (apply: the kube target's, known only once the
   * profile of the first reading chose the target). Every document is re-read from its parse, not parsed
   * again (Workspace.withDefaultNamespace). A unit whose profile names its namespace keeps its Workspace,
   * shared with this Project: the result is for reading; edit neither afterwards.
   */
  withDefaultNamespace(defaultNamespace: string): Project {
    if (defaultNamespace === this.options.defaultNamespace) return this;
    this.settle();
    const other = new Project({ ...this.options, defaultNamespace, snapshots: this.snapshots, currentContext: this.currentContext });
    for (const [file, config] of this.configs) other.configs.set(file, config);
    for (const [id, s] of this.units) {
      const state: UnitState = { ...s, ws: s.ws.withDefaultNamespace(s.profile.namespace ?? defaultNamespace) };
      other.units.set(id, state);
      for (const f of s.unit.files) other.unitOfFile.set(f, state);
    }
    return other;
  }

  /** The text of any file the project holds, config files included. */
  textOf(file: string): string | undefined {
    return this.configs.get(file)?.text ?? this.incoming.get(file) ?? this.parsed(file)?.text;
  }

  /** The Workspace of a file's unit (provisioning re-reads it with the target's namespace). */
  workspaceFor(file: string): Workspace | undefined {
    this.settle();
    return this.unitOfFile.get(file)?.ws;
  }

  /** The config files of the project, with the folder each applies below. */
  configFiles(): ConfigEntry[] {
    return this.configEntries();
  }

  /** The target cluster of a folder: flags ◄ its nearest config ◄ settings ◄ live ◄ defaults. */
  profileFor(folder: string): ClusterProfile {
    return resolveProfile([this.options.flags, this.configOf(folder)?.config.profile, this.options.settings, liveLayer(this.liveFor(folder))]);
  }

  /** The context a folder's units go to when a profile layer names one (else the current context). */
  private contextOf(folder: string): string | undefined {
    return this.options.flags?.context ?? this.configOf(folder)?.config.profile.context ?? this.options.settings?.context;
  }

  /** The snapshot of the folder's target context, if one was read (a kustomization's units are analysed with it too). */
  liveFor(folder: string): LiveState | undefined {
    const context = this.contextOf(folder) ?? this.currentContext;
    const snapshot = context === undefined ? undefined : this.snapshots.get(context);
    return snapshot && liveStateOf(snapshot);
  }

  /** The `generate:` section of a folder's nearest config (flag name → value). */
  generateConfigFor(folder: string): GenerateConfig {
    return this.configOf(folder)?.config.generate ?? {};
  }

  /** The rule settings of a folder's nearest config. */
  rulesFor(folder: string): ReadonlyMap<string, RuleSetting> {
    return this.configOf(folder)?.config.rules ?? new Map();
  }

  /** The unit of a file and its target cluster, as the last layout decided. */
  unitFor(file: string): { unit: Unit; profile: ClusterProfile; configFile?: string } | undefined {
    this.settle();
    const s = this.unitOfFile.get(file);
    return s && { unit: s.unit, profile: s.profile, configFile: this.configOf(s.unit.root)?.config.file };
  }

  analyze(): ProjectAnalysis {
    this.settle();
    const units = [...this.units.values()].map((s) => ({ unit: s.unit, profile: s.profile, analysis: s.ws.analyze(), rules: s.rules }));
    const previous = this.current;
    if (previous && previous.units.length === units.length && previous.units.every((u, i) => u.analysis === units[i].analysis)) return previous;
    this.current = mergeUnits(units, [...this.configs.values()].map((c) => c.config), (f) => this.unitOfFile.get(f)?.ws.parsed(f), this.options.defaultNamespace);
    return this.current;
  }

  private changed(didChange: boolean): boolean {
    if (didChange) this.current = undefined;
    return didChange;
  }

  private relayout(): boolean {
    this.layoutDirty = true;
    this.current = undefined;
    return true;
  }

  private configEntries(): ConfigEntry[] {
    const outer = this.options.outerConfigScope;
    return [...this.configs.entries()].map(([file, c]) => ({ scope: outer?.get(file) ?? dirOf(file), config: c.config }));
  }

  private configOf(root: string): ConfigEntry | undefined {
    return nearestConfig(root, this.configEntries());
  }

  /** Works out the units again after files or config files came or went; keeps what did not move. */
  private settle(): void {
    if (!this.layoutDirty) return;
    this.layoutDirty = false;
    const files = [...this.unitOfFile.keys(), ...this.incoming.keys()];
    const layout = discoverUnits(files, this.configEntries(), this.options.oneUnit);
    const next = new Map<string, UnitState>();
    const textOf = (f: string) => this.incoming.get(f) ?? this.unitOfFile.get(f)?.ws.parsed(f)?.text ?? '';
    const moves: { file: string; text: string; to: UnitState }[] = [];
    for (const unit of layout) {
      const state = this.stateFor(unit);
      next.set(unit.id, state);
      for (const f of unit.files) if (this.unitOfFile.get(f)?.ws !== state.ws) moves.push({ file: f, text: textOf(f), to: state });
    }
    for (const m of moves) {
      this.unitOfFile.get(m.file)?.ws.deleteFile(m.file);
      m.to.ws.setFile(m.file, m.text);
    }
    for (const unit of layout) for (const f of unit.files) this.unitOfFile.set(f, next.get(unit.id)!);
    this.incoming.clear();
    this.units = next;
  }

  /** The unit's state: the old one (its Workspace kept) when its files' target cluster is the same. */
  private stateFor(unit: Unit): UnitState {
    const config = this.configOf(unit.root)?.config;
    const live = this.liveFor(unit.root);
    const profile = resolveProfile([this.options.flags, config?.profile, this.options.settings, liveLayer(live)]);
    const profileKey = JSON.stringify(profile);
    const old = this.units.get(unit.id);
    const rules = config?.rules ?? new Map<string, RuleSetting>();
    if (old && old.profileKey === profileKey && old.live === live) return { unit, profile, profileKey, rules, ws: old.ws, live };
    // a new Workspace: settle() moves the files over (the old one is dropped with its last file)
    const ws = new Workspace({ ...this.options, defaultNamespace: profile.namespace ?? this.options.defaultNamespace, profile, live });
    return { unit, profile, profileKey, rules, ws, live };
  }
}
