// Loads the built extension bundle (dist/extension.js) in plain Node against the in-memory vscode double,
// fresh each time (its engine too), and activates it.
import Module from 'node:module';
import * as path from 'node:path';
import { createVscodeDouble } from '../../../bench/vscodeDouble';
import { repoRoot } from './analyze';

type Loader = { _load: (request: string, ...rest: unknown[]) => unknown };
const loader = Module as unknown as Loader;
const original = loader._load;

export const distDir = (): string => path.join(repoRoot(), 'dist');

/** Whether a file of dist/ has been loaded by now. */
export const loaded = (file: string): boolean => require.cache[path.join(distDir(), file)] !== undefined;

/**
 * Requires the bundle with `vscode` answered by `double` (until restoreLoader()); the caller
 * activates it, so that it can look between loading and activation.
 */
export function loadBundle<Api>(double: ReturnType<typeof createVscodeDouble>): { activate(ctx: unknown): Api } {
  for (const f of ['extension.js', 'engine.js', 'cluster.js']) delete require.cache[path.join(distDir(), f)];
  loader._load = (request, ...rest) => (request === 'vscode' ? double.api : original(request, ...rest));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle is what is tested
  return require(path.join(distDir(), 'extension.js')) as { activate(ctx: unknown): Api };
}

export function restoreLoader(): void {
  loader._load = original;
}
