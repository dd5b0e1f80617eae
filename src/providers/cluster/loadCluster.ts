// The cluster code (and @kubernetes/client-node inside it) is a separate bundle, dist/cluster.js,
// required on first use: activation never parses or evaluates the Kubernetes client.
import * as path from 'node:path';
import type * as Cluster from '../../cluster';

let loaded: typeof Cluster | undefined;

export function loadCluster(): typeof Cluster {
  // A computed path keeps esbuild from inlining the module into the extension bundle.
  const file = path.join(__dirname, 'cluster.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a runtime require is the point here
  loaded ??= require(file) as typeof Cluster;
  return loaded;
}

export type { Cluster };
