// The engine in a worker thread (dist/engineWorker.js): the editor's thread only posts texts and
// change ranges and receives plain answers, so parsing and analysis never block other extensions.
// Answers arrive on a port of their own that nothing listens to: this thread takes them one at a time
// (receiveMessageOnPort) within a few ms per turn, so the parts of a big answer are deserialized in
// separate turns — a listener would be handed every queued message in one.
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { FromEngine, ToEngine } from '../../core/service/protocol';
import type { EngineConnection } from './connection';

/** the longest turn spent taking answers off the port */
const TURN_MS = 8;

export class WorkerConnection implements EngineConnection {
  readonly where = 'worker';
  private readonly worker: Worker;
  private readonly answers: MessagePort;
  /** answers posted by the engine and not yet taken */
  private waiting = 0;
  private taking = false;
  private readonly listeners: ((m: FromEngine) => void)[] = [];
  private readonly crashListeners: ((e: Error) => void)[] = [];
  private stopped = false;
  private online = false;
  private lastError: Error | undefined;

  /**
   * Throws when the thread cannot be created (then the caller falls back to the main thread).
   * `turnMs`: the longest turn taking answers (0: one answer per turn, which tests use to see the turns).
   */
  constructor(script: string, private readonly turnMs = TURN_MS) {
    const channel = new MessageChannel();
    this.answers = channel.port1;
    this.worker = new Worker(script, { workerData: { answers: channel.port2 }, transferList: [channel.port2] });
    // an idle worker must not keep a process (a unit test, the bench) alive: see hold()
    this.worker.unref();
    this.worker.on('online', () => { this.online = true; });
    this.worker.on('message', (posted: number) => { this.waiting += posted; this.take(); });
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

  /** Hands answers to the listeners, in order, for up to `turnMs`; the rest in a later turn. */
  private take(): void {
    if (this.taking) return;
    const deadline = performance.now() + this.turnMs;
    while (this.waiting > 0 && !this.stopped) {
      const got = receiveMessageOnPort(this.answers);
      if (!got) return; // counted but not arrived yet: cannot happen (the port's messages precede the count)
      this.waiting--;
      for (const l of this.listeners) l(got.message as FromEngine);
      if (this.waiting > 0 && performance.now() >= deadline) {
        this.taking = true;
        setImmediate(() => { this.taking = false; this.take(); });
        return;
      }
    }
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
    this.answers.close();
    void this.worker.terminate();
  }

  /** Ends the thread as a crash: what a test uses to see the editor recover. */
  kill(): Promise<number> {
    return this.worker.terminate();
  }
}
