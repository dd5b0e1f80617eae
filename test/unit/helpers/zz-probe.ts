import { analyze, HEADLESS_SERVICE, statefulSet, docs, pv, pvc } from './analyze';
const show = (a: ReturnType<typeof analyze>) => console.log(a.findings.map((f) => `${f.file}:${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character} ${f.severity} ${f.code}: ${f.message}`).join('\n') || '(none)');
show(analyze({ 'a.yaml': docs(HEADLESS_SERVICE, statefulSet()) }));
console.log('--- precreated dynamic');
show(analyze({ 'a.yaml': docs(HEADLESS_SERVICE, statefulSet({ className: 'fast' }), pvc({ name: 'www-web-0', className: 'fast' }), pv({ name: 'p0', className: 'fast', storage: '1G' })) }));
console.log('--- two precreated fit one pv');
show(analyze({ 'a.yaml': docs(HEADLESS_SERVICE, statefulSet({ className: '' }), pvc({ name: 'www-web-0', className: '' }), pvc({ name: 'www-web-1', className: '' }), pv({ name: 'p0', className: '' })) }));
console.log('--- template only two ordinals one pv');
show(analyze({ 'a.yaml': docs(HEADLESS_SERVICE, statefulSet({ className: '' }), pv({ name: 'p0', className: '' }), pv({ name: 'p1', className: '' })) }));
