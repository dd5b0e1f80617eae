// The command-line tool over the engine: `statefulset-storage check|plan|generate|apply …`.
// Exit codes: 0 no error findings, 1 error findings (or failed steps), 2 usage or I/O errors.
import { checkKnownFlags, flagChoice, parseArgs, ParsedArgs, UsageError } from './cli/args';
import { InputError } from './cli/files';
import { formatJson, formatSarif, formatText } from './cli/formatCheck';
import { formatUnitPlansText, unitPlansToJson } from './core/planText';
import { applyCommand } from './cli/applyCommand';
import { generateCommand } from './cli/generateCommand';
import { noYamlMessage } from './cli/loadWorkspace';
import { analyzeProject, PROJECT_FLAGS, PROJECT_SWITCHES } from './cli/loadProject';
import { buildPlan } from './core/plan';
import { reportInternalErrors } from './cli/internalErrors';
import { ISSUES_URL } from './core/guard';

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.1.0';

const USAGE = `Usage: statefulset-storage <command> [paths…] [options]

Commands:
  check [paths…]     report problems (--format text|json|sarif)
  plan [paths…]      pods, claims, the PV each claim binds, ordered steps (--format text|json)
                     a path "-" reads manifests from stdin (helm template … | statefulset-storage check -)
                     folders with a kustomization are rendered with kubectl kustomize when kubectl is on
                     PATH (--kubectl PROGRAM names another; --no-kubectl reads them unrendered)
  generate FILE [paths…] --source nfs|ceph-rbd|local|hostPath|csi [--out DIR]
                     a PV and a pre-bound claim per claim of the StatefulSet in FILE, as new files
                     (one per ordinal, or --one-file) in DIR (default: FILE's folder); all or none,
                     never overwriting a file. Prints every change first. Reads FILE's folder (the
                     YAML files directly in it), DIR and the paths given: claims and PVs found there
                     are never generated again.
                     Existing files are edited only with --write-sources (storageClassName: "" on
                     class-less claim templates and claims, shown as a diff); without it the diff
                     and the reason are printed for you to apply by hand.
                     The source and its parameters may come from generate: in FILE's nearest
                     .statefulset-storage.yaml (the flags in camelCase); flags win.
                     nfs: --server S [--path /exports/{namespace}/{claim}]
                     ceph-rbd: --cluster-id ID [--pool rbd] [--image {claim}] [--secret N] [--secret-namespace NS]
                     local: --nodes n1,n2 [--path P]; hostPath: [--path P]; csi: --driver D [--handle {claim}]
                     --missing-only (only claims neither pre-created nor reserved by a PV), --set NAME,
                     --dry-run (print, write nothing). Exit 1: the manifest has names or replicas
                     Kubernetes rejects (each printed); exit 2: bad options or a file in the way.
  apply [paths…]     provision in order into the active kube context: backing volumes (listed), PVs,
                     claims (waiting for Bound), Service, StatefulSet, pods Ready; never deletes
                     first a preflight: check errors and a server-side dry run of every object;
                     any problem writes nothing (--force overrides check errors, never the dry run)
                     all paths are one unit, judged like check (config file's version, class, rules,
                     inline ignores); the config's context and namespace apply when no flag names them
                     a claim Bound to another volume than its manifest's stops it before the StatefulSet;
                     Ctrl-C stops it with its report (exit 130; twice: at once)
                     --context C --namespace N --kubeconfig F --dry-run --yes --force --overwrite --format text|json

Common options:
  --namespace NS     namespace of objects that name none (default: default)
  --kube-version V   the target cluster's Kubernetes version, e.g. 1.30 (default: the newest known)
  --default-storage-class unknown|none|NAME
                     the target cluster's default StorageClass (default: unknown)
  --one-unit         check and plan: analyse all paths as one deployment unit (given files always are)
  --live [--context C] [--kubeconfig F] [--live-timeout S]
                     check and plan: read the cluster's state first (read only: its version, StorageClasses,
                     PVs, and the units' namespaces' claims and StatefulSets; default context: the
                     kubeconfig's current one, or a config file's context:; objects that name no
                     namespace are taken to be in the context's namespace). Claims Bound there are not
                     missing, PVs bound there bind nothing else, immutable-field-change compares each
                     StatefulSet with the one there. A cluster that does not answer within S seconds
                     (default 5) is named in one warning on stderr and the offline profile is used
  --max-file-mb N    skip larger files (default: 10)
  --verbose          print the stack of internal errors on stderr
  --help             this text
  --version          the version

Paths are files or directories; default: the current directory. Directories are searched for *.yaml
and *.yml (other files are ignored); a file named explicitly that is not *.yaml or *.yml is not read
(a file-skipped warning says so). No YAML file found at all (a wrong path, an empty folder): exit 2.
Each folder of manifests (or kustomization, or units: entry of .statefulset-storage.yaml) is a
deployment unit, analysed on its own; see docs/units-and-profile.md.
Exit status: 0 without error findings, 1 with error findings, 2 on usage or I/O errors or no YAML.
`;

