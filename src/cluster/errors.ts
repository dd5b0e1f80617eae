// One error type for everything that goes wrong talking to a cluster, carrying the API's reason and code
// when there is one. Messages are always passed through the target's redactor before they are built.

export class ClusterError extends Error {
  constructor(
    /** the API's reason (NotFound, Forbidden, Invalid, …) or one of ours (Unreachable, Config, Timeout, Cancelled) */
    readonly reason: string,
    message: string,
    /** HTTP status when the server answered */
    readonly code?: number,
  ) {
    super(message);
  }
}

export class CancelledError extends ClusterError {
  constructor() { super('Cancelled', 'cancelled'); }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

/** Settles with the promise, or rejects with CancelledError as soon as the signal aborts. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) { promise.catch(() => undefined); return Promise.reject(new CancelledError()); }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => { promise.catch(() => undefined); reject(new CancelledError()); };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => { signal.removeEventListener('abort', onAbort); resolve(v); },
      (e: unknown) => { signal.removeEventListener('abort', onAbort); reject(e); },
    );
  });
}

/** setTimeout as a promise that an AbortSignal cancels (and that never keeps the process alive after abort). */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) { reject(new CancelledError()); return; }
    const t = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    const onAbort = () => { clearTimeout(t); reject(new CancelledError()); };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
