// "Generate PV/PVC files": asks which set, which volume source and its parameters (defaults from the
// settings and from PVs already in the workspace), which ordinals and where; then creates the new files
// in one undoable WorkspaceEdit. Edits of the user's own files (storageClassName: "" on class-less
// templates and claims) are entries that need confirmation, so VS Code shows the whole edit in the
// Refactor Preview first: the new files checked, each proposed edit unchecked with its reason — as the
// CLI edits existing files only with --write-sources. Nothing is written until the user applies the
// preview. Every question can be answered by the arguments instead (quick fixes pass the set; tests
// and keybindings can pass everything).
import * as vscode from 'vscode';
import type { GenerateOptions, GenerateResult, VolumeSource, VolumeSourceKind } from '../core/generate';
import { AnalysisHost } from './analysisHost';
import { toRange, toUri } from './convert';
import { pickStatefulSet } from './pickStatefulSet';
import { generateChoices, sourceFromSettings } from './generateChoices';
import { splitList } from '../core/project/generateParameters';
import { readSettings, Settings } from './settings';

export interface GenerateArgs {
  readonly file?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly ordinals?: 'all' | 'missing';
  readonly source?: VolumeSource;
  readonly layout?: GenerateOptions['layout'];
  /** a directory URI (string); default: the StatefulSet's folder */
  readonly directory?: string;
  /** open the new files afterwards (default true) */
  readonly open?: boolean;
}

const VOLUME_SOURCE_KINDS: readonly VolumeSourceKind[] = ['nfs', 'ceph-rbd', 'local', 'hostPath', 'csi'];

const SOURCE_LABELS: Record<VolumeSourceKind, string> = {
  nfs: 'NFS export', 'ceph-rbd': 'Ceph RBD image (ceph-csi static volume)', local: 'Local disk on a node', hostPath: 'hostPath directory (single node)', csi: 'Other CSI driver',
};

/** Returns the created file URIs, or undefined when the user cancelled. */
export async function generateVolumesCommand(host: AnalysisHost, args: GenerateArgs = {}): Promise<vscode.Uri[] | undefined> {
  const set = await pickStatefulSet(host, args, 'Generate PV/PVC files for which StatefulSet?');
  if (!set) return undefined;
  const settings = readSettings(toUri(set.file));
  const source = args.source ?? await askSource(host, settings, set.file);
  if (!source) return undefined;
  const ordinalsChoice = args.ordinals ?? await pick<'all' | 'missing'>('Which ordinals?', [
    { label: 'Only claims that are missing', description: 'neither pre-created nor reserved by a PV', value: 'missing' },
    { label: `Every ordinal (${set.replicas})`, value: 'all' },
  ]);
  if (!ordinalsChoice) return undefined;
  const layout = args.layout ?? await pick<GenerateOptions['layout']>('How to lay out the files?', [
    { label: 'One file per ordinal', value: 'per-ordinal', picked: settings.generate.layout === 'per-ordinal' },
    { label: 'One multi-document file', value: 'single', picked: settings.generate.layout === 'single' },
  ]);
  if (!layout) return undefined;
  const setDir = vscode.Uri.joinPath(toUri(set.file), '..');
  const directory = args.directory ? vscode.Uri.parse(args.directory) : await askDirectory(setDir);
  if (!directory) return undefined;

  let result: GenerateResult | undefined;
  try {
    result = await host.request({ type: 'generate', set, options: { source, ordinals: ordinalsChoice, layout, directory: directory.toString() } });
  } catch (e) {
    void vscode.window.showErrorMessage(`Nothing was generated for ${set.name}: ${(e as Error).message.split('\n').join(' · ')}`);
    return undefined;
  }
  if (!result) return undefined;
  return writeGenerated(set.name, result, args.open !== false);
}

async function writeGenerated(setName: string, result: GenerateResult, open: boolean): Promise<vscode.Uri[] | undefined> {
  if (result.creates.length === 0) {
    void vscode.window.showInformationMessage(`Every claim of ${setName} is already pre-created or reserved by a PV.`);
    return [];
  }
  for (const c of result.creates) {
    if (await exists(toUri(c.file))) {
      void vscode.window.showErrorMessage(`${vscode.workspace.asRelativePath(toUri(c.file))} already exists: nothing was generated. Choose another folder.`);
      return undefined;
    }
  }
  if (!await vscode.workspace.applyEdit(previewedEdit(result))) {
    void vscode.window.showInformationMessage(`Nothing was generated for ${setName}.`);
    return undefined;
  }
  const created: vscode.Uri[] = [];
  for (const c of result.creates) if (await exists(toUri(c.file))) created.push(toUri(c.file));
  if (open) for (const uri of created.slice(0, 10)) await vscode.window.showTextDocument(uri, { preview: false, preserveFocus: true });
  return created;
}

