// The messages between the editor's main thread and the engine (a worker thread, or the same thread as
// a fallback): plain data only, so that every message survives structured cloning. The main thread
// owns the files (editor and disk) and sends their texts, change ranges and deletions; the engine owns
// the Project and answers requests. Mutations carry a version; every answer names the version of the
// analysis it was computed from, so the editor can drop answers that newer edits superseded.
import type { TextChange } from '../source';
import type { AnalysisOptions } from '../analysis';
import type { ProfileOverrides, RuleSetting } from '../project/config';
import type { GenerateConfig } from '../project/generateConfig';
import type { Finding } from '../findings';
import type { Fix } from '../edits';
import type { CommandFix } from '../fixes';
import type { Range, Position } from '../position';
import type { GenerateOptions, GenerateResult } from '../generate';
import type { KObject, SimulationResult } from '../simulation';
import type { ClusterSnapshot } from '../clusterSnapshot';

/** What a new Project is made with (the editor's settings). */
export interface EngineOptions {
  readonly defaultNamespace: string;
  /** files larger than this are not analysed (a finding says so) */
  readonly maxFileBytes: number;
  readonly settings: ProfileOverrides;
  readonly kustomizeNotRendered: string;
}

/** kubectl kustomize's answer for one top kustomization, rendered on the main thread. */
export interface RenderResult {
  readonly root: string;
  readonly signature: string;
  readonly output?: string;
  readonly error?: string;
}

/** Changes of the engine's state; each bumps the version. */
export type Mutation =
  | { readonly type: 'reset'; readonly options: EngineOptions }
  | { readonly type: 'setFile'; readonly file: string; readonly text: string }
  | { readonly type: 'applyChanges'; readonly file: string; readonly changes: readonly TextChange[] }
  | { readonly type: 'deleteFile'; readonly file: string }
  | { readonly type: 'rendered'; readonly result: RenderResult }
  /** forget every render (settings changed) */
  | { readonly type: 'forgetRenders' }
  | { readonly type: 'setClusterSnapshots'; readonly snapshots: Readonly<Record<string, ClusterSnapshot>>; readonly currentContext: string | undefined };

/** A StatefulSet as requests name it (the document it is in, and who it is). */
export interface SetRef {
  readonly file: string;
  readonly index: number;
  readonly namespace: string;
  readonly name: string;
}

export interface SetInfo extends SetRef {
  readonly replicas: number;
  readonly ordinalsStart: number;
  readonly apiVersion: string;
  /** the lines of its document */
  readonly range: Range;
}

/** Kustomize renders the editor should start: each top kustomization with its files' signature. */
export interface RenderUnitInfo {
  readonly root: string;
  readonly dir: string;
  readonly files: readonly string[];
  readonly signature: string;
}

export type Request =
  /** the analysis now: diagnostics of the files that changed since the previous `analyze` */
  | { readonly type: 'analyze'; readonly dirty: readonly string[]; readonly render: boolean }
  | { readonly type: 'lenses'; readonly file: string }
  | { readonly type: 'hover'; readonly file: string; readonly position: Position }
  | { readonly type: 'fixes'; readonly file: string; readonly findings: readonly { readonly code: string; readonly range: Range }[] }
  | { readonly type: 'planText' }
  | { readonly type: 'sets' }
  | { readonly type: 'tree' }
  | { readonly type: 'setSteps'; readonly set: SetRef }
  /** `file`: the set's file, whose nearest config's `generate:` comes along */
  | { readonly type: 'generateDefaults'; readonly file?: string }
  | { readonly type: 'generate'; readonly set: SetRef; readonly options: GenerateOptions }
  | { readonly type: 'simulate'; readonly existing: readonly KObject[] }
  | { readonly type: 'unitSources'; readonly file: string }
  | { readonly type: 'fileNames' }
  /** the namespaces of each kube context's units (what a live snapshot reads) */
  | { readonly type: 'namespacesByContext'; readonly currentContext: string | undefined }
  | { readonly type: 'objects' };

/**
 * A finding of the list sent before (at index `base`) whose message alone changed: the new message is
 * the old one's first `keep[0]` and last `keep[1]` characters around `text`. A count in a long message
 * ("2,997 other claims") travels as a few characters, not as the finding with its related locations.
 */
export interface MessagePatch {
  readonly base: number;
  readonly keep: readonly [number, number];
  readonly text: string;
}

export interface FileDiagnostics {
  readonly file: string;
  /**
   * the file's findings, in order: a finding, the index of the same finding in the list sent before,
   * or such a finding with another message
   */
  readonly items: readonly (Finding | number | MessagePatch)[];
}

