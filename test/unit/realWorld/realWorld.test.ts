// The real-world corpus (test/fixtures/real-world): every app gives exactly its reviewed findings — each
// expected finding appears, no other does (no false error, no false warning). Known false positives
// are listed with their owner rule and tolerated until fixed. Every file is attributed.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { analyzeApp, realWorldApps, realWorldDir } from '../../support/realWorld';
import { repoRoot } from '../helpers/analyze';

interface Expected {
  readonly code: string;
  readonly file: string;
  readonly line: number;
  readonly why: string;
  readonly falsePositive?: boolean;
  readonly owner?: string;
}

const root = repoRoot();
const dir = realWorldDir(root);
const expectations = (parse(readFileSync(path.join(dir, 'expectations.yaml'), 'utf8')) as { apps: Record<string, Expected[] | null> }).apps;
const attribution = readFileSync(path.join(dir, 'ATTRIBUTION.md'), 'utf8');
const apps = realWorldApps(root);
const key = (f: { code: string; file: string; line: number }) => `${f.code} ${f.file}:${f.line}`;

describe('real-world corpus', () => {
  it('has at least 40 apps from at least 15 repositories, each with reviewed expectations', () => {
    assert.ok(apps.length >= 40, `${apps.length} apps`);
    assert.ok(new Set(apps.map((a) => a.id.split('/')[0])).size >= 15);
    assert.deepEqual(apps.map((a) => a.id).filter((id) => !(id in expectations)), [], 'apps without an expectations entry');
    assert.deepEqual(Object.keys(expectations).filter((id) => !apps.some((a) => a.id === id)), [], 'expectations of no app');
  });

  it('every expectation is justified; every false positive names its owner rule', () => {
    for (const [id, list] of Object.entries(expectations)) {
      for (const e of list ?? []) {
        assert.ok(e.code && e.file && e.line > 0 && e.why?.length > 10, `${id}: ${JSON.stringify(e)}`);
        if (e.falsePositive) assert.ok(e.owner, `${id}: ${key(e)} has no owner`);
      }
    }
  });

  it('every file is attributed (repository, commit, path, licence) in ATTRIBUTION.md', () => {
    for (const app of apps) {
      const [repo, name] = app.id.split('/');
      const section = attribution.split(/^## /m).find((s) => s.startsWith(repo.replace('_', '/')));
      assert.ok(section && /licence: (Apache-2\.0|CC-BY-4\.0|MIT|BSD)/.test(section), `no licensed section for ${repo}`);
      for (const file of app.files.keys()) {
        const rel = path.relative(app.dir, file).split(path.sep).join('/');
        assert.ok(section.includes(`| ${name} | ${rel} | `), `${app.id}/${rel} is not attributed`);
      }
    }
  });

  for (const app of apps) {
    it(`${app.id}: exactly the expected findings`, async () => {
      const expected = expectations[app.id] ?? [];
      const found = await analyzeApp(app);
      const allowed = new Set(expected.map(key));
      const unexpected = found.filter((f) => !allowed.has(key(f))).map((f) => `${key(f)} (${f.severity}): ${f.message}`);
      assert.deepEqual(unexpected, [], 'findings nobody reviewed (a false finding, or add it to expectations.yaml with a justification)');
      const foundKeys = new Set(found.map(key));
      const missing = expected.filter((e) => !e.falsePositive && !foundKeys.has(key(e))).map(key);
      assert.deepEqual(missing, [], 'expected findings that are gone');
    });
  }
});
