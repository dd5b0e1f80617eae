// The editor's kubectl, looked up once and kept while it works. A failed lookup is not final: on a loaded
// machine `kubectl version` can miss its time limit once, and a user can install kubectl while the editor
// is open. So a failure is kept only for a back-off (5 s, doubling up to 10 min) and the next render after
// it looks again; a success is kept until the settings change (forget()). No `vscode` here: the policy is
// tested in plain Node with a fake kubectl.
import type { KubectlChoice } from '../edge/kubectl';

export const FIRST_RETRY_MS = 5_000;
export const MAX_RETRY_MS = 10 * 60_000;

export class KubectlLookup {
  private answer: KubectlChoice | undefined;
  private pending: Promise<KubectlChoice> | undefined;
  private failures = 0;
  private retryAt = 0;

  constructor(private readonly find: () => Promise<KubectlChoice>, private readonly now: () => number = Date.now) {}

  /** the last lookup's answer (undefined before the first one ends) */
  get last(): KubectlChoice | undefined {
    return this.answer;
  }

  /** the last lookup failed (its reason is `last.unavailable`) */
  get failed(): boolean {
    return this.answer !== undefined && 'unavailable' in this.answer;
  }

  /** Whether a render may be tried now: kubectl was found, is being looked up, or a failure's back-off is over. */
  mayRender(): boolean {
    return !this.failed || this.pending !== undefined || this.now() >= this.retryAt;
  }

  /** ms until a failed lookup may be retried (0: now); undefined when the last lookup did not fail */
  retryInMs(): number | undefined {
    return this.failed ? Math.max(0, this.retryAt - this.now()) : undefined;
  }

  /** The kubectl to render with: the kept success or failure, or a new lookup (one at a time). */
  get(): Promise<KubectlChoice> {
    if (this.pending) return this.pending;
    if (this.answer && !(this.failed && this.now() >= this.retryAt)) return Promise.resolve(this.answer);
    const lookup: Promise<KubectlChoice> = this.lookUp().then((choice) => {
      // forgotten meanwhile (settings changed): the answer is for the old settings
      if (this.pending !== lookup) return choice;
      this.pending = undefined;
      this.record(choice);
      return choice;
    });
    this.pending = lookup;
    return lookup;
  }

  /** Forgets the answer and the back-off (the settings changed, or the workspace was trusted). */
  forget(): void {
    this.answer = undefined;
    this.pending = undefined;
    this.failures = 0;
    this.retryAt = 0;
  }

  /** A lookup that throws is a failed lookup (kept for its back-off), never a promise that stays rejected. */
  private lookUp(): Promise<KubectlChoice> {
    const failed = (e: unknown): KubectlChoice => ({ unavailable: `the kubectl lookup failed (${e instanceof Error ? e.message : String(e)})` });
    try {
      return this.find().catch(failed);
    } catch (e) {
      return Promise.resolve(failed(e));
    }
  }

  private record(choice: KubectlChoice): void {
    this.answer = choice;
    if (!('unavailable' in choice)) { this.failures = 0; return; }
    this.retryAt = this.now() + Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** this.failures);
    this.failures++;
  }
}