/** What a command reads besides its arguments: stdin (for `-`), and a signal that Ctrl-C aborts. */
export interface CommandIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly signal?: AbortSignal;
  /** where a command writes what it refuses, one line each (main sets it to its `err`) */
  readonly err?: NodeJS.WritableStream;
  /**
   * Called by a command that stops by itself when `signal` aborts and reports what it did (apply): Ctrl-C
   * then aborts the signal instead of ending the process at once; a second Ctrl-C ends it.
   */
  readonly stopsOnSignal?: () => void;
}

interface Command {
  readonly flags: readonly string[];
  run(args: ParsedArgs, out: NodeJS.WritableStream, io: CommandIo): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  check: {
    flags: ['format', ...PROJECT_FLAGS],
    async run(args, out, io) {
      const format = flagChoice(args, 'format', ['text', 'json', 'sarif'] as const, 'text');
      const { findings, yamlFiles, skipped, suppressed } = await analyzeProject(args, () => io.stdin, io.signal, io.err);
      reportInternalErrors(findings, args, io.err ?? process.stderr, 'check');
      // A wrong path or an empty folder must not pass CI as "0 errors".
      if (yamlFiles === 0 && skipped.length === 0) throw new InputError(noYamlMessage(args));
      out.write(format === 'json' ? formatJson(findings, suppressed) : format === 'sarif' ? formatSarif(findings, VERSION, suppressed) : formatText(findings, suppressed));
      // Only non-YAML files were named: their file-skipped findings are printed, but nothing was checked.
      if (yamlFiles === 0) { (io.err ?? process.stderr).write(`statefulset-storage: ${noYamlMessage(args)}: nothing was checked\n`); return 2; }
      return findings.some((f) => f.severity === 'error') ? 1 : 0;
    },
  },
  plan: {
    flags: ['format', ...PROJECT_FLAGS],
    async run(args, out, io) {
      const format = flagChoice(args, 'format', ['text', 'json'] as const, 'text');
      const analysis = await analyzeProject(args, () => io.stdin, io.signal, io.err);
      if (analysis.yamlFiles === 0) throw new InputError(noYamlMessage(args));
      reportInternalErrors(analysis.findings, args, io.err ?? process.stderr, 'plan');
      const plans = analysis.units.map((u) => ({ label: u.label, files: u.files, plan: buildPlan(u.analysis, u.profile) }));
      out.write(format === 'json' ? JSON.stringify(unitPlansToJson(plans), null, 2) + '\n' : formatUnitPlansText(plans));
      // The plan is a report, not a check: it succeeds whatever it predicts.
      return 0;
    },
  },
  generate: generateCommand,
  apply: applyCommand,
};

export async function main(
  argv: readonly string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr, io: CommandIo = { get stdin() { return process.stdin; } },
): Promise<number> {
  try {
    const args = parseArgs(argv, new Set(['help', 'version', 'dry-run', 'yes', 'overwrite', 'force', 'one-file', 'missing-only', 'no-kubectl', 'write-sources', 'verbose', ...PROJECT_SWITCHES]));
    if (args.flags.has('version')) { out.write(`${VERSION}\n`); return 0; }
    if (!args.command || args.flags.has('help') || args.command === 'help') { out.write(USAGE); return args.command || args.flags.has('help') ? 0 : 2; }
    const command = COMMANDS[args.command];
    if (!command) throw new UsageError(`unknown command "${args.command}"`);
    checkKnownFlags(args, [...command.flags, 'help', 'version']);
    // not `{ ...io, err }`: that would read (open) stdin, which only a `-` path needs
    return await command.run(args, out, { get stdin() { return io.stdin; }, signal: io.signal, err, stopsOnSignal: io.stopsOnSignal });
  } catch (e) {
    if (e instanceof UsageError) { err.write(`statefulset-storage: ${e.message}\n\n${USAGE}`); return 2; }
    if (e instanceof InputError) { err.write(`statefulset-storage: ${e.message}\n`); return 2; }
    err.write(`statefulset-storage: internal error: ${(e as Error).stack ?? String(e)}\nThis is a bug: please report it at ${ISSUES_URL}\n`);
    return 2;
  }
}

/**
 * `check … | head` closes stdout early: what is left to write is not wanted, and that is no error.
 * Without this, the EPIPE error event would end the process with a stack trace.
 */
export function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
}

if (require.main === module) {
  // Ctrl-C stops a running kubectl kustomize before the process exits; a command that reports what it
  // did when cancelled (apply: what was created, what was not) is left to finish, unless pressed twice.
  const abort = new AbortController();
  let stopsOnSignal = false;
  process.on('SIGINT', () => {
    const first = !abort.signal.aborted;
    abort.abort();
    if (!(first && stopsOnSignal)) process.exit(130);
  });
  quietOnClosedPipe(process.stdout);
  // stdin is opened only when asked for (a `-` path): opening it costs start-up time every run
  const io: CommandIo = { get stdin() { return process.stdin; }, signal: abort.signal, stopsOnSignal: () => { stopsOnSignal = true; } };
  void main(process.argv.slice(2), process.stdout, process.stderr, io).then((code) => { process.exitCode = code; });
}
