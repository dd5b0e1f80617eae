// Internal errors of the engine (a bug met on some document) are findings like any other; their stack
// goes to stderr with --verbose, so that a report can say where the engine failed.
import { Finding } from '../core/findings';
import { ISSUES_URL } from '../core/guard';
import { ParsedArgs } from './args';

export function reportInternalErrors(findings: readonly Finding[], args: ParsedArgs, err: NodeJS.WritableStream, command: string): void {
  const failed = findings.filter((f) => f.code === 'internal-error');
  if (failed.length === 0) return;
  if (!args.flags.has('verbose')) {
    // check prints the findings themselves; plan does not, so it says that it is incomplete
    if (command === 'plan') err.write(`statefulset-storage: ${failed.length} document${failed.length === 1 ? '' : 's'} could not be analysed because of an internal error; \`check\` lists them, \`--verbose\` prints the stack. Please report it at ${ISSUES_URL}\n`);
    return;
  }
  for (const f of failed) {
    err.write(`statefulset-storage: internal error at ${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}:\n${f.data?.stack ?? f.message}\n`);
  }
}
