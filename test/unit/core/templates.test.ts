// The Helm skip (issue 13, item 8): only a document whose `{{` is in its YAML is skipped, with an info
// saying so; `{{` in a comment, a block scalar or an annotation value (Vault, Prometheus) is text.
import * as assert from 'node:assert/strict';
import { Workspace } from '../../../src/core/analysis';
import { analyze, docs, HEADLESS_SERVICE, noFinding, onlyFinding, pv, statefulSet } from '../helpers/analyze';

const vault = statefulSet().replace('  template:\n    metadata:\n', `  template:
    metadata:
      annotations:
        vault.hashicorp.com/agent-inject: "true"
        vault.hashicorp.com/agent-inject-template-db: |
          {{- with secret "database/creds/web" -}}
          postgresql://{{ .Data.username }}:{{ .Data.password }}@postgres:5432/app
          {{- end -}}
        example.com/quoted: "{{ .Values.not.helm }}"
`);

describe('template syntax', () => {
  it('a Vault agent template in a block annotation and a quoted annotation value: the document is analysed', () => {
    const a = analyze({ 'a.yaml': docs(HEADLESS_SERVICE, vault) });
    noFinding(a, 'template-skipped');
    assert.deepEqual(a.index.statefulSets().map((s) => s.name), ['web']);
    assert.deepEqual(a.findings, []);
  });

  it('`{{` in a comment or a block scalar (a script) is text', () => {
    const script = statefulSet().replace('        image: nginx\n', '        image: nginx # pinned by {{ renovate }}\n        args:\n        - |\n          echo "{{ not a template }}"\n');
    const a = analyze({ 'a.yaml': docs(`# rendered from {{ .Chart.Name }}\n${HEADLESS_SERVICE}`, script) });
    noFinding(a, 'template-skipped');
    assert.equal(a.index.objects.length, 2);
  });

  it('`{{` in a name (even quoted) is Helm: the document is skipped with an info at that `{{`', () => {
    const text = pv({ name: '"{{ .Release.Name }}-data"' });
    const f = onlyFinding(analyze({ 'a.yaml': text }), 'template-skipped');
    assert.equal(f.severity, 'info');
    assert.deepEqual([f.range.start.line, f.range.start.character], [3, 9]);
    assert.match(f.message, /Document 1 is not analysed: it holds template syntax .*helm template CHART \| statefulset-storage check -/);
    noFinding(analyze({ 'a.yaml': text }), 'invalid-name');
  });

  it('a Helm control line that breaks the YAML: skipped, no yaml-syntax', () => {
    const text = `{{- if .Values.persistence.enabled }}\n${pv({ name: 'data' })}{{- end }}\n`;
    const a = analyze({ 'a.yaml': text });
    assert.deepEqual(a.findings.map((f) => f.code), ['template-skipped']);
  });

  it('typing `{{` into a plain value skips the document, incrementally as in a fresh analysis', () => {
    const text = docs(HEADLESS_SERVICE, pv({ name: 'data' }));
    const ws = new Workspace();
    ws.setFile('a.yaml', text);
    ws.analyze();
    const at = text.indexOf('name: data') + 'name: '.length;
    ws.applyChanges('a.yaml', [{ offset: at, deleteCount: 0, text: '{{ .Release.Name }}-' }]);
    const edited = text.slice(0, at) + '{{ .Release.Name }}-' + text.slice(at);
    assert.deepEqual(ws.analyze().findings, analyze({ 'a.yaml': edited }).findings);
    assert.deepEqual(ws.analyze().findings.map((f) => f.code), ['template-skipped']);
  });
});
