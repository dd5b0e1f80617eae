// The engine's failure boundary. Every file, document and rule runs inside a guard: an unexpected
// exception becomes an `internal-error` finding on the document it happened in, and the rest of the
// run (other documents, other files, other rules) goes on. A lost run would hide every finding of a
// workspace behind one bad document; in the editor it would also take the extension host down.
import type { RawFinding, Span } from './findings';

export const ISSUES_URL = 'https://github.com/statefulset-storage/statefulset-storage/issues';

/** What went wrong, kept for the finding and for the log (the stack is not part of the message). */
export interface InternalFailure {
  /** what the engine was doing: "parsing", "reading the object", rule code… */
  readonly stage: string;
  readonly message: string;
  readonly stack: string;
}

export function failureOf(e: unknown, stage: string): InternalFailure {
  const error = e instanceof Error ? e : new Error(String(e));
  const message = `${error.name}: ${error.message}`.split('\n')[0].slice(0, 300);
  return { stage, message, stack: error.stack ?? message };
}

/** Runs `work`; on an exception returns the failure instead of throwing it. */
export function guarded<T>(stage: string, work: () => T): { value: T; failure?: undefined } | { value?: undefined; failure: InternalFailure } {
  try {
    return { value: work() };
  } catch (e) {
    return { failure: failureOf(e, stage) };
  }
}

export function internalErrorMessage(failure: InternalFailure, what: string): string {
  return `Internal error while ${failure.stage} ${what}: ${failure.message}. The rest of the workspace was analysed; `
    + `this document may lack findings. This is a bug: please report it at ${ISSUES_URL} (the editor's output channel `
    + '"StatefulSet Storage" and `statefulset-storage check --verbose` show the stack).';
}

export function internalErrorFinding(at: Span, failure: InternalFailure, what: string): RawFinding {
  return {
    code: 'internal-error', severity: 'error', at, related: [],
    message: internalErrorMessage(failure, what),
    data: { stack: failure.stack },
  };
}
