// Every file's findings as the engine last sent them (its answers are deltas: diagnosticsDelta.ts),
// and the files changed since the last publication. An answer superseded by newer edits is applied
// here but not published; the next publication names its files too.
import type { Finding } from '../../core/findings';
import { applyFileDelta } from '../../core/service/diagnosticsDelta';
import type { FileDiagnostics } from '../../core/service/protocol';

export class DiagnosticsMirror {
  private readonly files = new Map<string, readonly Finding[]>();
  private readonly unpublished = new Set<string>();
  /** a new engine answers next: its first delta is every file's findings, and replaces all of these */
  private replaceAll = false;

  get diagnostics(): ReadonlyMap<string, readonly Finding[]> {
    return this.files;
  }

  apply(changed: readonly FileDiagnostics[]): void {
    if (this.replaceAll) {
      this.replaceAll = false;
      for (const f of this.files.keys()) this.unpublished.add(f);
      this.files.clear();
    }
    for (const d of changed) {
      if (d.items.length) this.files.set(d.file, applyFileDelta(this.files.get(d.file), d.items)); else this.files.delete(d.file);
      this.unpublished.add(d.file);
    }
  }

  /** The files to publish now; they are published from here on. */
  take(): string[] {
    const out = [...this.unpublished];
    this.unpublished.clear();
    return out;
  }

  /** The engine died: `finding` shows it (beside the findings shown) until the new engine's first analysis replaces everything. */
  engineDied(finding: Finding | undefined): void {
    this.replaceAll = true;
    if (!finding) return;
    this.files.set(finding.file, [...(this.files.get(finding.file) ?? []), finding]);
    this.unpublished.add(finding.file);
  }
}
