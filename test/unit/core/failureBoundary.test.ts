// The failure boundary (issue 13): an exception inside the engine becomes an internal-error finding on
// the document it happened in; the other documents, files and rules still report, and the engine's
// text stays the editor's text, so later edits apply where they should.
import * as assert from 'node:assert/strict';
import { AnalysisLimits, DEFAULT_LIMITS } from '../../../src/core/source';
import { Analysis, DEFAULT_OPTIONS, Workspace } from '../../../src/core/analysis';
import { OBJECT_RULES, invalidName } from '../../../src/core/rules/objectRules';
import { WORKSPACE_RULES } from '../../../src/core/rules/index';
import { docs, HEADLESS_SERVICE, findingsWithCode, onlyFinding, pv, statefulSet } from '../helpers/analyze';

/** Limits whose `maxFileBytes` throws while `armed` is true: a stand-in for any bug in parsing. */
function trappedLimits(): { limits: AnalysisLimits; arm(on: boolean): void } {
  let armed = false;
  const limits = {
    ...DEFAULT_LIMITS,
    get maxFileBytes(): number {
      if (armed) throw new Error('forced failure');
      return DEFAULT_LIMITS.maxFileBytes;
    },
  };
  return { limits, arm: (on) => { armed = on; } };
}

const meaning = (a: Analysis) => ({ findings: a.findings.map((f) => [f.file, f.code, f.range, f.message]), objects: a.index.objects.map((o) => o.key) });

function fresh(files: Record<string, string>): Analysis {
  const ws = new Workspace();
  for (const [f, t] of Object.entries(files)) ws.setFile(f, t);
  return ws.analyze();
}

describe('failure boundary', () => {
  const good = docs(HEADLESS_SERVICE, statefulSet());
  const badPv = pv({ name: 'Bad_Name' });

  it('a throw while parsing an edit leaves the edited text in the engine; the next edit applies to it', () => {
    const trap = trappedLimits();
    const ws = new Workspace({ ...DEFAULT_OPTIONS, limits: trap.limits });
    ws.setFile('a.yaml', good);
    ws.setFile('b.yaml', badPv);
    ws.analyze();
    trap.arm(true);
    const at = good.indexOf('replicas: 2') + 'replicas: '.length;
    assert.equal(ws.applyChanges('a.yaml', [{ offset: at, deleteCount: 1, text: '3' }]), true, 'applyChanges does not throw');
    let text = good.slice(0, at) + '3' + good.slice(at + 1);
    assert.equal(ws.parsed('a.yaml')!.text, text, 'the text is the edited text even though parsing failed');
    const during = ws.analyze();
    const failed = onlyFinding(during, 'internal-error');
    assert.equal(failed.file, 'a.yaml');
    assert.match(failed.message, /please report it at https:\/\//);
    assert.match(failed.data!.stack, /forced failure/);
    assert.equal(findingsWithCode(during, 'invalid-name')[0]?.file, 'b.yaml', 'the other file still reports');

    trap.arm(false);
    ws.applyChanges('a.yaml', [{ offset: at, deleteCount: 1, text: '4' }]);
    text = good.slice(0, at) + '4' + good.slice(at + 1);
    assert.equal(ws.parsed('a.yaml')!.text, text);
    assert.deepEqual(meaning(ws.analyze()), meaning(fresh({ 'a.yaml': text, 'b.yaml': badPv })));
  });

  it('a throw in setFile keeps the new text and reports it; the next setFile recovers', () => {
    const trap = trappedLimits();
    const ws = new Workspace({ ...DEFAULT_OPTIONS, limits: trap.limits });
    ws.setFile('b.yaml', badPv);
    trap.arm(true);
    assert.equal(ws.setFile('a.yaml', good), true);
    assert.equal(ws.parsed('a.yaml')!.text, good);
    const a = ws.analyze();
    assert.equal(onlyFinding(a, 'internal-error').file, 'a.yaml');
    assert.equal(onlyFinding(a, 'invalid-name').file, 'b.yaml');
    trap.arm(false);
    const edited = good.replace('replicas: 2', 'replicas: 5');
    ws.applyChanges('a.yaml', [{ offset: good.indexOf('replicas: 2') + 10, deleteCount: 1, text: '5' }]);
    assert.deepEqual(meaning(ws.analyze()), meaning(fresh({ 'b.yaml': badPv, 'a.yaml': edited })));
  });

  it('an object rule that throws becomes internal-error on that document; the other rules and documents still report', () => {
    assert.ok(OBJECT_RULES.includes(invalidName));
    const check = invalidName.check;
    invalidName.check = (o, report, profile) => {
      if (o.name === 'web') throw new TypeError('x is not iterable');
      check(o, report, profile);
    };
    try {
      const text = docs(HEADLESS_SERVICE, statefulSet().replace('apiVersion: apps/v1', 'apiVersion: apps/v1beta2'));
      const a = fresh({ 'a.yaml': text, 'b.yaml': badPv });
      const failed = onlyFinding(a, 'internal-error');
      assert.equal(failed.file, 'a.yaml');
      assert.equal(failed.range.start.line, HEADLESS_SERVICE.split('\n').length, 'on the StatefulSet document');
      assert.match(failed.message, /checking invalid-name on this document: TypeError: x is not iterable/);
      onlyFinding(a, 'removed-api-version');
      assert.equal(onlyFinding(a, 'invalid-name').file, 'b.yaml');
    } finally {
      invalidName.check = check;
    }
  });

  it('a workspace rule that throws becomes internal-error; the binding prediction and other rules go on', () => {
    const rule = WORKSPACE_RULES.find((r) => r.code === 'service-not-found')!;
    const check = rule.check;
    rule.check = () => { throw new RangeError('Maximum call stack size exceeded'); };
    try {
      const a = fresh({ 'a.yaml': statefulSet({ service: 'nowhere' }), 'b.yaml': badPv });
      // the rule runs per component (the unreserved PV makes a pool, but service-not-found is not pool-wide):
      // one internal-error on the first document of each
      const failed = a.findings.filter((f) => f.code === 'internal-error');
      assert.deepEqual(failed.map((f) => f.file), ['a.yaml', 'b.yaml']);
      onlyFinding(a, 'storage-class-unset');
      assert.equal(a.prediction.claims.length, 2);
    } finally {
      rule.check = check;
    }
  });

  it('a document whose object cannot be read is reported, and is no object for the other rules', () => {
    const throwing = { toString(): string { throw new Error('namespace unreadable'); } } as unknown as string;
    const ws = new Workspace({ ...DEFAULT_OPTIONS, defaultNamespace: throwing });
    ws.setFile('a.yaml', good);
    ws.setFile('b.yaml', badPv);
    const a = ws.analyze();
    assert.deepEqual(findingsWithCode(a, 'internal-error').map((f) => [f.file, f.range.start.line]), [['a.yaml', 0], ['a.yaml', HEADLESS_SERVICE.split('\n').length]]);
    assert.equal(onlyFinding(a, 'invalid-name').file, 'b.yaml', 'a cluster-scoped PV is still read and checked');
  });
});
