// Per-file finding lists (core/findingLists.ts): sorted, capped with the most severe kept, and kept
// from one analysis to the next for the files whose findings are the same objects.
import { strict as assert } from 'node:assert';
import { compareFindings, type Finding, type Severity, sortedAndCapped } from '../../../src/core/findings';
import { FindingListCache } from '../../../src/core/findingLists';

const SEVERITIES: Severity[] = ['error', 'warning', 'info'];
const finding = (file: string, line: number, severity: Severity, code = 'some-code'): Finding => ({
  code, severity, file, message: `${code} on line ${line}`, related: [],
  range: { start: { line, character: 0 }, end: { line, character: 4 } },
});

/** the definition: rank by severity, then position; keep max - 1 and a count of the rest (at line 0: first) */
function reference(list: readonly Finding[], max: number): string[] {
  const line = (f: Finding) => `${f.range.start.line} ${f.severity}`;
  if (list.length <= max) return [...list].sort(compareFindings).map(line);
  const rank = (f: Finding) => SEVERITIES.indexOf(f.severity);
  const ranked = [...list].sort((a, b) => rank(a) - rank(b) || compareFindings(a, b));
  const hidden = ranked.slice(max - 1);
  const n = (s: Severity) => hidden.filter((f) => f.severity === s).length;
  return [`0 limit: ${hidden.length} (${n('error')}/${n('warning')}/${n('info')})`, ...ranked.slice(0, max - 1).sort(compareFindings).map(line)];
}

const shown = (list: readonly Finding[]) => list.map((f) => {
  if (f.code !== 'limit-exceeded') return `${f.range.start.line} ${f.severity}`;
  const m = /^(\d+) more findings .*\((\d+) errors, (\d+) warnings, (\d+) info\)/.exec(f.message)!;
  return `0 limit: ${m[1]} (${m[2]}/${m[3]}/${m[4]})`;
});

describe('per-file finding lists', () => {
  it('sorted and capped: the most severe kept, in file order, one finding counting the rest', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let round = 0; round < 40; round++) {
      const list = Array.from({ length: 1 + Math.floor(random() * 60) }, () => finding('a.yaml', 1 + Math.floor(random() * 200), SEVERITIES[Math.floor(random() * 3)]));
      const max = 1 + Math.floor(random() * 30);
      assert.deepEqual(shown(sortedAndCapped(list, max)), reference(list, max), `round ${round}, max ${max}`);
    }
  });

  it('a file whose findings are the same objects keeps its list, in any order; a changed file gets a new one', () => {
    const cache = new FindingListCache();
    const a = [finding('a.yaml', 3, 'warning'), finding('a.yaml', 1, 'error')];
    const b = [finding('b.yaml', 2, 'info')];
    const first = cache.update([...b, ...a], 10);
    assert.deepEqual(first.findings.map((f) => `${f.file}:${f.range.start.line}`), ['a.yaml:1', 'a.yaml:3', 'b.yaml:2']);
    const second = cache.update([a[1], ...b, a[0]], 10);
    assert.equal(second.byFile.get('a.yaml'), first.byFile.get('a.yaml'));
    assert.equal(second.byFile.get('b.yaml'), first.byFile.get('b.yaml'));
    const changed = finding('a.yaml', 3, 'warning'); // equal, but another object: the list is made again
    const third = cache.update([a[1], changed, ...b], 10);
    assert.notEqual(third.byFile.get('a.yaml'), first.byFile.get('a.yaml'));
    assert.deepEqual(third.byFile.get('a.yaml'), first.byFile.get('a.yaml'));
    assert.equal(third.byFile.get('b.yaml'), first.byFile.get('b.yaml'));
    const fourth = cache.update([a[1], a[1], changed, ...b], 10);
    assert.equal(fourth.byFile.get('a.yaml')!.length, 3, 'one finding twice is two');
    // as many findings as last time, each one of last time's, but one twice and one not at all
    const again = cache.update([a[1], a[1], ...b], 10);
    assert.deepEqual(again.byFile.get('a.yaml'), [a[1], a[1]], 'one finding twice is not last time\'s two');
    const fifth = cache.update([finding('0.yaml', 1, 'info'), ...b], 10);
    assert.deepEqual([...fifth.byFile.keys()], ['0.yaml', 'b.yaml'], 'files come and go, in order');
  });
});
