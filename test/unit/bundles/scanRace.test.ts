// A document opened and edited while the workspace scan is still reading the disk: the editor's text
// reaches the engine first (the debounce sends it), and the scan's older bytes of that file must not
// replace it afterwards — the editor's next change ranges apply to the text the engine holds. (Seen in
// the hostile-input integration test: the scan's bytes overwrote the edited text, the next edits landed
// at the wrong offsets, and the file lost all its diagnostics.)
import { strict as assert } from 'node:assert';
import { createVscodeDouble } from '../../../bench/vscodeDouble';
import { pv, statefulSet } from '../helpers/analyze';
import { loadBundle, restoreLoader } from '../helpers/bundle';

interface Host { current(): Promise<unknown>; request(r: { type: 'sets' }): Promise<{ name: string; replicas: number }[]> }

const DEBOUNCE_MS = 300;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('extension bundle: edits during the first scan', () => {
  afterEach(restoreLoader);

  it('keeps the text of a document opened and edited while the scan read the disk', async () => {
    const double = createVscodeDouble();
    double.addFile('/ws/other.yaml', statefulSet({ name: 'other', replicas: 1 }));
    double.addFile('/ws/sets.yaml', statefulSet({ name: 'web', replicas: 2 }));
    const held = double.holdReads();
    const subscriptions: { dispose(): void }[] = [];
    const { host } = loadBundle<{ host: Host }>(double).activate({ subscriptions, extensionUri: double.api.Uri.file('/ext') });
    await held.reading; // the scan has found the files and waits for the disk

    const doc = double.openFile('/ws/sets.yaml');
    const note = '# edited while the workspace was read\n';
    double.prepareEdit(doc, 0, 0, note)();
    await sleep(DEBOUNCE_MS * 2); // the debounce sends the editor's text
    held.release();
    await host.current();

    // a change range of the editor's text (after the note): wrong by the note's length in the disk's text
    const at = doc.text.indexOf('replicas: 2') + 'replicas: '.length;
    double.prepareEdit(doc, at, 1, '5')();
    const sets = await host.request({ type: 'sets' });
    assert.deepEqual(sets.map((s) => [s.name, s.replicas]).sort(), [['other', 1], ['web', 5]]);
    for (const s of subscriptions) s.dispose();
  });
});

describe('extension bundle: the engine holds the files there are', () => {
  afterEach(restoreLoader);

  const activate = (double: ReturnType<typeof createVscodeDouble>) =>
    loadBundle<{ host: Host & { reanalyze(): void } }>(double).activate({ subscriptions: [], extensionUri: double.api.Uri.file('/ext') }).host;
  const setNames = async (host: Host) => (await host.request({ type: 'sets' })).map((s) => s.name).sort();

  it('a file deleted while a scan read it stays deleted', async () => {
    const double = createVscodeDouble();
    double.addFile('/ws/a.yaml', statefulSet({ name: 'a' }));
    double.addFile('/ws/b.yaml', statefulSet({ name: 'b' }));
    const host = activate(double);
    assert.deepEqual(await setNames(host), ['a', 'b']);
    const held = double.holdReads();
    host.reanalyze();
    await held.reading; // the scan has read the files; the bytes come back after the deletion
    double.deleteFile('/ws/a.yaml');
    held.release();
    await host.current();
    assert.deepEqual(await setNames(host), ['b']);
  });

  it('a document whose language changes from YAML is forgotten', async () => {
    const double = createVscodeDouble();
    const doc = double.addDocument('/ws/notes.txt', statefulSet({ name: 'notes' }));
    const host = activate(double);
    assert.deepEqual(await setNames(host), ['notes']);
    double.changeLanguage(doc, 'plaintext');
    await host.current();
    assert.deepEqual(await setNames(host), []);
  });

  it('publishes no analysis of a half-read workspace while a rescan reads the disk', async () => {
    const double = createVscodeDouble();
    double.addFile('/ws/pv.yaml', pv({ name: 'Bad_Name' }));
    const doc = double.addDocument('/ws/sets.yaml', statefulSet({ name: 'web' }));
    const host = activate(double);
    await host.current();
    const shown = () => (double.diagnostics.get('file:///ws/pv.yaml') ?? []).length;
    assert.ok(shown() > 0, 'pv.yaml has findings');
    const held = double.holdReads();
    host.reanalyze();
    await held.reading;
    double.prepareEdit(doc, doc.text.indexOf('replicas: ') + 'replicas: '.length, 1, '4')();
    await sleep(DEBOUNCE_MS * 2); // the debounce analyses the edit while the engine holds only sets.yaml
    assert.ok(shown() > 0, 'pv.yaml keeps its findings while the rescan reads it');
    held.release();
    await host.current();
    assert.ok(shown() > 0);
    assert.deepEqual((await host.request({ type: 'sets' })).map((s) => s.replicas), [4]);
  });
});
