// Output of `check`: text for people, JSON for scripts, SARIF 2.1.0 for code-scanning upload.
import { Finding } from '../core/findings';
import type { SuppressedFinding } from '../core/project/findingFilters';
import { ALL_CODES, ALL_RULES, DOCUMENT_CODES } from '../core/rules/index';

export function formatText(findings: readonly Finding[], suppressed: readonly SuppressedFinding[] = []): string {
  const lines = findings.map((f) => `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.code}: ${f.message}`);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const hidden = suppressed.length ? ` (${suppressed.length} suppressed by comments)` : '';
  lines.push(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${findings.length - errors - warnings} info${hidden}`);
  return lines.join('\n') + '\n';
}

const jsonFinding = (f: Finding) => ({
  file: f.file,
  line: f.range.start.line + 1,
  column: f.range.start.character + 1,
  endLine: f.range.end.line + 1,
  endColumn: f.range.end.character + 1,
  severity: f.severity,
  code: f.code,
  message: f.message,
  related: f.related.map((r) => ({ file: r.file, line: r.range.start.line + 1, column: r.range.start.character + 1, message: r.message })),
});

export function formatJson(findings: readonly Finding[], suppressed: readonly SuppressedFinding[] = []): string {
  return JSON.stringify({
    version: 1,
    findings: findings.map(jsonFinding),
    suppressed: suppressed.map((s) => ({ ...jsonFinding(s.finding), reason: s.reason })),
  }, null, 2) + '\n';
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;
const DOCS = 'docs/rules.md';

export function formatSarif(findings: readonly Finding[], version: string, suppressed: readonly SuppressedFinding[] = []): string {
  const summaries = new Map<string, { summary: string; severity: string }>([
    ...DOCUMENT_CODES.map((d) => [d.code, d] as const),
    ...ALL_RULES.map((r) => [r.code, r] as const),
  ]);
  const location = (file: string, range: Finding['range']) => ({
    physicalLocation: {
      artifactLocation: { uri: file.split('\\').join('/') },
      region: { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 },
    },
  });
  const result = (f: Finding) => ({
    ruleId: f.code,
    ruleIndex: ALL_CODES.indexOf(f.code),
    level: SARIF_LEVEL[f.severity],
    message: { text: f.message },
    locations: [location(f.file, f.range)],
    relatedLocations: f.related.map((r, i) => ({ id: i + 1, ...location(r.file, r.range), message: { text: r.message } })),
  });
  return JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'statefulset-storage',
          version,
          informationUri: 'https://github.com/statefulset-storage/statefulset-storage',
          rules: ALL_CODES.map((code) => ({
            id: code,
            shortDescription: { text: summaries.get(code)?.summary ?? code },
            helpUri: `${DOCS}#${code}`,
            defaultConfiguration: { level: SARIF_LEVEL[(summaries.get(code)?.severity ?? 'warning') as keyof typeof SARIF_LEVEL] },
          })),
        },
      },
      results: [
        ...findings.map((f) => result(f)),
        // SARIF 2.1.0 §3.27.23: a result suppressed in the source stays in the log with `suppressions`
        ...suppressed.map((s) => ({ ...result(s.finding), suppressions: [{ kind: 'inSource', ...(s.reason ? { justification: s.reason } : {}) }] })),
      ],
    }],
  }, null, 2) + '\n';
}
