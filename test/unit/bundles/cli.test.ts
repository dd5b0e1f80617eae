// The built CLI bundle (dist/cli.js) as `statefulset-storage` runs it: check never loads the cluster
// code (dist/cluster.js, with the Kubernetes client), apply loads it on first use and its errors are
// still recognised across the two bundles; yaml's debug switches do not reach the bundled parser.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from '../helpers/analyze';
import { Sink } from '../helpers/cli';
import { distDir, loaded } from '../helpers/bundle';

type Cli = { main(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> };

function freshCli(): Cli {
  for (const f of ['cli.js', 'cluster.js']) delete require.cache[path.join(distDir(), f)];
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle is what is tested
  return require(path.join(distDir(), 'cli.js')) as Cli;
}

describe('CLI bundle', () => {
  const example = path.join(repoRoot(), 'examples', 'mysql-rbd');

  it('check runs without loading the cluster code; apply loads it and reports a missing kubeconfig as a usage error', async () => {
    const cli = freshCli();
    const out = new Sink();
    const err = new Sink();
    const code = await cli.main(['check', example, '--format', 'json'], out, err);
    assert.equal(code, 1, err.text);
    assert.ok(JSON.parse(out.text).findings.length > 0);
    assert.equal(loaded('cluster.js'), false, 'check loaded dist/cluster.js');

    const missing = path.join(repoRoot(), 'test', 'no-such-kubeconfig');
    const applyErr = new Sink();
    assert.equal(await cli.main(['apply', example, '--dry-run', '--kubeconfig', missing], new Sink(), applyErr), 2);
    assert.equal(loaded('cluster.js'), true, 'apply loaded dist/cluster.js');
    // a ClusterError of dist/cluster.js became the CLI's usage error, not an internal error
    assert.match(applyErr.text, /^statefulset-storage: no kubeconfig found/);
  });

  it('the bundled YAML parser ignores yaml\'s LOG_TOKENS and LOG_STREAM (read per token, they cost a quarter of the parse)', () => {
    const run = spawnSync(process.execPath, [path.join(distDir(), 'cli.js'), 'check', example], {
      encoding: 'utf8', timeout: 20000, env: { ...process.env, LOG_TOKENS: '1', LOG_STREAM: '1' },
    });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /removed-volume-plugin/);
    assert.doesNotMatch(run.stdout, /^\| /m, 'yaml printed its tokens');
  });
});
