// Runs the CLI in this process, as `statefulset-storage ARGS…` would run: its exit code and what it wrote.
import { Writable } from 'node:stream';
import { main } from '../../../src/cli';

/** A stream that keeps what was written to it. */
export class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void { this.text += chunk.toString(); cb(); }
}

export async function runCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new Sink();
  const err = new Sink();
  const code = await main(argv, out, err);
  return { code, out: out.text, err: err.text };
}
