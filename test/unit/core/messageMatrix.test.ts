// Issue 11, "messages stay true": every claim-related rule × every claim shape (template / pre-created /
// volumeName / selector × storageClassName nil / "" / named). Each finding's stated consequence is checked
// against what Kubernetes does with that shape:
//   "provisioned dynamically"  only for claims that can be: no volumeName (pre-bound claims are never
//                              provisioned) and no selector ("claim Selector is not supported")
//   "ordinal"                  only for claims of a StatefulSet
//   "will not bind"            only for a claim the prediction does not bind
//   "no storage class is set"  only for a claim whose class is "" or unset
import * as assert from 'node:assert/strict';
import { analyze, docs, HEADLESS_SERVICE, pv, pvc, statefulSet } from '../helpers/analyze';

type ClassShape = { label: string; className: string | null };
const CLASSES: ClassShape[] = [{ label: 'class nil', className: null }, { label: 'class ""', className: '' }, { label: 'class "fast"', className: 'fast' }];

interface Shape {
  readonly label: string;
  readonly files: string;
  readonly ofSet: boolean;
  readonly pinned: boolean;
  readonly selector: boolean;
}

/** Two PVs of the shape's class, one too small, so that rules about binding and contention have something to say. */
function volumes(className: string | null): string {
  const cls = className ?? '';
  return docs(pv({ name: 'pv-a', className: cls, labels: '    disk: a\n' }), pv({ name: 'pv-b', className: cls, storage: '500Mi', labels: '    disk: a\n' }));
}

function shapes(c: ClassShape): Shape[] {
  return [
    { label: `template, ${c.label}`, files: docs(HEADLESS_SERVICE, statefulSet({ className: c.className }), volumes(c.className)), ofSet: true, pinned: false, selector: false },
    { label: `pre-created claim of a set, ${c.label}`, files: docs(HEADLESS_SERVICE, statefulSet({ className: c.className, replicas: 1 }), pvc({ name: 'www-web-0', className: c.className }), volumes(c.className)), ofSet: true, pinned: false, selector: false },
    { label: `standalone claims, ${c.label}`, files: docs(pvc({ name: 'data-a', className: c.className }), pvc({ name: 'data-b', className: c.className }), volumes(c.className)), ofSet: false, pinned: false, selector: false },
    { label: `volumeName, ${c.label}`, files: docs(pvc({ name: 'data', className: c.className, extra: '  volumeName: pv-b\n' }), volumes(c.className)), ofSet: false, pinned: true, selector: false },
    { label: `selector, ${c.label}`, files: docs(pvc({ name: 'data', className: c.className, extra: '  selector:\n    matchLabels: {disk: b}\n' }), volumes(c.className)), ofSet: false, pinned: false, selector: true },
  ];
}

const CODES = ['storage-class-unset', 'pvc-unbindable', 'pv-contended', 'pvc-missing', 'prebind-mismatch', 'pvc-template-mismatch'];

describe('issue 11: message matrix (rule × claim shape)', () => {
  for (const c of CLASSES) {
    for (const shape of shapes(c)) {
      it(`${shape.label}: every stated consequence holds`, () => {
        const a = analyze({ 'a.yaml': shape.files });
        const claims = a.prediction.claims;
        for (const f of a.findings.filter((x) => CODES.includes(x.code))) {
          const where = `${f.code}: ${f.message}`;
          // also a conditional "… if the cluster has it" is true only where provisioning can happen at all
          if (/(?<!never )provisioned dynamically/.test(f.message)) assert.ok(!shape.pinned && !shape.selector, `never provisioned: ${where}`);
          if (/\bordinal/.test(f.message)) assert.ok(shape.ofSet, `"ordinal" for claims of no StatefulSet — ${where}`);
          if (/will not bind/.test(f.message)) {
            const named = claims.filter((x) => f.message.includes(`"${x.name}"`) || f.message.startsWith(x.name));
            for (const x of named) assert.notEqual(x.outcome, 'bound', `${x.name} binds: ${where}`);
          }
          if (/no storage class is set/.test(f.message)) assert.notEqual(c.className, 'fast', where);
        }
      });
    }
  }

  it('the matrix sees findings of every rule it checks (so that its assertions run)', () => {
    const seen = new Set<string>();
    for (const c of CLASSES) for (const s of shapes(c)) for (const f of analyze({ 'a.yaml': s.files }).findings) seen.add(f.code);
    for (const code of ['pvc-unbindable', 'pv-contended', 'prebind-mismatch']) assert.ok(seen.has(code), code);
  });
});
