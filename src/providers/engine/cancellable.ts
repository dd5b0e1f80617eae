// Cancellation stops the waiting, not the engine: the answer is simply not awaited any more.
import type * as vscode from 'vscode';

export function cancelled<T>(token: vscode.CancellationToken | undefined, work: Promise<T>): Promise<T | undefined> {
  if (!token) return work;
  if (token.isCancellationRequested) { work.catch(() => undefined); return Promise.resolve(undefined); }
  return new Promise<T | undefined>((resolve, reject) => {
    const sub = token.onCancellationRequested(() => { sub.dispose(); resolve(undefined); });
    work.then((v) => { sub.dispose(); resolve(v); }, (e: unknown) => { sub.dispose(); reject(e instanceof Error ? e : new Error(String(e))); });
  });
}
