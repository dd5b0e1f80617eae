// Shared helpers of the integration suites: polling (never blind sleeps), our diagnostics, ranges of
// text, and per-suite sandboxes.
//
// Sandboxes: the engine analyses the WHOLE workspace as one cluster, so a plain copy of mysql-rbd/
// next to the original would define StatefulSet default/mysql, PV mysql-pv-0 … twice (duplicate-object,
// pv-contended) and change every prediction. A sandbox therefore copies the example into its own
// top-level folder AND sets `statefulsetStorage.exclude` (workspace settings of the test workspace
// copy) to every other top-level folder, so the suite sees exactly its own files. dispose() saves
// what the suite left dirty, closes the editors, deletes the folder and restores the setting.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { StatefulSetStorageApi } from '../../src/extension';

export const EXTENSION_ID = 'statefulset-storage.statefulset-storage';
export const SOURCE = 'statefulset-storage';
/** the example every suite works on (a folder of the test workspace) */
export const EXAMPLE = 'mysql-rbd';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

/**
 * Polls `probe` every 50 ms until it returns a truthy value, and returns that value. A probe that
 * throws (e.g. an assertion) counts as "not yet". On timeout the error says what was awaited and,
 * when the probe threw, carries its last error (so an assertion's diff reaches the report).
 */
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  timeoutMs = 15_000,
  what: string | (() => string) = 'condition',
): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v as Truthy<T>;
      lastError = undefined;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      const label = typeof what === 'function' ? what() : what;
      if (lastError instanceof Error) {
        lastError.message = `timed out after ${timeoutMs} ms waiting for ${label}: ${lastError.message}`;
        throw lastError;
      }
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}`);
    }
    await sleep(50);
  }
}

/** Polls until `check` stops throwing; rethrows its last error (with the assertion diff) on timeout. */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 15_000, what = 'assertion'): Promise<void> {
  await waitFor(async () => { await check(); return true; }, timeoutMs, what);
}

export async function extensionApi(): Promise<StatefulSetStorageApi> {
  const ext = vscode.extensions.getExtension<StatefulSetStorageApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed in the extension host`);
  const api = ext.isActive ? ext.exports : await ext.activate();
  assert.ok(api?.host, 'activate() returned no { host }');
  return api;
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open');
  return folder.uri;
}

export function inWorkspace(...segments: string[]): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...segments);
}

// ---- diagnostics ----

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

/** Our diagnostics of one file (other extensions' are ignored). */
export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/** Sorted codes of our diagnostics of a file. */
export function codes(uri: vscode.Uri): string[] {
  return ours(uri).map((d) => codeOf(d) ?? '?').sort();
}

export function fmtRange(r: vscode.Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** `code@line:col-line:col` for messages. */
export function describeDiagnostics(uri: vscode.Uri): string {
  return ours(uri).map((d) => `${codeOf(d)}@${fmtRange(d.range)}`).join(', ') || '(none)';
}

/** Our diagnostics in every file below `folder`, as `relative/path: code`. */
export function diagnosticsBelow(folder: vscode.Uri): string[] {
  const prefix = `${folder.toString()}/`;
  const out: string[] = [];
  for (const [uri, diags] of vscode.languages.getDiagnostics()) {
    if (!uri.toString().startsWith(prefix)) continue;
    for (const d of diags) if (d.source === SOURCE) out.push(`${uri.toString().slice(prefix.length)}: ${codeOf(d)}`);
  }
  return out.sort();
}

/** Waits until the file has our diagnostic `code` and returns it (the first one). */
export async function diagnostic(uri: vscode.Uri, code: string, timeoutMs = 15_000): Promise<vscode.Diagnostic> {
  return waitFor(() => ours(uri).find((d) => codeOf(d) === code), timeoutMs,
    () => `diagnostic ${code} on ${vscode.workspace.asRelativePath(uri)} (has: ${describeDiagnostics(uri)})`);
}

// ---- documents ----

/**
 * The range of the `occurrence`-th `needle` in the document, searching from the end of `after` (a
 * text that must occur before it) — how tests name "the `db` of the claim template" without
 * hard-coding line numbers that an edit of the example would shift.
 */
export function rangeOf(doc: vscode.TextDocument, needle: string, opts: { after?: string; occurrence?: number } = {}): vscode.Range {
  const text = doc.getText();
  let from = 0;
  if (opts.after !== undefined) {
    const a = text.indexOf(opts.after);
    assert.ok(a >= 0, `"${opts.after}" not found in ${doc.uri.path}`);
    from = a + opts.after.length;
  }
  let at = -1;
  for (let i = 0; i < (opts.occurrence ?? 1); i++) {
    at = text.indexOf(needle, from);
    assert.ok(at >= 0, `"${needle}" not found in ${doc.uri.path}`);
    from = at + needle.length;
  }
  return new vscode.Range(doc.positionAt(at), doc.positionAt(at + needle.length));
}

export async function open(uri: vscode.Uri, show = true): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  if (show) await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

export async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * Saves a document and waits until it is clean. TextDocument.save() answers false now and then in
 * this host (e.g. when the workbench aborts a slow onWillSave participant of another extension the
 * first time a file is saved): try again rather than fail the test on the harness' hiccup.
 */
export async function save(doc: vscode.TextDocument): Promise<void> {
  await waitFor(async () => !doc.isDirty || (await doc.save()) || !doc.isDirty, 10_000, `saving ${doc.uri.path}`);
}

/** Replaces the whole text of a document (as a user's edit) and saves it. */
export async function setText(doc: vscode.TextDocument, text: string): Promise<void> {
  if (doc.getText() === text && !doc.isDirty) return; // save() of a clean document answers false
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  assert.ok(await vscode.workspace.applyEdit(edit), `could not edit ${doc.uri.path}`);
  await save(doc);
}

/** Saves every dirty document below `folder` (or everywhere): later tests start from the disk. */
export async function saveDirty(folder?: vscode.Uri): Promise<void> {
  const prefix = folder ? `${folder.toString()}/` : '';
  for (const d of vscode.workspace.textDocuments) {
    if (d.isDirty && d.uri.toString().startsWith(prefix)) await save(d);
  }
}

/** Code lens titles of a file, through the same command the editor uses. */
export async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  await vscode.workspace.openTextDocument(uri); // the command needs the document's model ("Illegal argument" otherwise)
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
  return (lenses ?? []).map((l) => l.command?.title ?? '(unresolved)');
}

