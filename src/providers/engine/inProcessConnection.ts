// The engine on the editor's own thread: the fallback when a worker cannot start, and the reference
// the worker is tested against. Messages are structured-cloned both ways (as postMessage does), so
// that whatever is not plain data fails here too; each runs in a later task, never inside the caller.
import type { EngineService } from '../../core/service/engineService';
import type { FromEngine, ToEngine } from '../../core/service/protocol';
import type { EngineConnection } from './connection';

export class InProcessConnection implements EngineConnection {
  readonly where = 'main thread';
  private service: EngineService | undefined;
  private readonly listeners: ((m: FromEngine) => void)[] = [];
  private readonly crashListeners: ((e: Error) => void)[] = [];
  private dead = false;

  /** `makeService` loads the engine (the engine bundle in the editor) on the first message. */
  constructor(private readonly makeService: () => EngineService, private readonly clone = true) {}

  send(message: ToEngine): void {
    const m = this.clone ? structuredClone(message) : message;
    setImmediate(() => this.receive(m));
  }

  private receive(message: ToEngine): void {
    if (this.dead) return;
    let answers: FromEngine[];
    try {
      answers = (this.service ??= this.makeService()).receive(message);
      if (this.clone) answers = answers.map((a) => structuredClone(a));
    } catch (e) {
      // a mutation that threw leaves the engine in an unknown state: as a crashed worker
      this.dead = true;
      for (const l of this.crashListeners) l(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    this.deliver(answers, 0);
  }

  /** Each message in its own task, as a worker's arrive: the parts of a big answer let others run between them. */
  private deliver(answers: readonly FromEngine[], at: number): void {
    if (this.dead || at >= answers.length) return;
    for (const l of this.listeners) l(answers[at]);
    if (at + 1 < answers.length) setImmediate(() => this.deliver(answers, at + 1));
  }

  onMessage(listener: (message: FromEngine) => void): void {
    this.listeners.push(listener);
  }

  onCrash(listener: (error: Error) => void): void {
    this.crashListeners.push(listener);
  }

  /** As a terminated worker: nothing sent before is answered. */
  async kill(): Promise<void> {
    if (this.dead) return;
    this.dead = true;
    await Promise.resolve();
    for (const l of this.crashListeners) l(new Error('the engine was killed'));
  }

  dispose(): void {
    this.dead = true;
    this.service = undefined;
  }
}
