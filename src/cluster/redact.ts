// Secrets from a kubeconfig (tokens, passwords, client keys, auth-provider and exec values) must never
// reach a log line, an error or a report. Every text we produce from a cluster interaction passes here.

const MIN_SECRET_LENGTH = 4;
const REDACTED = '[redacted]';

/** string leaves of a kubeconfig user entry, except its name */
function collect(value: unknown, out: Set<string>): void {
  if (typeof value === 'string') { if (value.length >= MIN_SECRET_LENGTH) out.add(value); return; }
  if (Array.isArray(value)) { for (const v of value) collect(v, out); return; }
  if (value && typeof value === 'object') for (const v of Object.values(value)) collect(v, out);
}

export class Redactor {
  private readonly secrets: string[];

  constructor(users: readonly unknown[]) {
    const found = new Set<string>();
    for (const u of users) {
      if (!u || typeof u !== 'object') continue;
      const { name: _name, ...rest } = u as Record<string, unknown>;
      collect(rest, found);
    }
    // longest first, so a secret containing another is replaced whole
    this.secrets = [...found].sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join(REDACTED);
    // credentials that did not come from the kubeconfig (a server echoing a header, a URL with userinfo)
    out = out.replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, `$1 ${REDACTED}`);
    out = out.replace(/(https?:\/\/)[^\s/@]+@/g, `$1${REDACTED}@`);
    return out;
  }
}
