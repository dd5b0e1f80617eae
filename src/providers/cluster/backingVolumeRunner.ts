// Backing-volume commands in the editor: offered only when the user allows it (a setting a workspace
// cannot set), only where they can run, and only after the user saw them shell-quoted. An RBD image can
// be made from any Ceph admin host, so this machine may be one; a directory on an NFS server or a node
// belongs to that host, so the user is asked whether this machine is it; a directory on "whichever node
// runs the pod" cannot be made in advance from here, so its commands are only shown and copied.
import * as vscode from 'vscode';
import type { Cluster } from './loadCluster';
import { engine } from '../loadEngine';
import { readGuardSetting } from '../settings';
import { runCommands } from './runArgv';

const RUN = 'Run on this machine';
const COPY = 'Copy commands';

/** The question to ask before running a step's commands here, or undefined when they cannot run here. */
function question(step: Cluster.ManualStep): { message: string; run: string } | undefined {
  switch (step.host.role) {
    case 'ceph-admin':
      return { message: `Run the commands for backing volume ${step.name} on this machine? They need a Ceph admin host (the rbd tool and an admin keyring).`, run: RUN };
    case 'nfs-server':
      return { message: `The commands for backing volume ${step.name} belong on the NFS server ${step.host.server}. Is this machine ${step.host.server}?`, run: `This machine is ${step.host.server}: run` };
    case 'node':
      if (step.host.nodes.length === 0) return undefined;
      return { message: `The commands for backing volume ${step.name} belong on node ${step.host.nodes.join(' or ')}. Is this machine that node?`, run: `This machine is ${step.host.nodes[0]}: run` };
  }
}

export function runManualStepFor(log: vscode.LogOutputChannel, signal?: AbortSignal): ((step: Cluster.ManualStep) => Promise<Cluster.ManualStepResult>) | undefined {
  if (!readGuardSetting<boolean>('runBackingVolumeCommands', false)) return undefined;
  return async (step) => {
    const lines = engine().manualLines(step);
    if (step.commands.length === 0) return 'not-run';
    const ask = question(step);
    const detail = `${lines.join('\n')}\n\n(for ${step.where}; run without a shell, each within 60 s)`;
    const answer = ask
      ? await vscode.window.showWarningMessage(ask.message, { modal: true, detail }, ask.run, COPY)
      : await vscode.window.showWarningMessage(`The commands for backing volume ${step.name} belong on ${step.where}, which is not known before the pod is scheduled: run them there.`, { modal: true, detail }, COPY);
    if (answer === COPY) {
      await vscode.env.clipboard.writeText(lines.join('\n') + '\n');
      log.info(`copied the commands for ${step.name} (for ${step.where}):\n${lines.join('\n')}`);
      return 'not-run';
    }
    if (!ask || answer !== ask.run) return 'not-run';
    const ok = await runCommands(step.commands, {
      signal,
      onResult: (r) => {
        log.info(`$ ${engine().commandLine(r.argv)}${r.ok ? '' : `  → failed: ${r.error}`}`);
        if (r.stdout) log.info(r.stdout.trimEnd());
        if (r.stderr) log.warn(r.stderr.trimEnd());
      },
    });
    // cancelled while running: not a failure of the commands; the run reports the cancellation
    return ok ? 'ran' : signal?.aborted ? 'not-run' : 'failed';
  };
}
