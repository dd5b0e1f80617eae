// The engine with its YAML parser (about 200 KiB minified) is a separate bundle, dist/engine.js, so that
// loading the extension parses only the providers. It is required on first use — normally the first
// scan, which starts after activate() returned. The require is synchronous: whatever needs the engine
// earlier (a command run during startup) simply loads it then.
import * as path from 'node:path';
import type * as Engine from '../core/engine';

let loaded: typeof Engine | undefined;

export function engine(): typeof Engine {
  // A computed path keeps esbuild from inlining the module into the extension bundle.
  const file = path.join(__dirname, 'engine.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a runtime require is the point here
  loaded ??= require(file) as typeof Engine;
  return loaded;
}