// ---- isolation ----

const EXCLUDE_DEFAULT = ['**/node_modules/**', '**/.git/**', '**/charts/**/templates/**'];

/** The analysis host's file keys once it has caught up (scan and pending edits). */
async function analysedFiles(): Promise<string[]> {
  const { host } = await extensionApi();
  await host.current();
  return [...await host.fileNames()];
}

export class Sandbox {
  private constructor(readonly name: string, readonly folder: vscode.Uri) {}

  uri(...segments: string[]): vscode.Uri {
    return vscode.Uri.joinPath(this.folder, ...segments);
  }

  /**
   * A top-level folder `name` of the workspace (a copy of `copyOf`, or empty) that the analysis
   * sees alone. Waits until the host has re-scanned with the new exclusions.
   */
  static async create(name: string, copyOf?: string): Promise<Sandbox> {
    await extensionApi();
    const folder = inWorkspace(name);
    await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false }).then(undefined, () => undefined);
    if (copyOf) await vscode.workspace.fs.copy(inWorkspace(copyOf), folder, { overwrite: true });
    else await vscode.workspace.fs.createDirectory(folder);
    const others = (await vscode.workspace.fs.readDirectory(workspaceRoot()))
      .filter(([n, type]) => n !== name && n !== '.vscode' && type === vscode.FileType.Directory)
      .map(([n]) => `${n}/**`);
    await vscode.workspace.getConfiguration('statefulsetStorage').update('exclude', [...EXCLUDE_DEFAULT, ...others], vscode.ConfigurationTarget.Workspace);
    const prefix = `${folder.toString()}/`;
    await waitFor(async () => {
      const files = await analysedFiles();
      return files.every((f) => f.startsWith(prefix)) && (!copyOf || files.length > 0);
    }, 20_000, `the analysis to see only ${name}/`);
    return new Sandbox(name, folder);
  }

  /** Saves and closes what the suite opened, deletes the folder, restores the exclusions. */
  async dispose(): Promise<void> {
    await saveDirty(this.folder);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(this.folder, { recursive: true, useTrash: false });
    await vscode.workspace.getConfiguration('statefulsetStorage').update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
    const prefix = `${this.folder.toString()}/`;
    let files: string[] = [];
    await waitFor(async () => {
      files = await analysedFiles();
      return !files.some((f) => f.startsWith(prefix)) && files.some((f) => f.includes(`/${EXAMPLE}/`));
    }, 20_000, () => `the analysis to forget ${this.name}/ and see ${EXAMPLE}/ again (analysed: ${files.map((f) => vscode.workspace.asRelativePath(vscode.Uri.parse(f))).join(', ')})`);
    await waitFor(() => diagnosticsBelow(this.folder).length === 0, 10_000, `the diagnostics of ${this.name}/ to be cleared`);
  }
}
