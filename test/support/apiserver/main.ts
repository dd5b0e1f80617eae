// Starts the test API server for manual use: prints its URL and writes a kubeconfig for it.
//   npm run apiserver   (node dist/test/support/apiserver/main.js)
//   [--port N] [--kubeconfig FILE] [--ready-delay MS]
// then: KUBECONFIG=FILE node bin/statefulset-storage.js apply examples/… --yes   or   kubectl --server URL get pv
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeKubeconfig } from './kubeconfig';
import { startApiServer } from './server';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}

async function main(): Promise<void> {
  const readyDelay = Number(flag('ready-delay') ?? 2000);
  const server = await startApiServer({
    port: Number(flag('port') ?? 0),
    controllers: { binderDelayMs: 500, statefulSetDelayMs: 200, podReadyDelayMs: readyDelay },
  });
  const file = writeKubeconfig(flag('kubeconfig') ?? join(tmpdir(), 'statefulset-storage-test.kubeconfig'), { server: server.url, namespace: 'default' });
  process.stdout.write(`API server: ${server.url}\nkubeconfig: ${file}\n  export KUBECONFIG=${file}\n  kubectl --server ${server.url} get pv,pvc,pods\nCtrl-C stops it.\n`);
  const stop = () => { void server.stop().then(() => process.exit(0)); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
