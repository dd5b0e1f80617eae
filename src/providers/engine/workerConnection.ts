// The engine in a worker thread (dist/engineWorker.js): the editor's thread only posts texts and
// change ranges and receives plain answers, so parsing and analysis never block other extensions.
import { Worker } from 'node:worker_threads';
import type { FromEngine, ToEngine } from '../../core/service/protocol';
import type { EngineConnection } from './connection';

export class WorkerConnection implements EngineConnection {
  readonly where = 'worker';
  private readonly worker: Worker;
  private readonly listeners: ((m: FromEngine) => void)[] = [];
  private readonly crashListeners: ((e: Error) => void)[] = [];
  private stopped = false;
  private online = false;
  private lastError: Error | undefined;

  /** Throws when the thread cannot be created (then the caller falls back to the main thread). */
  constructor(script: string) {
    this.worker = new Worker(script);
    // an idle worker must not keep a process (a unit test, the bench) alive: see hold()
    this.worker.unref();
    this.worker.on('online', () => { this.online = true; });
    this.worker.on('message', (m: FromEngine) => { for (const l of this.listeners) l(m); });
    this.worker.on('error', (e) => { this.lastError = e; });
    this.worker.on('exit', (code) => {
      if (this.stopped) return;
      this.stopped = true;
      const error = this.lastError ?? new Error(`the engine's worker thread exited with code ${code}`);
      for (const l of this.crashListeners) l(error);
    });
  }

  /** whether the thread ever started (a worker that fails before is a reason to fall back) */
  get started(): boolean {
    return this.online;
  }

  /** Keeps the process alive while an answer is awaited (the thread is unref'd otherwise). */
  hold(waiting: boolean): void {
    if (waiting) this.worker.ref(); else this.worker.unref();
  }

  send(message: ToEngine): void {
    if (!this.stopped) this.worker.postMessage(message);
  }

  onMessage(listener: (message: FromEngine) => void): void {
    this.listeners.push(listener);
  }

  onCrash(listener: (error: Error) => void): void {
    this.crashListeners.push(listener);
  }

  /** Ends the thread (as a crash would, but without reporting one). */
  dispose(): void {
    this.stopped = true;
    void this.worker.terminate();
  }

  /** Ends the thread as a crash: what a test uses to see the editor recover. */
  kill(): Promise<number> {
    return this.worker.terminate();
  }
}
