// docs/rules.md: one `## <code>` section per finding code (the editor and SARIF link to
// docs/rules.md#<code>), none for codes that do not exist, each with the rule's severity and the
// agreed parts (among them what the rule deliberately does not flag); and its examples are true: each "before" block makes the engine report the code,
// each "after" block does not.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeTexts, DEFAULT_OPTIONS } from '../../../src/core/analysis';
import { DEFAULT_PROFILE } from '../../../src/core/profile';
import { ALL_CODES, ALL_RULES, DOCUMENT_CODES } from '../../../src/core/rules/index';
import { repoRoot } from '../helpers/analyze';


const DOC = readFileSync(path.join(repoRoot(), 'docs', 'rules.md'), 'utf8');
const SEVERITY = new Map<string, string>([...DOCUMENT_CODES.map((d) => [d.code, d.severity] as const), ...ALL_RULES.map((r) => [r.code, r.severity] as const)]);
/**
 * Codes whose trigger is not YAML text (a file too large or binary, kubectl's error) or whose "after" is
 * not one file (a rendered folder), or that is about this tool's config file: no before/after example pair.
 */
// immutable-field-change: its trigger is the live cluster's state, not a file (tested against the test API server)
const NO_EXAMPLE = new Set(['file-skipped', 'kustomize-not-rendered', 'kustomize-render-failed', 'config-invalid', 'internal-error', 'immutable-field-change']);

/** `## heading` → the text up to the next `## ` heading (code fences are skipped when looking for headings). */
function sections(markdown: string): Map<string, string> {
  const out = new Map<string, string>();
  let current: string | undefined;
  let body: string[] = [];
  let fenced = false;
  const close = () => {
    if (current === undefined) return;
    assert.ok(!out.has(current), `two sections "## ${current}"`);
    out.set(current, body.join('\n'));
  };
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const m = !fenced && /^## (.*)$/.exec(line);
    if (m) {
      close();
      current = m[1];
      body = [];
    } else {
      body.push(line);
    }
  }
  close();
  return out;
}

function examples(section: string, kind: 'before' | 'after'): string[] {
  return [...section.matchAll(new RegExp('^```yaml ' + kind + '\\n([\\s\\S]*?)^```$', 'gm'))].map((m) => m[1]);
}

/** An example that starts with `# kubernetesVersion: 1.24` is analysed for that target version. */
const codesIn = (text: string) => {
  const version = /^# kubernetesVersion: (\S+)/m.exec(text)?.[1];
  const options = version ? { ...DEFAULT_OPTIONS, profile: { ...DEFAULT_PROFILE, kubernetesVersion: version } } : undefined;
  return analyzeTexts([{ file: 'example.yaml', text }], options).findings.map((f) => f.code);
};

describe('docs/rules.md', () => {
  const bySection = sections(DOC);

  it('has a section "## <code>" for every code in ALL_CODES', () => {
    const missing = ALL_CODES.filter((c) => !bySection.has(c));
    assert.deepEqual(missing, [], `no section for: ${missing.join(', ')}`);
  });

  it('has no orphaned section: every "## " heading is a code', () => {
    const orphans = [...bySection.keys()].filter((h) => !ALL_CODES.includes(h));
    assert.deepEqual(orphans, [], `sections for unknown codes: ${orphans.join(', ')}`);
  });

  it('lists every code, with its severity and anchor, in the summary table', () => {
    for (const code of ALL_CODES) {
      const row = DOC.split('\n').find((l) => l.startsWith(`| [${code}](#${code}) |`));
      assert.ok(row, `no table row for ${code}`);
      assert.equal(row.split('|')[2].trim(), SEVERITY.get(code), `table severity of ${code}`);
    }
  });

  for (const code of ALL_CODES) {
    describe(code, () => {
      it('states the rule\'s severity and has every part', () => {
        const s = bySection.get(code) ?? '';
        assert.match(s, new RegExp(`^\\*\\*Severity:\\*\\* ${SEVERITY.get(code)}$`, 'm'), `severity ${SEVERITY.get(code)}`);
        for (const part of ['When it fires.', 'On the cluster.', 'How to fix.', 'Does not flag.', 'Quick fix.', 'Source.']) {
          assert.ok(s.includes(`**${part}**`), `missing "**${part}**"`);
        }
      });

      if (NO_EXAMPLE.has(code)) return;
      it('has a "before" example that fires the code and an "after" example that does not', () => {
        const s = bySection.get(code) ?? '';
        const [before, after] = [examples(s, 'before'), examples(s, 'after')];
        assert.equal(before.length, 1, 'one ```yaml before block');
        assert.equal(after.length, 1, 'one ```yaml after block');
        assert.ok(codesIn(before[0]).includes(code), `"before" does not fire ${code}: ${codesIn(before[0]).join(', ')}`);
        assert.ok(!codesIn(after[0]).includes(code), `"after" still fires ${code}`);
        assert.deepEqual(codesIn(after[0]).filter((c) => SEVERITY.get(c) === 'error'), [], '"after" has no error at all');
      });
    });
  }
});
