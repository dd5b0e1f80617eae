// The editor's kubectl lookup (src/providers/kubectlLookup.ts): a lookup that failed — here a fake
// kubectl whose first `version` hangs past the time limit, as a cold start on a loaded machine did — is
// kept only for a back-off, then looked up again; a success is kept.
import * as assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { findKubectl, KubectlChoice } from '../../../src/edge/kubectl';
import { FIRST_RETRY_MS, KubectlLookup, MAX_RETRY_MS } from '../../../src/providers/kubectlLookup';

const VERSION_JSON = '{"clientVersion":{"major":"1","minor":"31","gitVersion":"v1.31.2"},"kustomizeVersion":"v5.4.2"}';

describe('kubectl lookup: a failure is retried after a back-off, a success is kept', () => {
  let dir: string;
  let fake: string;
  const calls = () => Number(readFileSync(path.join(dir, 'calls'), 'utf8'));

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sts-kubectl-'));
    fake = path.join(dir, 'kubectl');
    // counts its calls; the first one hangs (killed by the time limit), the later ones answer
    writeFileSync(fake, `#!/bin/sh
n=$(cat '${dir}/calls' 2>/dev/null || echo 0)
echo $((n + 1)) > '${dir}/calls'
if [ "$n" = 0 ]; then exec sleep 60; fi
echo '${VERSION_JSON}'
`);
    chmodSync(fake, 0o755);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a fake kubectl that times out once, then answers: unavailable, kept for the back-off, then found and kept', async () => {
    let now = 1_000;
    const lookup = new KubectlLookup(() => findKubectl(fake, 3_000), () => now);
    assert.equal(lookup.mayRender(), true, 'nothing looked up yet: a render may try');

    const first = await lookup.get();
    assert.ok('unavailable' in first && first.unavailable.includes('did not answer `version --client` within 3 s'), JSON.stringify(first));
    assert.equal(lookup.mayRender(), false, 'within the back-off the unrendered reading stays');
    assert.equal(lookup.retryInMs(), FIRST_RETRY_MS);
    assert.deepEqual(await lookup.get(), first, 'the failure is kept during the back-off');
    assert.equal(calls(), 1);

    now += FIRST_RETRY_MS;
    assert.equal(lookup.mayRender(), true, 'back-off over: the next render looks again');
    const second = await lookup.get();
    assert.ok('kubectl' in second && second.kubectl.version === 'v1.31.2', JSON.stringify(second));
    assert.equal(calls(), 2);
    assert.equal(lookup.failed, false);
    assert.equal(lookup.retryInMs(), undefined);

    now += 10 * MAX_RETRY_MS;
    assert.equal(await lookup.get(), second, 'a success is kept');
    assert.equal(calls(), 2);
  });

  it('repeated failures double the back-off up to its cap; one lookup at a time; forget() starts over', async () => {
    let now = 0;
    let found = 0;
    let answer: KubectlChoice = { unavailable: 'kubectl was not found on PATH' };
    const lookup = new KubectlLookup(async () => { found++; return answer; }, () => now);
    const waits: number[] = [];
    for (let i = 0; i < 10; i++) {
      await lookup.get();
      waits.push(lookup.retryInMs()!);
      now += lookup.retryInMs()!;
    }
    assert.deepEqual(waits, [5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 600_000, 600_000, 600_000]);
    assert.equal(found, 10);

    answer = { kubectl: { path: '/usr/bin/kubectl', version: 'v1.31.2' } };
    const [a, b] = await Promise.all([lookup.get(), lookup.get()]);
    assert.equal(a, b);
    assert.equal(found, 11, 'two renders waiting share one lookup');

    lookup.forget();
    assert.equal(lookup.last, undefined);
    answer = { unavailable: 'kubectl was not found on PATH' };
    await lookup.get();
    assert.equal(lookup.retryInMs(), FIRST_RETRY_MS, 'after forget() the back-off starts over');
  });

  it('a lookup that throws or rejects is a failure kept for the back-off, not a lookup pending for ever', async () => {
    let now = 0;
    let calls = 0;
    const lookup = new KubectlLookup(() => {
      calls++;
      if (calls === 1) throw new Error('spawn EACCES');
      return calls === 2 ? Promise.reject(new Error('spawn ENOENT')) : Promise.resolve({ kubectl: { path: '/usr/bin/kubectl', version: 'v1.31.2' } });
    }, () => now);
    assert.match((await lookup.get() as { unavailable: string }).unavailable, /EACCES/);
    assert.equal(lookup.mayRender(), false, 'kept for the back-off');
    now += lookup.retryInMs()!;
    assert.match((await lookup.get() as { unavailable: string }).unavailable, /ENOENT/);
    now += lookup.retryInMs()!;
    assert.ok('kubectl' in await lookup.get(), 'looked up again after the back-off');
  });

  it('an answer that arrives after forget() (settings changed meanwhile) is not kept', async () => {
    let release!: (c: KubectlChoice) => void;
    const lookup = new KubectlLookup(() => new Promise<KubectlChoice>((r) => { release = r; }));
    const pending = lookup.get();
    lookup.forget();
    release({ unavailable: 'for the old kubectlPath' });
    await pending;
    assert.equal(lookup.last, undefined);
    assert.equal(lookup.mayRender(), true);
  });
});