/**
 * The whole generation as one WorkspaceEdit. The edits of existing files need confirmation: VS Code then
 * opens the Refactor Preview with them unchecked (the user opts in, reading the reason) and the new
 * files checked.
 */
function previewedEdit(result: GenerateResult): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const c of result.creates) {
    const objects = result.volumes.filter((v) => v.file === c.file).map((v) => v.claimCreated ? `${v.volume} ⇄ ${v.claim}` : `${v.volume} for the existing claim ${v.claim}`);
    edit.createFile(toUri(c.file), { ignoreIfExists: false, contents: new TextEncoder().encode(c.text) },
      { label: 'New PV/PVC files', description: objects.join(', '), needsConfirmation: false });
  }
  // one category per kind of edit (the preview groups by label and shows the first description)
  for (const e of result.sourceEdits) {
    edit.replace(toUri(e.edit.file), toRange(e.edit.range), e.edit.newText,
      { label: `Proposed: storageClassName: "" on ${e.target}s`, description: e.why, needsConfirmation: true });
  }
  return edit;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try { await vscode.workspace.fs.stat(uri); return true; } catch { return false; }
}

async function pick<T>(title: string, items: (vscode.QuickPickItem & { value: T })[]): Promise<T | undefined> {
  const chosen = await vscode.window.showQuickPick(items, { title, ignoreFocusOut: true });
  return chosen?.value;
}

/** Defaults from PVs already in the workspace (found by the engine): the NFS server or Ceph pool/cluster the author uses. */

async function askSource(host: AnalysisHost, settings: Settings, file: string): Promise<VolumeSource | undefined> {
  const found = await host.request({ type: 'generateDefaults', file }).catch(() => undefined) ?? {};
  const g = generateChoices(settings.generate, found);
  const preferred = g.configured ?? g.detected ?? settings.generate.source;
  const why = g.configured ? 'from .statefulset-storage.yaml' : g.detected ? 'used by PVs in this workspace' : 'default';
  const kind = await pick<VolumeSourceKind>('Volume source for the new PersistentVolumes', VOLUME_SOURCE_KINDS.map((k) => ({
    label: SOURCE_LABELS[k], description: k === preferred ? why : undefined, value: k, picked: k === preferred,
  })).sort((a, b) => Number(b.value === preferred) - Number(a.value === preferred)));
  if (!kind) return undefined;
  const defaults = sourceFromSettings(kind, g);
  const ask = (prompt: string, value: string, required = true) => vscode.window.showInputBox({
    prompt, value, ignoreFocusOut: true,
    placeHolder: 'patterns may use {set} {namespace} {template} {ordinal} {claim}',
    validateInput: (v) => (required && !v.trim() ? 'A value is required' : undefined),
  });
  switch (defaults.kind) {
    case 'nfs': {
      const server = await ask('NFS server', defaults.server); if (server === undefined) return undefined;
      const path = await ask('Export path per claim', defaults.pathPattern); if (path === undefined) return undefined;
      return { kind: 'nfs', server, pathPattern: path };
    }
    case 'ceph-rbd': {
      const clusterID = await ask('Ceph cluster ID (fsid, as in the ceph-csi config)', defaults.clusterID); if (clusterID === undefined) return undefined;
      const pool = await ask('RBD pool', defaults.pool); if (pool === undefined) return undefined;
      const image = await ask('Image name per claim', defaults.imagePattern); if (image === undefined) return undefined;
      const secret = await ask('Node-stage secret name', defaults.secretName); if (secret === undefined) return undefined;
      return { ...defaults, clusterID, pool, imagePattern: image, secretName: secret };
    }
    case 'local': {
      const path = await ask('Disk path on the node', defaults.pathPattern); if (path === undefined) return undefined;
      const nodes = await ask('Node names, one per ordinal, comma-separated', defaults.nodes.join(',')); if (nodes === undefined) return undefined;
      return { kind: 'local', pathPattern: path, nodes: splitList(nodes) };
    }
    case 'hostPath': {
      const path = await ask('Directory on the node', defaults.pathPattern); if (path === undefined) return undefined;
      return { kind: 'hostPath', pathPattern: path };
    }
    case 'csi': {
      const driver = await ask('CSI driver name', defaults.driver); if (driver === undefined) return undefined;
      const handle = await ask('Volume handle per claim', defaults.handlePattern); if (handle === undefined) return undefined;
      return { ...defaults, driver, handlePattern: handle }; // keeps the config's fsType
    }
  }
}

async function askDirectory(setDir: vscode.Uri): Promise<vscode.Uri | undefined> {
  const where = await pick<'here' | 'choose'>('Where should the files go?', [
    { label: 'Next to the StatefulSet', description: vscode.workspace.asRelativePath(setDir), value: 'here' },
    { label: 'Choose a folder…', value: 'choose' },
  ]);
  if (where === 'here') return setDir;
  if (where !== 'choose') return undefined;
  const chosen = await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, defaultUri: setDir, openLabel: 'Generate here' });
  return chosen?.[0];
}
