// A `%YAML 1.1` directive chooses yaml's 1.1 schema for its document (`yes` is a boolean there), also in a
// file that begins with a byte order mark; documents without one share the engine's YAML 1.2 schema.
import { strict as assert } from 'node:assert';
import { DEFAULT_LIMITS, parseFileGuarded } from '../../../src/core/source';

const valueOf = (text: string) => {
  const parsed = parseFileGuarded('a.yaml', text, DEFAULT_LIMITS)!;
  const docs = parsed.chunks.flatMap((c) => c.docs).filter((d) => d.yaml.contents);
  assert.equal(docs.length, 1, 'one document with contents');
  return (docs[0].yaml.toJS() as { key: unknown }).key;
};

describe('%YAML directive', () => {
  it('reads `yes` as YAML 1.2 (a string) without a directive, and as YAML 1.1 (true) with one', () => {
    assert.equal(valueOf('key: yes\n'), 'yes');
    assert.equal(valueOf('%YAML 1.1\n---\nkey: yes\n'), true);
  });

  it('sees the directive after a byte order mark', () => {
    assert.equal(valueOf('\uFEFF%YAML 1.1\n---\nkey: yes\n'), true);
  });
});
