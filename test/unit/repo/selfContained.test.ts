// A fresh clone has nothing beside it: the tests, the scripts and CI read only the repository. The
// corpus of real manifests lives in test/fixtures/corpus/ (its README names the sources).
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { corpusDir, repoRoot } from '../helpers/analyze';

const root = repoRoot();
const FOLDERS = ['test', 'src', 'bench', 'scripts', '.ci'];
// Spelled in pieces so that this file does not match itself.
const SHARED = ['sh', 'ared'].join('');
const REFERENCES = [
  new RegExp(`\\.\\.[/\\\\]${SHARED}\\b`), // the folder as a path
  new RegExp(`['"]\\.\\.['"]\\s*,\\s*['"]${SHARED}['"]`), // the folder as path.join arguments
];

function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile());
}

describe('the repository is self-contained', () => {
  it(`no file under ${FOLDERS.join(', ')} refers to ../${SHARED}`, () => {
    const offenders: string[] = [];
    for (const folder of FOLDERS) {
      for (const file of filesUnder(path.join(root, folder))) {
        const text = readFileSync(file, 'utf8');
        if (REFERENCES.some((re) => re.test(text))) offenders.push(path.relative(root, file));
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('the corpus is in the repository, with the README that names its sources and licence', () => {
    assert.ok(corpusDir().startsWith(path.join(root, 'test') + path.sep), corpusDir());
    for (const name of ['kubernetes-website/web.yaml', 'seed-example/statefulset.yaml', 'seed-example/README.md']) {
      assert.ok(existsSync(corpusDir(name)), `${name} is in ${corpusDir()}`);
    }
    const readme = readFileSync(corpusDir('README.md'), 'utf8');
    assert.match(readme, /kubernetes\/website/);
    assert.match(readme, /CC BY 4\.0/);
    for (const file of readdirSync(corpusDir('kubernetes-website'))) assert.ok(readme.includes(`| ${file} |`), `README names the source of ${file}`);
  });
});
