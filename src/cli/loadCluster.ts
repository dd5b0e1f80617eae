// The cluster code, with @kubernetes/client-node, is most of the CLI's code: only `apply` needs it, so
// check, plan and generate must not parse it at start-up. The build (scripts/build.mjs) resolves this
// require to dist/cluster.js, the separate bundle the extension also loads on first use; elsewhere
// (tests bundled from the sources) it is an ordinary require, evaluated on the first call.
import type * as Cluster from '../cluster';

export type { Cluster };

let loaded: typeof Cluster | undefined;

export function loadCluster(): typeof Cluster {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a require at first use is the point here
  loaded ??= require('../cluster') as typeof Cluster;
  return loaded;
}
