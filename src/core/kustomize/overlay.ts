// An analysis whose findings on some kustomizations' files are replaced by those of their rendering
// (kubectl kustomize's output, mapped back to the files): what the editor shows once a render is done.
// Objects, prediction and plan stay those of the unrendered reading.
import type { Analysis } from '../analysis';
import { compareFindings, Finding } from '../findings';

export interface RenderedFindings {
  /** every file the kustomization's output depends on: their unrendered findings are dropped */
  readonly files: readonly string[];
  /** the rendering's findings, placed in those files (or others: a base outside the folder) */
  readonly findings: readonly Finding[];
}

/** The same analysis (of any kind: a project's keeps its units) with those findings replaced. */
export function withRenderedFindings<T extends Analysis>(analysis: T, rendered: readonly RenderedFindings[]): T {
  if (rendered.length === 0) return analysis;
  const replaced = new Set(rendered.flatMap((r) => r.files));
  const seen = new Set<string>();
  const findings: Finding[] = [];
  const add = (f: Finding) => {
    const key = `${f.code}|${f.file}|${f.range.start.line}:${f.range.start.character}|${f.message}`;
    if (!seen.has(key)) { seen.add(key); findings.push(f); }
  };
  for (const f of analysis.findings) if (!replaced.has(f.file)) add(f);
  for (const r of rendered) r.findings.forEach(add);
  findings.sort(compareFindings);
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byFile.get(f.file);
    if (list) list.push(f); else byFile.set(f.file, [f]);
  }
  // everything else (index, prediction, a project's units) is read through to the analysis, lazily
  return Object.create(analysis, {
    findings: { value: findings, enumerable: true },
    findingsFor: { value: (file: string) => byFile.get(file) ?? [], enumerable: true },
  }) as T;
}
