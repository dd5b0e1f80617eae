// The .vsix carries docs/marketplace.md as its readme (the Marketplace page and the Extensions view):
// written for users (install, the first minute, the screenshot, commands, settings), while the
// repository README keeps the developer commands. scripts/check-vsix.sh checks the packaged file.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../helpers/analyze';

const root = repoRoot();
const DOC = path.join(root, 'docs', 'marketplace.md');
const doc = readFileSync(DOC, 'utf8');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('the .vsix readme (docs/marketplace.md)', () => {
  it('is what `npm run package` packages, and the allowlist lets it in instead of README.md', () => {
    assert.match(pkg.scripts.package, /--readme-path docs\/marketplace\.md\b/);
    // vsce resolves relative links against these: the doc's links are relative to docs/
    assert.match(pkg.scripts.package, /--baseContentUrl \S+\/blob\/HEAD\/docs /);
    assert.match(pkg.scripts.package, /--baseImagesUrl \S+\/raw\/HEAD\/docs /);
    const ignore = readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n');
    assert.ok(ignore.includes('!docs/marketplace.md'));
    assert.ok(!ignore.includes('!README.md'), 'README.md would clash with the packaged readme.md');
    assert.match(readFileSync(path.join(root, 'scripts', 'check-vsix.sh'), 'utf8'), /npm run -s package/);
  });

  it('opens for users: install, the first minute, the screenshot; no developer command', () => {
    for (const heading of ['## Install', '## The first minute', '## Commands', '## Settings']) assert.ok(doc.includes(`\n${heading}\n`), heading);
    assert.ok(doc.indexOf('](../media/screenshot.png)') < doc.indexOf('## Install'), 'the screenshot comes first');
    assert.doesNotMatch(doc, /npm (ci|run|test)\b/);
  });

  it('every relative link points at a file of the repository', () => {
    const links = [...doc.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l));
    assert.ok(links.length >= 2, JSON.stringify(links));
    for (const link of links) assert.ok(existsSync(path.join(path.dirname(DOC), link)), `${link} exists`);
  });

  it('names every command by its title and every setting', () => {
    for (const c of pkg.contributes.commands as { title: string }[]) assert.ok(doc.includes(`| ${c.title} |`), `command "${c.title}"`);
    for (const key of Object.keys(pkg.contributes.configuration.properties)) {
      // a row may group the keys of one prefix: `statefulsetStorage.generate.nfs.server`, `.nfs.path`
      const parent = key.slice(0, key.lastIndexOf('.') + 1);
      const last = key.slice(parent.length);
      const grouped = doc.split('\n').some((row) => row.includes(`\`${parent}`) && new RegExp(`\`[^\`]*\\.${last}\``).test(row));
      assert.ok(doc.includes(`\`${key}\``) || grouped, `setting ${key}`);
    }
  });

  it('leaves the developer commands to the repository README', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    for (const script of ['npm run build', 'npm run test:unit', 'npm run package']) assert.ok(readme.includes(script), script);
  });
});
