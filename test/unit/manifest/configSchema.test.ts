// The JSON schema contributed for .statefulset-storage.yaml completes and checks what the config reader
// accepts: every finding code under `rules:` (with its summary), and nothing the reader would refuse.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ALL_CODES, ALL_RULES, DOCUMENT_CODES } from '../../../src/core/rules/index';
import { parseConfig } from '../../../src/core/project/config';
import { GENERATE_KEYS } from '../../../src/core/project/generateConfig';
import { repoRoot } from '../helpers/analyze';

const schema = JSON.parse(readFileSync(path.join(repoRoot(), 'schemas', 'statefulset-storage.schema.json'), 'utf8'));
const rules = schema.properties.rules;

describe('config schema (schemas/statefulset-storage.schema.json)', () => {
  it('offers exactly the finding codes the config reader knows under rules:, each with its summary', () => {
    assert.deepEqual(Object.keys(rules.properties).sort(), [...ALL_CODES].sort());
    const summaries = new Map<string, string>([...DOCUMENT_CODES, ...ALL_RULES].map((r) => [r.code, r.summary]));
    for (const [code, property] of Object.entries<{ description: string; enum: string[] }>(rules.properties)) {
      assert.equal(property.description, summaries.get(code), `description of ${code}`);
      assert.deepEqual(property.enum, rules.additionalProperties.enum, `settings of ${code}`);
    }
  });

  it('refuses codes the reader refuses, and the reader refuses them too', () => {
    assert.equal(rules.additionalProperties === false || rules.propertyNames !== undefined, true);
    assert.deepEqual([...rules.propertyNames.enum].sort(), [...ALL_CODES].sort());
    const config = parseConfig('file:///w/.statefulset-storage.yaml', 'rules:\n  pv-contendd: off\n');
    assert.match(config.problems.map((p) => p.message).join('\n'), /unknown finding code "pv-contendd"/);
  });

  it('offers the keys of generate: that the reader knows', () => {
    assert.deepEqual(Object.keys(schema.properties.generate.properties).sort(), Object.keys(GENERATE_KEYS).sort());
    assert.deepEqual(schema.properties.generate.properties.source.enum, ['nfs', 'ceph-rbd', 'local', 'hostPath', 'csi']);
  });

  it('accepts the settings the reader accepts', () => {
    const config = parseConfig('file:///w/.statefulset-storage.yaml', `rules:\n${rules.additionalProperties.enum.map((s: string, i: number) => `  ${ALL_CODES[i]}: ${s}`).join('\n')}\n`);
    assert.deepEqual(config.problems, []);
  });
});
