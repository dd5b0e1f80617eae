// The check half of apply's preflight: the engine's error findings that concern the objects a plan
// writes. A finding belongs to an object when it points into the object's document; a document that
// does not parse (yaml-syntax) belongs to every object of its file, since the object it held is lost.
import type { Finding } from './findings';
import type { Plan, PlanStep } from './plan';
import type { Range } from './position';

export interface PlanCheckError {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | null;
  readonly file: string;
  readonly finding: Finding;
}

const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
const within = (inner: Range, outer: Range) => before(outer.start, inner.start) && before(inner.start, outer.end);

/** Error findings of the objects the plan writes, each with its object, in plan order. */
export function planCheckErrors(plan: Plan, findings: readonly Finding[]): PlanCheckError[] {
  const errors = findings.filter((f) => f.severity === 'error');
  const out: PlanCheckError[] = [];
  const seen = new Set<Finding>();
  for (const step of plan.steps) {
    const o = step.object;
    if (!o) continue;
    const doc = o.src.rangeOf(o.span.start, o.span.end);
    for (const f of errors) {
      if (seen.has(f) || f.file !== o.src.file) continue;
      if (f.code === 'yaml-syntax' || within(f.range, doc)) {
        seen.add(f);
        out.push(errorOf(step, f));
      }
    }
  }
  return out;
}

function errorOf(step: PlanStep, finding: Finding): PlanCheckError {
  return { kind: step.kind, name: step.name, namespace: step.namespace, file: step.file, finding };
}
