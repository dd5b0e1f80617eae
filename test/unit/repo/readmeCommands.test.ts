// The README opens with the two commands a new user copies; .ci/run runs exactly those (extracted by
// scripts/readme-commands.sh, never retyped), so CI fails whenever the README would fail a user.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../helpers/analyze';

const root = repoRoot();
const README = readFileSync(path.join(root, 'README.md'), 'utf8');

function extract(readme?: string): string[] {
  const r = spawnSync('bash', [path.join(root, 'scripts', 'readme-commands.sh'), ...(readme ? [readme] : [])], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean);
}

/** The README's first lines, read here independently of the script: the block and its comments. */
function firstBlock(): { command: string; comment: string }[] {
  const m = /^# [^\n]+\n\n```sh\n([\s\S]*?)\n```\n/.exec(README);
  assert.ok(m, 'the README starts with its title, then a ```sh block');
  return m[1].split('\n').map((line) => {
    const at = line.indexOf(' # ');
    assert.ok(at > 0, `"${line}" ends with a comment saying what it does`);
    return { command: line.slice(0, at).trimEnd(), comment: line.slice(at + 3) };
  });
}

/**
 * Runs a copy of .ci/run (and of the extraction script) in an empty folder, with an npm that only
 * fails first on PATH: whatever .ci/run does, it cannot install anything or touch this checkout.
 */
function ciRun(readme: string): { status: number | null; out: string; err: string } {
  const sandbox = mkdtempSync(path.join(tmpdir(), 'sts-ci-repo-'));
  try {
    for (const file of ['.ci/run', 'scripts/readme-commands.sh']) {
      mkdirSync(path.dirname(path.join(sandbox, file)), { recursive: true });
      copyFileSync(path.join(root, file), path.join(sandbox, file));
    }
    mkdirSync(path.join(sandbox, 'bin'));
    writeFileSync(path.join(sandbox, 'bin', 'npm'), '#!/bin/sh\necho "npm must not run here" >&2\nexit 97\n', { mode: 0o755 });
    const env = { ...process.env, CI_README: readme, PATH: `${path.join(sandbox, 'bin')}:${process.env.PATH}` };
    const r = spawnSync('bash', [path.join(sandbox, '.ci', 'run')], { env, encoding: 'utf8', timeout: 20_000 });
    return { status: r.status, out: r.stdout, err: r.stderr };
  } finally {
    rmSync(sandbox, { recursive: true, force: true });
  }
}

describe('the README commands and .ci/run', () => {
  it('the README opens with exactly two commands: run the demo, then pass every test', () => {
    const [demo, tests, ...rest] = firstBlock();
    assert.deepEqual(rest, []);
    assert.match(demo.command, /^npm ci && npm run demo$/);
    assert.match(demo.comment, /set up.*run .*bundled example/);
    assert.match(tests.command, /^npm ci && npm run setup:test-host && npm test$/);
    assert.match(tests.comment, /set up.*pass every test/);
  });

  it('scripts/readme-commands.sh yields exactly those commands, without their comments', () => {
    assert.deepEqual(extract(), firstBlock().map((c) => c.command));
  });

  it('npm test, which the second command ends with, runs every suite', () => {
    const scripts = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;
    for (const suite of ['test:unit', 'test:integration', 'test:package', 'typecheck', 'lint', 'build']) assert.match(scripts.test, new RegExp(`npm run ${suite}\\b`));
    assert.ok(scripts.demo && scripts['setup:test-host']);
  });

  it('.ci/run retypes no command: it runs what the script extracts', () => {
    const ci = readFileSync(path.join(root, '.ci', 'run'), 'utf8');
    const code = ci.split('\n').filter((l) => !l.trimStart().startsWith('#')).join('\n');
    assert.match(code, /scripts\/readme-commands\.sh/);
    assert.doesNotMatch(code, /\bnpm\b/);
  });

  describe('.ci/run on a README of harmless commands', () => {
    let dir: string;
    before(() => { dir = mkdtempSync(path.join(tmpdir(), 'sts-ci-')); });
    after(() => rmSync(dir, { recursive: true, force: true }));
    const readme = (lines: string[]) => {
      const file = path.join(dir, `README-${lines.length}-${Math.random().toString(36).slice(2)}.md`);
      writeFileSync(file, `# T\n\n\`\`\`sh\n${lines.join('\n')}\n\`\`\`\n\n\`\`\`sh\necho not-a-readme-command\n\`\`\`\n`);
      return file;
    };

    it('runs both with bash, saying which it runs', () => {
      const r = ciRun(readme([`echo one > "${dir}/one" && [ -n "$BASH_VERSION" ]   # first`, `echo two-ran  # second`]));
      assert.equal(r.status, 0, r.err);
      assert.match(r.out, /README command 1 of 2: echo one > ".*\/one" && \[ -n "\$BASH_VERSION" \]\n/);
      assert.match(r.out, /README command 2 of 2: echo two-ran\ntwo-ran\n/);
      assert.equal(readFileSync(path.join(dir, 'one'), 'utf8'), 'one\n');
      assert.doesNotMatch(r.out, /not-a-readme-command/);
    });

    it('stops at the first failure, with its exit status non-zero', () => {
      const r = ciRun(readme(['false && echo never  # fails', 'echo second-ran  # must not run']));
      assert.equal(r.status, 1);
      assert.match(r.err, /README command 1 failed: false && echo never/);
      assert.doesNotMatch(r.out, /second-ran/);
    });

    it('refuses a README whose block does not hold two commands', () => {
      const r = ciRun(readme(['echo only  # one']));
      assert.equal(r.status, 1);
      assert.match(r.err, /expected the README's first sh block to hold 2 commands, found 1/);
    });
  });
});
