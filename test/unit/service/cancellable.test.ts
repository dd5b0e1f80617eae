// Cancelling a provider's token stops its waiting for the engine (the answer is undefined at once);
// the engine's work goes on and its answer, or failure, is simply not awaited any more.
import { strict as assert } from 'node:assert';
import { cancelled } from '../../../src/providers/engine/cancellable';

function token() {
  const listeners: (() => void)[] = [];
  return {
    isCancellationRequested: false,
    onCancellationRequested: (l: () => void) => { listeners.push(l); return { dispose: () => listeners.splice(listeners.indexOf(l), 1) }; },
    cancel() { this.isCancellationRequested = true; for (const l of [...listeners]) l(); },
  };
}

describe('cancellation of a request', () => {
  it('resolves undefined when the token is cancelled, before the engine answers', async () => {
    let answer: (v: string) => void = () => undefined;
    const work = new Promise<string>((r) => { answer = r; });
    const t = token();
    const waiting = cancelled(t as never, work);
    t.cancel();
    assert.equal(await waiting, undefined);
    answer('late'); // the engine's answer still comes, and nobody waits for it
    assert.equal(await work, 'late');
  });

  it('gives the answer when nothing is cancelled, and an already cancelled token waits for nothing', async () => {
    assert.equal(await cancelled(token() as never, Promise.resolve('lenses')), 'lenses');
    const t = token();
    t.cancel();
    assert.equal(await cancelled(t as never, Promise.reject(new Error('engine failed'))), undefined, 'a failure nobody waits for is not thrown');
  });
});
