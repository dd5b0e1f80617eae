// The CLI's side of the failure boundary: an internal error is a finding (the stack with --verbose),
// never a lost run; a closed stdout (`check … | head`) ends the run quietly.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { invalidName } from '../../../src/core/rules/objectRules';
import { docs, HEADLESS_SERVICE, pv, repoRoot, statefulSet } from '../helpers/analyze';
import { runCli as run } from '../helpers/cli';

describe('cli: failures', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sts-fail-'));
    writeFileSync(path.join(dir, 'a.yaml'), docs(HEADLESS_SERVICE, statefulSet({ name: 'boom' })));
    writeFileSync(path.join(dir, 'b.yaml'), pv({ name: 'Bad_Name' }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function withThrowingRule<T>(work: () => Promise<T>): Promise<T> {
    const check = invalidName.check;
    invalidName.check = (o, report, profile) => {
      if (o.name === 'boom') throw new TypeError('items is not iterable');
      check(o, report, profile);
    };
    return work().finally(() => { invalidName.check = check; });
  }

  it('check: an internal error is a finding on its document; other files still report; --verbose prints the stack', async () => {
    const quiet = await withThrowingRule(() => run('check', dir, '--format', 'json'));
    assert.equal(quiet.code, 1);
    assert.equal(quiet.err, '');
    const codes = JSON.parse(quiet.out).findings.map((f: { file: string; code: string }) => `${path.basename(f.file)} ${f.code}`);
    assert.ok(codes.includes('a.yaml internal-error'), codes.join());
    assert.ok(codes.includes('b.yaml invalid-name'), codes.join());
    const verbose = await withThrowingRule(() => run('check', dir, '--verbose'));
    assert.match(verbose.out, /a\.yaml:\d+:1: error internal-error: Internal error while checking invalid-name on this document: TypeError: items is not iterable\..*please report/);
    assert.match(verbose.err, /internal error at .*a\.yaml:\d+:1:\nTypeError: items is not iterable\n\s+at /);
  });

  it('plan: still plans, and says on stderr that a document could not be analysed', async () => {
    const r = await withThrowingRule(() => run('plan', dir));
    assert.equal(r.code, 0);
    assert.match(r.out, /StatefulSet default\/boom/);
    assert.match(r.err, /1 document could not be analysed because of an internal error/);
  });

  it('check … | head: a closed stdout ends the run without a stack trace', async function () {
    this.timeout(20000);
    const many = Array.from({ length: 800 }, (_, i) => pv({ name: `Bad_${i}` })).join('---\n');
    writeFileSync(path.join(dir, 'many.yaml'), many);
    const child = spawn(process.execPath, [path.join(repoRoot(), 'dist', 'cli.js'), 'check', path.join(dir, 'many.yaml')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    // like `head -1`: read the first chunk, then close the pipe
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(err, '');
    assert.equal(code, 1, 'the exit status still says there are errors');
  });

  it('plan: a mapping key that is a collection reads quietly (yaml would warn on stderr)', async function () {
    this.timeout(20000);
    const file = path.join(dir, 'odd-key.yaml');
    writeFileSync(file, pv({ name: 'odd' }).replace('metadata:\n', 'metadata:\n  labels:\n    ? [a]\n    : b\n'));
    const child = spawn(process.execPath, [path.join(repoRoot(), 'dist', 'cli.js'), 'plan', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.stdout.resume();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0);
    assert.equal(err, '');
  });
});
