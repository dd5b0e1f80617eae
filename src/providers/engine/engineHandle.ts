// Starts the engine — a worker thread, else (no worker could start) the editor's thread — and starts
// it again when it dies, logging why. An engine that dies again and again is given up until the user
// asks for a re-analysis: a text that crashes it would otherwise restart it forever.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { engine } from '../loadEngine';
import type { EngineConnection } from './connection';
import { EngineClient } from './engineClient';
import { InProcessConnection } from './inProcessConnection';
import { WorkerConnection } from './workerConnection';

const CRASHES = 3;
const CRASH_WINDOW_MS = 60_000;

export class EngineHandle {
  private current: EngineClient | undefined;
  /** no worker could start here: analyse on the editor's thread */
  private mainThreadOnly = process.env.STATEFULSET_STORAGE_ENGINE_THREAD === 'main';
  private crashTimes: number[] = [];
  private gaveUp = false;
  restarts = 0;

  constructor(private readonly log: vscode.LogOutputChannel | undefined, private readonly onRestart: (error: Error) => void) {}

  get where(): string | undefined {
    return this.current?.connection.where;
  }

  /** the version of the last edit sent to the running engine */
  get version(): number {
    return this.current?.version ?? 0;
  }

  /** false after repeated crashes, until revive() */
  get available(): boolean {
    return !this.gaveUp;
  }

  /** The running engine, started on first use (after activation: the first scan's first message). */
  client(): EngineClient {
    if (this.gaveUp) throw new Error('the analysis engine stopped repeatedly: run "Re-analyze workspace" to start it again');
    return (this.current ??= this.start());
  }

  /** After the user asked for a re-analysis: try again. */
  revive(): void {
    this.gaveUp = false;
    this.crashTimes = [];
  }

  async kill(): Promise<void> {
    await this.current?.connection.kill?.();
  }

  dispose(): void {
    this.current?.dispose();
    this.current = undefined;
  }

  private start(): EngineClient {
    const connection = this.connect();
    const client: EngineClient = new EngineClient(connection, (e) => this.crashed(client, e));
    return client;
  }

  private connect(): EngineConnection {
    if (!this.mainThreadOnly) {
      try {
        return new WorkerConnection(path.join(__dirname, 'engineWorker.js'));
      } catch (e) {
        this.fallBack(e as Error);
      }
    }
    return new InProcessConnection(() => new (engine().EngineService)(), false);
  }

  private fallBack(e: Error): void {
    this.mainThreadOnly = true;
    this.log?.warn(`No worker thread for the analysis (${e.message}): it runs on the extension host's main thread.`);
  }

  private crashed(client: EngineClient, error: Error): void {
    if (client !== this.current) return;
    this.current = undefined;
    const connection = client.connection;
    if (connection instanceof WorkerConnection && !connection.started) this.fallBack(error);
    this.log?.error(`The analysis engine (${connection.where}) stopped: ${error.message}\n${error.stack ?? ''}`);
    const now = Date.now();
    this.crashTimes = [...this.crashTimes.filter((t) => now - t < CRASH_WINDOW_MS), now];
    if (this.crashTimes.length > CRASHES) {
      this.gaveUp = true;
      void vscode.window.showErrorMessage(`StatefulSet Storage: the analysis engine stopped ${this.crashTimes.length} times in a minute and is not restarted. Run "Re-analyze workspace" to try again; the output channel "StatefulSet Storage" has the details.`);
      return;
    }
    this.restarts++;
    this.onRestart(error);
  }
}
