// The editor's end of the engine protocol: numbers mutations (the version), matches answers to
// requests, and fails every pending request when the engine dies. Waiting can be cancelled; the
// engine's work cannot (it is one analysis, shared by whoever asks next).
import type { AnalyzeResult, FileDiagnostics, FromEngine, Mutation, Request, ResultOf } from '../../core/service/protocol';
import { joinChanged } from '../../core/service/answerParts';
import type { EngineConnection } from './connection';

export interface Answer<T> {
  readonly version: number;
  readonly result: T;
}

/** The engine refused a request with a message meant for the user (generate's checks). */
export class EngineRefusal extends Error {}

/** The engine failed on a request; its stack is the engine's. */
export class EngineFailure extends Error {
  constructor(message: string, readonly engineStack?: string) { super(message); }
}

/** The engine died before answering. */
export class EngineStopped extends Error {}

interface Pending { resolve(a: Answer<unknown>): void; reject(e: Error): void }

export class EngineClient {
  private nextId = 1;
  private sent = 0;
  private readonly pending = new Map<number, Pending>();
  /** the parts of `analyze` answers received so far, by request */
  private readonly parts = new Map<number, (readonly FileDiagnostics[])[]>();

  constructor(readonly connection: EngineConnection, onCrash: (e: Error) => void) {
    connection.onMessage((m) => this.answer(m));
    connection.onCrash((e) => {
      this.failAll(new EngineStopped(`the analysis engine stopped: ${e.message}`));
      onCrash(e);
    });
  }

  /** the version of the last mutation sent */
  get version(): number {
    return this.sent;
  }

  mutate(mutation: Mutation): number {
    this.connection.send({ kind: 'mutate', version: ++this.sent, mutation });
    return this.sent;
  }

  request<T extends Request['type']>(request: Extract<Request, { type: T }>): Promise<Answer<ResultOf[T]>> {
    const id = this.nextId++;
    return new Promise<Answer<ResultOf[T]>>((resolve, reject) => {
      if (this.pending.size === 0) this.connection.hold?.(true);
      this.pending.set(id, { resolve: resolve as (a: Answer<unknown>) => void, reject });
      this.connection.send({ kind: 'request', id, request });
    });
  }

  dispose(): void {
    this.failAll(new EngineStopped('the analysis engine was shut down'));
    this.connection.dispose();
  }

  private answer(m: FromEngine): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.kind === 'part') { this.gather(m.id, m.changed); return; }
    const parts = this.parts.get(m.id);
    this.settle(m.id);
    if (m.kind === 'error') { p.reject(m.refused ? new EngineRefusal(m.message) : new EngineFailure(m.message, m.stack)); return; }
    // an analysis sent in parts is applied whole: its parts and the rest, with the final message's version
    const result = parts ? { ...(m.result as AnalyzeResult), changed: joinChanged([...parts, (m.result as AnalyzeResult).changed]) } : m.result;
    p.resolve({ version: m.version, result });
  }

  private gather(id: number, changed: readonly FileDiagnostics[]): void {
    const parts = this.parts.get(id);
    if (parts) parts.push(changed); else this.parts.set(id, [changed]);
  }

  private settle(id: number): void {
    this.pending.delete(id);
    this.parts.delete(id);
    if (this.pending.size === 0) this.connection.hold?.(false);
  }

  private failAll(error: Error): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    this.parts.clear();
    this.connection.hold?.(false);
    for (const p of all) p.reject(error);
  }
}
