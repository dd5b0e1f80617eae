// What `generate` prints before it writes: every new file with the objects in it, the claims it leaves
// alone and why, and every edit of an existing file as a unified diff with its reason — applied only
// with --write-sources, otherwise left for the user to make by hand.
import type { GenerateResult, SourceEdit } from '../core/generate';
import { unifiedDiff } from '../core/unifiedDiff';

export interface ReportOptions {
  readonly setName: string;
  readonly namespace: string;
  readonly source: string;
  readonly writeSources: boolean;
  /** text of every edited file, by the file name the edits use */
  readonly texts: ReadonlyMap<string, string>;
}

export function formatGeneratePlan(result: GenerateResult, o: ReportOptions): string {
  const lines: string[] = [];
  lines.push(`PV/PVC files for StatefulSet ${o.setName} (namespace ${o.namespace}), source ${o.source}`);
  if (result.creates.length) {
    lines.push('New files:');
    for (const c of result.creates) {
      const objects = result.volumes.filter((v) => v.file === c.file)
        .map((v) => v.claimCreated ? `PV ${v.volume} ⇄ claim ${v.claim}` : `PV ${v.volume} reserved for the existing claim ${v.claim}`);
      lines.push(`  ${c.file}: ${objects.join(', ')}`);
    }
  } else {
    lines.push('No new files: every claim of the set exists or is served by a PV.');
  }
  if (result.leftAlone.length) {
    lines.push('Left alone:');
    for (const l of result.leftAlone) lines.push(`  ${l.claim}: ${l.reason}`);
  }
  if (result.sourceEdits.length) lines.push(...editLines(result.sourceEdits, o));
  return lines.join('\n') + '\n';
}

function editLines(edits: readonly SourceEdit[], o: ReportOptions): string[] {
  const lines = [o.writeSources
    ? 'Edits of existing files (--write-sources):'
    : 'Not edited — make these changes by hand, or run again with --write-sources to let generate make them:'];
  for (const e of edits) lines.push(`  ${e.edit.file}:${e.edit.range.start.line + 1}: add storageClassName: "" to ${e.what}: ${e.why}.`);
  const byFile = new Map<string, SourceEdit['edit'][]>();
  for (const e of edits) {
    const list = byFile.get(e.edit.file);
    if (list) list.push(e.edit); else byFile.set(e.edit.file, [e.edit]);
  }
  for (const [file, fileEdits] of byFile) lines.push(unifiedDiff(file, o.texts.get(file) ?? '', fileEdits).trimEnd());
  return lines;
}
