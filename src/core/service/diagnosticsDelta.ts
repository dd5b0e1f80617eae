// Diagnostics cross the thread boundary as a delta: only the files whose findings changed since the
// previous answer. Typing in one file of a 50,000-document workspace sends that file's findings, not
// every file's (structured cloning them would block the editor's thread).
import type { Analysis } from '../analysis';
import type { Finding } from '../findings';
import type { FileDiagnostics } from './protocol';

export class DiagnosticsDelta {
  /** per file: the findings list last sent (kept by identity) and its serialized form */
  private sent = new Map<string, { list: readonly Finding[]; key: string }>();

  /** Files whose findings differ from the last call (an empty list for files that have none any more). */
  next(analysis: Analysis): FileDiagnostics[] {
    const now = new Map<string, { list: readonly Finding[]; key: string }>();
    const changed: FileDiagnostics[] = [];
    const files = new Set(analysis.findings.map((f) => f.file));
    for (const file of files) {
      const list = analysis.findingsFor(file);
      const old = this.sent.get(file);
      // the same list object means the same findings; else compare their content
      const key = old?.list === list ? old.key : JSON.stringify(list);
      now.set(file, { list, key });
      if (old?.key !== key) changed.push({ file, findings: list });
    }
    for (const file of this.sent.keys()) if (!now.has(file)) changed.push({ file, findings: [] });
    this.sent = now;
    return changed;
  }

  /** Forget what was sent: the next call sends every file (a new editor-side collection). */
  reset(): void {
    this.sent = new Map();
  }
}
