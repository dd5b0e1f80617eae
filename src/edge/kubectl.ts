// Running `kubectl kustomize DIR`, for the CLI and the editor's renderer (programs run only at the edge,
// never in src/core): found on PATH (or named by --kubectl / statefulsetStorage.kubectlPath), its
// version read once (the editor retries a failed lookup: providers/kubectlLookup.ts), run with an argv
// array (no shell), a time limit and an abort signal.
import type { ExecFileException } from 'node:child_process';
import { constants, promises as fs } from 'node:fs';
import * as path from 'node:path';

export interface Kubectl {
  readonly path: string;
  /** e.g. v1.32.4 */
  readonly version: string;
  readonly kustomizeVersion?: string;
}

/** Why kustomizations are not rendered, or the kubectl that renders them. */
export type KubectlChoice = { readonly kubectl: Kubectl } | { readonly unavailable: string };

const RENDER_TIMEOUT_MS = 60_000;
/**
 * `kubectl version --client` answers in well under a second, but its first start on a loaded machine (a
 * cold 50 MB binary, two busy cores) has taken more than 10 s: a limit that short left kustomizations
 * unrendered. Meanwhile the editor shows the unrendered reading, and the CLI waits.
 */
const VERSION_TIMEOUT_MS = 30_000;
const MAX_OUTPUT = 64 * 1024 * 1024;

interface RunResult { readonly stdout: string; readonly stderr: string; readonly error?: ExecFileException }

async function run(file: string, args: readonly string[], timeout: number, signal?: AbortSignal): Promise<RunResult> {
  // loaded when a kustomization is rendered: every `check` would otherwise load child_process (and net,
  // stream…) at start-up, a tenth of the CLI's start
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) => {
    execFile(file, args, { timeout, maxBuffer: MAX_OUTPUT, signal, windowsHide: true, env: { ...process.env, KUBECTL_EXTERNAL_DIFF: '' } }, (error, stdout, stderr) => {
      resolve({ stdout: String(stdout), stderr: String(stderr), ...(error ? { error } : {}) });
    });
  });
}

async function onPath(name: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      await fs.access(candidate, constants.X_OK);
      return candidate;
    } catch { /* next */ }
  }
  return undefined;
}

/** The kubectl to render with: `explicit` (a path or a name on PATH), else `kubectl` on PATH. */
export async function findKubectl(explicit?: string, timeoutMs = VERSION_TIMEOUT_MS): Promise<KubectlChoice> {
  const name = explicit ?? 'kubectl';
  const file = name.includes('/') ? name : await onPath(name);
  if (!file) return { unavailable: `${name} was not found on PATH` };
  const r = await run(file, ['version', '--client', '-o', 'json'], timeoutMs);
  if (r.error?.killed) return { unavailable: `${file} did not answer \`version --client\` within ${timeoutMs / 1000} s` };
  if (r.error && !r.stdout) return { unavailable: `${file} could not be run (${r.error.code ?? r.error.message.split('\n')[0]})` };
  let info: { clientVersion?: { gitVersion?: string; minor?: string }; kustomizeVersion?: string };
  try {
    info = JSON.parse(r.stdout) as typeof info;
  } catch {
    return { unavailable: `${file} printed no version` };
  }
  const version = info.clientVersion?.gitVersion ?? 'unknown';
  const minor = Number.parseInt(info.clientVersion?.minor ?? '', 10);
  // kubectl before 1.21 embeds kustomize v2.0.3 (2019), which cannot render what current kustomizations
  // use: `patches`, `components`, `labels`, `replacements`, `helmCharts`, `openapi` (kubectl 1.21 changelog)
  if (Number.isFinite(minor) && minor < 21) {
    return { unavailable: `kubectl ${version} embeds kustomize v2.0.3, which cannot render patches:, components:, labels:, replacements: or helmCharts:; kubectl 1.21 or later is needed` };
  }
  return { kubectl: { path: file, version, ...(info.kustomizeVersion ? { kustomizeVersion: info.kustomizeVersion } : {}) } };
}

export type RenderResult = { readonly output: string } | { readonly error: string };

/** `kubectl kustomize DIR`; the error is kubectl's own message (first lines of stderr). */
export async function renderKustomization(kubectl: Kubectl, dir: string, signal?: AbortSignal, timeoutMs = RENDER_TIMEOUT_MS): Promise<RenderResult> {
  const r = await run(kubectl.path, ['kustomize', dir], timeoutMs, signal);
  if (!r.error) return { output: r.stdout };
  if (r.error.name === 'AbortError') return { error: 'cancelled' };
  if (r.error.killed) return { error: `no answer within ${timeoutMs / 1000} s` };
  return { error: kubectlMessage(r.stderr) || r.error.message.split('\n')[0] };
}

/**
 * kubectl's error without its logging frame: newer versions print `E1201 … run.go:72] "command failed"
 * err="…"`, older ones `Error: …`; warnings (deprecated fields) are left out.
 */
export function kubectlMessage(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l && !/^(# )?Warning:/i.test(l));
  const text = lines.join(' ');
  const klog = /"command failed" err="((?:[^"\\]|\\.)*)"/.exec(text);
  if (klog) return klog[1].replace(/\\(.)/g, '$1');
  return text.replace(/^Error: /, '').slice(0, 1000);
}
