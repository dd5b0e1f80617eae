// What the editor shows of apply's preflight before it asks to provision: a failed server-side dry run
// refuses provisioning outright (nothing was written); check errors are listed in the confirmation,
// whose button then says "Provision anyway" (the editor's --force). The same verdict as the CLI's.
import * as vscode from 'vscode';
import type { Cluster } from './loadCluster';

export interface PreflightRefusal {
  /** other-context: the unit's config names another kube context than the session's */
  readonly refused: 'check-errors' | 'dry-run-failed' | 'cancelled' | 'other-context';
  readonly problems: readonly Cluster.PreflightProblem[];
}

const MAX_LISTED = 12;

/** The problems as the modal's detail: one line each, the first MAX_LISTED of them. */
export function problemList(cluster: typeof Cluster, r: Cluster.PreflightResult): string {
  const all = [...r.dryRunFailures, ...r.checkErrors].map((p) => `• ${cluster.formatProblem(p)}`);
  return [...all.slice(0, MAX_LISTED), ...(all.length > MAX_LISTED ? [`… and ${all.length - MAX_LISTED} more (see the log)`] : [])].join('\n');
}

/** Says why provisioning is refused; modal unless the caller asked for no dialog (`yes`). */
export function showRefusal(cluster: typeof Cluster, r: Cluster.PreflightResult, refusal: PreflightRefusal, setName: string, modal: boolean): void {
  const head = refusal.refused === 'dry-run-failed'
    ? `Provisioning ${setName} refused: the server's dry run rejects ${r.dryRunFailures.length} object${r.dryRunFailures.length === 1 ? '' : 's'}. Nothing was written.`
    : refusal.refused === 'check-errors'
      ? `Provisioning ${setName} stopped: ${r.checkErrors.length} check error${r.checkErrors.length === 1 ? '' : 's'} in the objects it would write. Nothing was written.`
      : `Provisioning ${setName} cancelled before anything was written.`;
  if (modal && refusal.refused !== 'cancelled') void vscode.window.showErrorMessage(head, { modal: true, detail: problemList(cluster, r) });
  else void vscode.window.showErrorMessage(head);
}

/**
 * The confirmation after a preflight that the server accepted: plain when there is no problem, listing
 * the check errors (and asking to provision anyway) when there are.
 */
export async function confirmAfterPreflight(cluster: typeof Cluster, r: Cluster.PreflightResult, question: string, steps: string): Promise<boolean> {
  if (r.checkErrors.length === 0) {
    const go = await vscode.window.showWarningMessage(question, { modal: true, detail: `${steps}\n\nPreflight: checks and the server's dry run passed.` }, 'Provision');
    return go === 'Provision';
  }
  const go = await vscode.window.showWarningMessage(question, {
    modal: true,
    detail: `${r.checkErrors.length} check error${r.checkErrors.length === 1 ? '' : 's'} in the objects it would write (the server's dry run accepted them):\n${problemList(cluster, r)}\n\n${steps}`,
  }, 'Provision anyway');
  return go === 'Provision anyway';
}
