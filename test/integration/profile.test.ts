// The target cluster's default StorageClass, from the settings and from .statefulset-storage.yaml, as
// the lenses and diagnostics show it: unknown states both outcomes, none binds the class-less PV, a
// named default provisions a new volume.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { codes, diagnostic, eventually, extensionApi, lensTitles, open, readText, Sandbox, save } from './helpers';
import { documents, headlessService, nfs, persistentVolume, statefulSet } from './manifests';

const encode = (s: string) => new TextEncoder().encode(s);

const APP = documents(
  headlessService('pg'),
  statefulSet({ name: 'pg', replicas: 1, container: { name: 'pg', image: 'postgres' }, mount: { path: '/var/lib/postgresql' } }),
  persistentVolume({ name: 'pg-disk-0', source: nfs('10.0.0.5', '/exports/pg-0') }),
);

describe('target cluster profile', () => {
  let box: Sandbox;
  const app = () => box.uri('app.yaml');
  const claimLens = async () => (await lensTitles(app())).find((t) => t.startsWith('data-pg-0'));
  const setting = (value: string | undefined) => vscode.workspace.getConfiguration('statefulsetStorage').update('cluster.defaultStorageClass', value, vscode.ConfigurationTarget.Workspace);

  before(async () => {
    box = await Sandbox.create('profile');
    await vscode.workspace.fs.writeFile(app(), encode(APP));
    await extensionApi();
  });
  after(async () => {
    await setting(undefined);
    await box.dispose();
  });

  it('unknown (the default): the lens states both outcomes, the warning too, and nothing is an error', async () => {
    await eventually(async () => assert.strictEqual(await claimLens(), 'data-pg-0 → pg-disk-0 (or → new PV if the cluster has a default StorageClass)'));
    assert.deepStrictEqual(codes(app()), ['storage-class-unset']);
  });

  it('setting none: the claim binds the class-less PV, and nothing is reported', async () => {
    await setting('none');
    await eventually(async () => assert.strictEqual(await claimLens(), 'data-pg-0 → pg-disk-0'));
    await eventually(() => assert.deepStrictEqual(codes(app()), []));
  });

  it('setting standard: the claim gets a new volume, and the warning names the class', async () => {
    await setting('standard');
    await eventually(async () => assert.strictEqual(await claimLens(), 'data-pg-0 → new PV'));
    await eventually(() => assert.deepStrictEqual(codes(app()), ['storage-class-unset']));
    const d = vscode.languages.getDiagnostics(app()).find((x) => x.message.includes('storageClassName unset'));
    assert.match(d?.message ?? '', /the cluster's default StorageClass "standard", so the claim is provisioned dynamically instead of binding pg-disk-0/);
  });

  it('.statefulset-storage.yaml wins over the setting', async () => {
    const config = box.uri('.statefulset-storage.yaml');
    await vscode.workspace.fs.writeFile(config, encode('defaultStorageClass: none\n'));
    await eventually(async () => assert.strictEqual(await claimLens(), 'data-pg-0 → pg-disk-0'));
    await vscode.workspace.fs.writeFile(config, encode('defaultStorageClass: [oops]\n'));
    await eventually(() => assert.deepStrictEqual(codes(config), ['config-invalid']));
    await vscode.workspace.fs.delete(config);
    await eventually(async () => assert.strictEqual(await claimLens(), 'data-pg-0 → new PV'));
  });

  it('"Ignore storage-class-unset here" writes the comment above the field, and the warning goes', async () => {
    const d = await diagnostic(app(), 'storage-class-unset');
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', app(), d.range);
    const ignore = actions.find((a): a is vscode.CodeAction => a.title === 'Ignore storage-class-unset here');
    assert.ok(ignore?.edit, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(ignore.edit));
    await save(await open(app(), false));
    await eventually(() => assert.deepStrictEqual(codes(app()), []));
    assert.match(await readText(app()), /\n {4}# statefulset-storage: ignore storage-class-unset -- why this is fine here\n {4}spec:\n/);
  });
});
