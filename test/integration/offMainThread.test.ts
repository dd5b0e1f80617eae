// The analysis runs off the extension host's main thread: during the cold scan of a big generated
// workspace (20 files × 1,000 documents), a timer on the extension host's thread keeps firing,
// because parsing and analysis happen in the engine's worker thread. With the engine on the main
// thread (STATEFULSET_STORAGE_ENGINE_THREAD=main) the same scan blocks that thread for the whole
// analysis, seconds, and this test fails. The bound is relative: the extension host also runs other
// work on a loaded machine (pauses above a second were seen while our thread had nothing to do); the
// absolute figure is the bench's (npm run bench: longest main-thread block, target ≤ 50 ms).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { SHAPES } from '../../bench/manifest';
import { extensionApi, Sandbox } from './helpers';

/** The longest gap (ms) between ticks of a 10 ms timer on this thread while `during` runs. */
async function longestBlock(during: () => Promise<void>): Promise<{ block: number; took: number; gaps: string[] }> {
  const start = performance.now();
  let last = start;
  let longest = 0;
  const gaps: string[] = [];
  const tick = setInterval(() => {
    const now = performance.now();
    if (now - last > 100) gaps.push(`${(now - last).toFixed(0)} ms ending at +${(now - start).toFixed(0)} ms`);
    longest = Math.max(longest, now - last);
    last = now;
  }, 10);
  try {
    await during();
    await new Promise((r) => setTimeout(r, 20)); // lets the timer see a block that ended the run
  } finally {
    clearInterval(tick);
  }
  return { block: longest, took: performance.now() - start, gaps };
}

/** the analysis must take this long for the measure to mean anything */
const MIN_SCAN_MS = 2000;
/** files of 1,000 documents: 10 were scanned in 1.5 s once documents of the common shape were read directly */
const FILES = 20;

describe('analysis off the main thread', () => {
  let box: Sandbox;
  before(async function () {
    this.timeout(120_000);
    box = await Sandbox.create('big');
    const shape = SHAPES.find((s) => s.name === 'many files')!.make(FILES);
    for (const f of shape.files) await vscode.workspace.fs.writeFile(box.uri(f.file), new TextEncoder().encode(f.text));
    const { host } = await extensionApi();
    // the engine has all of them before the measured re-scan
    for (let i = 0; i < 100 && (await host.current()).files < shape.files.length; i++) await new Promise((r) => setTimeout(r, 200));
  });
  after(async function () {
    this.timeout(60_000);
    await box.dispose();
  });

  it('keeps the extension host responsive during a cold scan of 20,000 documents', async function () {
    this.timeout(120_000);
    const { host } = await extensionApi();
    let summary: Awaited<ReturnType<typeof host.current>> | undefined;
    const { block, took, gaps } = await longestBlock(async () => {
      await vscode.commands.executeCommand('statefulsetStorage.reanalyze');
      summary = await host.current();
    });
    assert.strictEqual(host.engineThread, 'worker');
    assert.strictEqual(summary?.files, FILES, `the scan read the ${FILES} files`);
    assert.strictEqual(summary?.statefulSetCount, FILES * 200);
    assert.ok(took > MIN_SCAN_MS, `the scan took ${took.toFixed(0)} ms: too little work to tell a blocked thread from a free one`);
    // on the main thread, the longest block is the analysis itself: nearly all of `took` (2.9 s of 3.3 s
    // measured with STATEFULSET_STORAGE_ENGINE_THREAD=main); on the worker 54 ms of 3.7 s here, but a clean
    // clone's `.ci/run` once saw a 1.6 s gap in a 5.5 s scan (cause not found; alone and in a local full run
    // the test passed)
    assert.ok(block < took / 2, `the extension host's thread was blocked for ${block.toFixed(0)} ms during the ${took.toFixed(0)} ms scan (gaps over 100 ms: ${gaps.join(', ') || 'none'})`);
  });
});
