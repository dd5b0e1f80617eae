// Settings that guard a cluster or this machine cannot be lowered by a repository: package.json gives
// them application scope and restricts them in untrusted workspaces, and the code reads them through
// guardValue, which ignores workspace and folder values.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { GUARD_SETTINGS, guardValue } from '../../../src/providers/guardSettings';
import { repoRoot } from '../helpers/analyze';

const root = repoRoot();
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const sources = (readdirSync(path.join(root, 'src'), { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: f, text: readFileSync(path.join(root, 'src', f), 'utf8') }));

describe('settings that guard a cluster', () => {
  for (const key of GUARD_SETTINGS) {
    it(`${key}: application or machine scope, restricted in untrusted workspaces`, () => {
      const schema = pkg.contributes.configuration.properties[`statefulsetStorage.${key}`];
      assert.ok(schema, `statefulsetStorage.${key} is not contributed`);
      assert.ok(['application', 'machine'].includes(schema.scope), `scope of ${key} is ${schema.scope}`);
      assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(`statefulsetStorage.${key}`), `${key} is not restricted`);
    });

    it(`${key}: read only through readGuardSetting`, () => {
      const direct = sources.filter((s) => new RegExp(`\\.(get|has)(<[^>]*>)?\\(\\s*'${key}'`).test(s.text)).map((s) => s.file);
      assert.deepEqual(direct, [], `read directly (a workspace value would count) in ${direct.join(', ')}`);
      assert.ok(sources.some((s) => s.text.includes(`readGuardSetting<`) && s.text.includes(`('${key}'`)), `${key} is never read through readGuardSetting`);
    });
  }

  it('a workspace or folder value is ignored; the user value, then the default, count', () => {
    assert.deepEqual(guardValue({ defaultValue: ['*prod*'], workspaceValue: [], workspaceFolderValue: [] }, ['x']), ['*prod*']);
    assert.deepEqual(guardValue({ defaultValue: ['*prod*'], globalValue: ['*prod*', 'staging'], workspaceValue: [] }, ['x']), ['*prod*', 'staging']);
    assert.equal(guardValue({ defaultValue: false, workspaceValue: true }, false), false);
    assert.equal(guardValue({ defaultValue: false, globalValue: true, workspaceValue: false }, false), true);
    assert.equal(guardValue(undefined, false), false);
  });
});
