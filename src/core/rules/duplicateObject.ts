import { WorkspaceRule } from './rule';

export const duplicateObject: WorkspaceRule = {
  code: 'duplicate-object', severity: 'warning', scope: 'workspace',
  summary: 'Two documents define the same kind, namespace and name.',
  check({ index }, report) {
    const first = new Map<string, (typeof index.objects)[number]>();
    for (const o of index.objects) {
      if (!o.name) continue;
      const key = o.key;
      const earlier = first.get(key);
      if (!earlier) { first.set(key, o); continue; }
      report(o.nameSpan,
        `${o.kind} "${o.namespace ? `${o.namespace}/` : ''}${o.name}" is defined twice: kubectl create fails on the second (AlreadyExists) `
        + 'and kubectl apply lets the last one win, so one of them is silently ignored.',
        [{ at: earlier.nameSpan, message: 'first definition' }]);
    }
  },
};
