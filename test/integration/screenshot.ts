// Test side of the screenshot handshake with test/integration/launch-code-server.mjs, which owns the
// browser page: the test writes $SCREENSHOT_DIR/ready (content: target PNG path, or empty for the
// launcher's default; a relative path is taken from the repo root), the launcher captures the page,
// removes `ready` and writes `done` ("ok" or "error: ..."). Tests should first wait for the UI state
// they want to show (diagnostics, code lenses); the launcher only adds a short delay for painting.
// A no-op where SCREENSHOT_DIR is unset (e.g. launch-electron.mjs, which has no page to capture).
import * as fs from 'fs';
import * as path from 'path';

export async function requestScreenshot(target?: string, timeoutMs = 30_000): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (!dir) {
    return;
  }
  const ready = path.join(dir, 'ready');
  const done = path.join(dir, 'done');
  fs.rmSync(done, { force: true });
  // write-then-rename so the launcher never reads a half-written file
  fs.writeFileSync(`${ready}.tmp`, target ?? '');
  fs.renameSync(`${ready}.tmp`, ready);
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(done)) {
    if (Date.now() > deadline) {
      fs.rmSync(ready, { force: true });
      throw new Error(`screenshot not taken within ${timeoutMs} ms (is the launcher watching ${dir}?)`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const answer = fs.readFileSync(done, 'utf8');
  fs.rmSync(done, { force: true }); // ready for the next request
  if (answer.startsWith('error')) {
    throw new Error(`screenshot failed: ${answer}`);
  }
}
