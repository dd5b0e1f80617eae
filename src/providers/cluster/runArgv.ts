// Runs a backing volume's commands on this machine: each an argv array given to execFile with no shell,
// so no value in it can start another command, under a time limit, cancellable. No `vscode` here: the
// unit tests run it. Only the programs the engine builds commands for are run.
import type { ExecFileException } from 'node:child_process';

export const PROGRAMS: readonly string[] = ['rbd', 'mkdir'];
export const DEFAULT_TIMEOUT_MS = 60_000;

export interface CommandResult {
  readonly argv: readonly string[];
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
  /** why it failed: exit code, signal, time limit, cancellation, or a refused program */
  readonly error?: string;
}

export interface RunOptions {
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** told about each command as it ends */
  readonly onResult?: (r: CommandResult) => void;
}

function failure(argv: readonly string[], e: ExecFileException, timeoutMs: number, signal?: AbortSignal): string {
  if (signal?.aborted) return 'cancelled';
  if (e.killed && e.signal === 'SIGTERM') return `stopped after the time limit of ${Math.round(timeoutMs / 1000)} s`;
  if (e.code === 'ENOENT') return `${argv[0]} is not installed on this machine (or not on PATH)`;
  if (typeof e.code === 'number') return `exit code ${e.code}`;
  return e.signal ? `killed by ${e.signal}` : e.message;
}

/** One command, no shell. Never rejects: a failure is a result with `ok: false`. */
export async function runArgv(argv: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!PROGRAMS.includes(argv[0] ?? '')) return { argv, ok: false, stdout: '', stderr: '', error: `refused: only ${PROGRAMS.join(' and ')} are run` };
  if (options.signal?.aborted) return { argv, ok: false, stdout: '', stderr: '', error: 'cancelled' };
  // loaded here: node:child_process costs milliseconds to load, and activation does not need it
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) => {
    execFile(argv[0], argv.slice(1), { shell: false, timeout: timeoutMs, killSignal: 'SIGTERM', signal: options.signal, maxBuffer: 1 << 20, windowsHide: true },
      (err, stdout, stderr) => resolve({
        argv, ok: !err, stdout: String(stdout), stderr: String(stderr),
        ...(err ? { error: failure(argv, err, timeoutMs, options.signal) } : {}),
      }));
  });
}

/** The commands in order, stopping at the first failure; true when all succeeded. */
export async function runCommands(commands: readonly (readonly string[])[], options: RunOptions = {}): Promise<boolean> {
  for (const argv of commands) {
    const r = await runArgv(argv, options);
    options.onResult?.(r);
    if (!r.ok) return false;
  }
  return true;
}
