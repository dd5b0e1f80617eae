// Deployment units in the editor: two apps in sibling folders are analysed apart; the provisioning
// view groups their sets by unit, each with its own steps; the hover names the unit.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { eventually, extensionApi, lensTitles, Sandbox } from './helpers';
import { documents, headlessService, nfs, persistentVolume, statefulSet } from './manifests';

const encode = (s: string) => new TextEncoder().encode(s);

const app = (name: string) => documents(headlessService(name), statefulSet({ name, replicas: 1, storageClassName: '' }));
const pvOf = (name: string) => persistentVolume({ name: `${name}-disk`, storageClassName: '', source: nfs('10.0.0.5', `/exports/${name}`) });

describe('deployment units', () => {
  let box: Sandbox;

  before(async () => {
    box = await Sandbox.create('units');
    // only "db" has a PV; "web" must not see it
    await vscode.workspace.fs.writeFile(box.uri('db', 'app.yaml'), encode(`${app('db')}---\n${pvOf('db')}`));
    await vscode.workspace.fs.writeFile(box.uri('web', 'app.yaml'), encode(app('web')));
  });
  after(async () => box.dispose());

  it('a claim never binds a PV of another unit', async () => {
    await eventually(async () => assert.deepStrictEqual((await lensTitles(box.uri('db', 'app.yaml'))).filter((t) => t.startsWith('data-')), ['data-db-0 → db-disk']));
    const web = (await lensTitles(box.uri('web', 'app.yaml'))).filter((t) => t.startsWith('data-'));
    assert.strictEqual(web.length, 1);
    assert.ok(!web[0].includes('db-disk'), web[0]);
  });

  it('the provisioning view groups sets by unit, each with its own steps', async () => {
    const { tree } = await extensionApi();
    let units: string[] = [];
    await eventually(async () => {
      units = (await tree.getChildren()).filter((n) => n.type === 'unit').map((n) => String(tree.getTreeItem(n).label));
      assert.deepStrictEqual(units, ['units/db', 'units/web']);
    });
    const web = (await tree.getChildren()).find((n) => n.type === 'unit' && String(tree.getTreeItem(n).label) === 'units/web')!;
    const [set] = await tree.getChildren(web);
    const steps = (await tree.getChildren(set)).map((n) => String(tree.getTreeItem(n).label));
    assert.ok(!steps.some((s) => s.includes('db-disk')), steps.join(', '));
    assert.ok(steps.includes('StatefulSet web'), steps.join(', '));
  });

  it('the hover on a set names its unit', async () => {
    const doc = await vscode.workspace.openTextDocument(box.uri('web', 'app.yaml'));
    const pos = doc.positionAt(doc.getText().indexOf('name: web', doc.getText().indexOf('kind: StatefulSet')) + 'name: '.length);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Unit `units\/web` \(1 file\)/);
  });
});
