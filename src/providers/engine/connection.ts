// A channel to the engine (core/service/engineService.ts): a worker thread, or the editor's own thread
// when no worker can start. Neither imports vscode: unit tests run both against the same suite.
import type { FromEngine, ToEngine } from '../../core/service/protocol';

export interface EngineConnection {
  /** 'worker' or 'main thread': where the analysis runs */
  readonly where: string;
  send(message: ToEngine): void;
  /** answers, in the order the requests were sent */
  onMessage(listener: (message: FromEngine) => void): void;
  /** the engine died (a crash, an uncaught error, a kill): no answer will come for pending requests */
  onCrash(listener: (error: Error) => void): void;
  /** answers are awaited (true) or not (false): a worker keeps the process alive only while they are */
  hold?(waiting: boolean): void;
  dispose(): void;
  /** ends the engine as a crash would (tests) */
  kill?(): Promise<unknown>;
}
