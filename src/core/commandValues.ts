// Checks on the YAML values that go into backing-volume commands (or into the name of the host they run
// on). The commands are argv arrays run without a shell, so no value can start another command; these
// checks refuse values that are almost certainly not what the author meant (a `;`, `$(…)`, a backtick or
// a newline in a path), that would be read as an option (`-…`), or that the target tool rejects, so that
// such a command is never offered, run or printed for copy-paste.

/** What is wrong with the value, as a phrase, or undefined when it is fine. */
export type ValueCheck = (value: string) => string | undefined;

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
/** characters a POSIX shell acts on: command separators, substitutions, redirections, escapes (quotes are left: paths have them) */
const SHELL_ACTIVE = /[;&|$`<>()\\]/;

function describeChar(c: string): string {
  if (c === '\n') return 'a newline';
  if (CONTROL.test(c)) return `a control character (U+${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()})`;
  return `"${c}"`;
}

function firstMatch(value: string, re: RegExp): string | undefined {
  const m = re.exec(value);
  return m ? m[0] : undefined;
}

/** Characters no path or name here should have: control characters, and what a shell would act on. */
function hostileCharacter(value: string): string | undefined {
  const c = firstMatch(value, CONTROL) ?? firstMatch(value, SHELL_ACTIVE);
  return c === undefined ? undefined : `contains ${describeChar(c)}${c === '\n' || CONTROL.test(c) ? '' : ', which a shell would act on'}`;
}

/**
 * Ceph pool and RBD image names. Ceph forbids "/" and "@" in them (they separate pool, namespace, image
 * and snapshot in an image spec); this tool builds commands only for the usual subset: letters, digits,
 * ".", "_" and "-", not starting with "-".
 */
export const cephName: ValueCheck = (v) => {
  if (v === '') return 'is empty';
  const bad = hostileCharacter(v);
  if (bad) return bad;
  if (v.startsWith('-')) return 'starts with "-", so rbd would read it as an option';
  const other = firstMatch(v, /[^A-Za-z0-9._-]/);
  return other === undefined ? undefined : `contains ${describeChar(other)} (commands are built only for names of letters, digits, ".", "_" and "-")`;
};

/** Ceph monitor addresses (`10.0.0.1:6789`, `[::1]:6789`, `mon-a.example:6789`). */
export const monitorAddress: ValueCheck = (v) => {
  if (v === '') return 'is empty';
  const bad = hostileCharacter(v);
  if (bad) return bad;
  if (v.startsWith('-')) return 'starts with "-", so rbd would read it as an option';
  const other = firstMatch(v, /[^A-Za-z0-9.:[\]_/-]/);
  return other === undefined ? undefined : `contains ${describeChar(other)}, which no monitor address has`;
};

/** a path segment that is exactly `..` (as `v.split('/').includes('..')`, without the array per PV) */
const DOT_DOT_SEGMENT = /(?:^|\/)\.\.(?:\/|$)/;

/** An absolute directory path on another host: an NFS export, a local or hostPath directory. */
export const absolutePath: ValueCheck = (v) => {
  if (!v.startsWith('/')) return 'is not an absolute path';
  const bad = hostileCharacter(v);
  if (bad) return bad;
  if (DOT_DOT_SEGMENT.test(v)) return 'has a ".." segment';
  return undefined;
};

/** A host name, address or node name that a command is said to run on. */
export const hostName: ValueCheck = (v) => {
  if (v === '') return 'is empty';
  const bad = hostileCharacter(v);
  if (bad) return bad;
  const other = firstMatch(v, /[^A-Za-z0-9.:[\]_-]/);
  return other === undefined ? undefined : `contains ${describeChar(other)}, which no host name or address has`;
};