export interface AnalyzeResult {
  readonly statefulSetCount: number;
  /** files whose findings changed since the previous `analyze` answer (empty list: none left) */
  readonly changed: readonly FileDiagnostics[];
  readonly internalErrors: readonly Finding[];
  readonly renderUnits: readonly RenderUnitInfo[];
  /** files analysed, findings in all */
  readonly files: number;
  readonly findings: number;
}

/** A code lens: where, its title, and the command it runs with plain arguments. */
export interface LensData {
  readonly range: Range;
  readonly title: string;
  readonly tooltip?: string;
  /** '' for a lens without a command */
  readonly command: 'revealObject' | 'showPlan' | 'generateVolumes' | '';
  readonly arguments: readonly unknown[];
}

export interface HoverData {
  readonly range: Range;
  /** markdown; UNIT_LABEL marks where the unit's label (made workspace-relative by the editor) goes */
  readonly markdown: string;
  readonly unitLabel?: string;
}

export const UNIT_LABEL = '\u0000unit\u0000';

export interface FixesData {
  /** per finding asked about (same order): its fixes; null when the analysis has no such finding (any more) */
  readonly perFinding: readonly (readonly (Fix | CommandFix)[] | null)[];
}

export type TreeStep = {
  readonly order: number;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | null;
  readonly rejected?: string;
  /** a manual step's commands, as lines, and whether some are withheld */
  readonly manual?: { readonly where: string; readonly lines: readonly string[]; readonly withheld: boolean };
  /** the object: its name in its file (to reveal), and who it is on a cluster */
  readonly target?: { readonly file: string; readonly range: Range; readonly apiVersion: string; readonly kind: string; readonly name: string; readonly namespace: string };
};

export interface TreeData {
  readonly units: readonly { readonly label: string; readonly sets: readonly SetInfo[] }[];
  readonly sets: readonly SetInfo[];
}

export interface GenerateDefaults {
  readonly nfsServer?: string;
  readonly cephClusterID?: string;
  readonly cephPool?: string;
  readonly detected?: 'nfs' | 'ceph-rbd';
  /** `generate:` of the nearest .statefulset-storage.yaml of the file asked about (flag name → value) */
  readonly config?: GenerateConfig;
}

export interface SimulateData {
  readonly result: SimulationResult;
  readonly objects: readonly { readonly kind: string; readonly namespace: string; readonly name: string }[];
}

/** the files of a set's unit and its analysis options: provisioning reads them with the target's namespace */
export interface UnitSources {
  readonly files: readonly { readonly file: string; readonly text: string }[];
  /** the unit's Workspace options, its profile among them */
  readonly options: AnalysisOptions;
  /** the `rules:` of the unit's config file (code → severity or off), which provisioning's preflight applies as check does */
  readonly rules: Readonly<Record<string, RuleSetting>>;
}

/** An object as tests and diagnostics look at it. */
export interface ObjectInfo {
  readonly kind: string;
  readonly apiVersion: string;
  readonly name: string;
  readonly namespace: string;
  readonly file: string;
  /** the text of its document and where it starts in the file */
  readonly chunkStart: number;
  readonly chunkText: string;
  readonly reclaimPolicy?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface ResultOf {
  analyze: AnalyzeResult;
  lenses: readonly LensData[];
  hover: HoverData | undefined;
  fixes: FixesData;
  planText: string;
  sets: readonly SetInfo[];
  tree: TreeData;
  setSteps: readonly TreeStep[];
  generateDefaults: GenerateDefaults;
  generate: GenerateResult;
  simulate: SimulateData;
  unitSources: UnitSources | undefined;
  fileNames: readonly string[];
  namespacesByContext: Readonly<Record<string, readonly string[]>>;
  objects: readonly ObjectInfo[];
}

export type RequestOf<T extends Request['type']> = Extract<Request, { type: T }>;

/** main thread → engine */
export type ToEngine =
  | { readonly kind: 'mutate'; readonly version: number; readonly mutation: Mutation }
  | { readonly kind: 'request'; readonly id: number; readonly request: Request };

/**
 * engine → main thread: an answer, or the request's failure (a thrown error, message and stack). A big
 * `analyze` answer comes as `part`s of its `changed` list first, then its `result` with the rest
 * (answerParts.ts); the parts of a request that fails or whose engine dies are dropped.
 */
export type FromEngine =
  | { readonly kind: 'part'; readonly id: number; readonly changed: readonly FileDiagnostics[] }
  | { readonly kind: 'result'; readonly id: number; readonly version: number; readonly result: unknown }
  | { readonly kind: 'error'; readonly id: number; readonly version: number; readonly message: string; readonly stack?: string; readonly refused?: boolean };
