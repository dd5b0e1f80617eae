// Commands are argv arrays, run without a shell. To show or print one for copy-paste, each argument is
// quoted the POSIX way: left bare when it has only characters no shell treats specially, otherwise in
// single quotes (inside which nothing is special; a quote itself is written '\'').

const BARE = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function shellQuote(arg: string): string {
  return BARE.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** One argv array as a line a POSIX shell reads back as the same arguments. */
export function commandLine(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}
