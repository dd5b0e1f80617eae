// The tree's step statuses describe one cluster: after the kube context changes (here: the kubeconfig's
// current context, read again), another cluster's "pod Ready" must not stay on show; a refresh to the
// same context keeps them.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createVscodeDouble } from '../../../bench/vscodeDouble';
import { loadBundle, restoreLoader } from '../helpers/bundle';

interface Api {
  session: { refresh(): Promise<{ kind: string }> };
  states: { set(key: string, s: { state: string; source: string }): void; get(key: string): unknown };
}

const kubeconfig = (current: string) => `apiVersion: v1
kind: Config
clusters:
- name: one
  cluster: {server: "http://127.0.0.1:1"}
- name: two
  cluster: {server: "http://127.0.0.1:2"}
users:
- name: u
  user: {token: t}
contexts:
- name: a
  context: {cluster: one, user: u, namespace: default}
- name: b
  context: {cluster: two, user: u, namespace: default}
current-context: ${current}
`;

describe('extension bundle: step statuses follow the kube context', () => {
  let dir: string;
  let saved: string | undefined;
  afterEach(() => {
    restoreLoader();
    if (saved === undefined) delete process.env.KUBECONFIG; else process.env.KUBECONFIG = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps them over a refresh of the same context, forgets them when the context changes', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sts-kubeconfig-'));
    const file = path.join(dir, 'config');
    writeFileSync(file, kubeconfig('a'));
    saved = process.env.KUBECONFIG;
    process.env.KUBECONFIG = file;
    const double = createVscodeDouble();
    const subscriptions: { dispose(): void }[] = [];
    const api = loadBundle<Api>(double).activate({ subscriptions, extensionUri: double.api.Uri.file('/ext') });
    try {
      assert.equal((await api.session.refresh()).kind, 'ready');
      api.states.set('Pod/default/web-0', { state: 'ready', source: 'provision' });
      await api.session.refresh();
      assert.ok(api.states.get('Pod/default/web-0'), 'the same context: kept');
      writeFileSync(file, kubeconfig('b'));
      await api.session.refresh();
      assert.equal(api.states.get('Pod/default/web-0'), undefined, 'another cluster: gone');
    } finally {
      for (const s of subscriptions) s.dispose();
    }
  });
});
