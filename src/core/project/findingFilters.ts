// What the config file and inline comments do to findings: `rules:` changes a code's severity or turns
// it off; `# statefulset-storage: ignore CODE -- reason` moves a finding to the suppressed list (SARIF
// reports those with `suppressions`, `check` counts them). Config problems are findings of their own.
import type { Finding } from '../findings';
import type { ParsedFile } from '../source';
import type { ProjectConfig, RuleSetting } from './config';
import { DIRECTIVE, suppressionFor, suppressionsIn } from './suppression';

export interface SuppressedFinding {
  readonly finding: Finding;
  readonly reason: string;
  /** 0-based line of the comment that suppresses it */
  readonly line: number;
}

export const CONFIG_CODE = 'config-invalid';

export function configFindings(configs: readonly ProjectConfig[]): Finding[] {
  return configs.flatMap((c) => c.problems.map((p): Finding => ({
    code: CONFIG_CODE, severity: 'error', file: c.file, range: p.range, related: [],
    message: `${p.message}. This setting is ignored; the rest of the file applies.`,
  })));
}

/** The text of a parsed file, joined only when one of its chunks holds a directive. */
function directiveText(parsed: ParsedFile | undefined): string | undefined {
  if (!parsed || !parsed.chunks.some((c) => c.text.includes(DIRECTIVE))) return undefined;
  return parsed.text;
}

export function filterFindings(
  findings: readonly Finding[],
  rules: ReadonlyMap<string, RuleSetting>,
  parsedOf: (file: string) => ParsedFile | undefined,
): { kept: Finding[]; suppressed: SuppressedFinding[] } {
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const textOf = new Map<string, string | undefined>();
  for (const f of findings) {
    const setting = rules.get(f.code);
    if (setting === 'off') continue;
    const finding = setting && setting !== f.severity ? { ...f, severity: setting } : f;
    if (!textOf.has(f.file)) textOf.set(f.file, directiveText(parsedOf(f.file)));
    const text = textOf.get(f.file);
    const s = text === undefined ? undefined : suppressionFor(suppressionsIn(text), f.code, f.range.start.line);
    if (s) suppressed.push({ finding, reason: s.reason, line: s.line });
    else kept.push(finding);
  }
  return { kept, suppressed };
}
