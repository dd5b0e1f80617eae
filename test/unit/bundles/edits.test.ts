// Edits as the editor reports them, through the built extension bundle and the in-memory vscode double:
// a multi-cursor event (several changes, last in the document first) is applied from its ranges
// without reading the document's whole text; changes in any other order are re-read as whole text.
import { strict as assert } from 'node:assert';
import { createVscodeDouble } from '../../../bench/vscodeDouble';
import { statefulSet } from '../helpers/analyze';
import { loadBundle, restoreLoader } from '../helpers/bundle';

interface Host { current(): Promise<unknown>; request(r: { type: 'sets' }): Promise<{ name: string; replicas: number }[]> }

describe('extension bundle: edits', () => {
  afterEach(restoreLoader);

  it('applies a multi-cursor edit from its ranges, and re-reads changes in another order', async () => {
    const double = createVscodeDouble();
    const doc = double.addDocument('/ws/sets.yaml', `${statefulSet({ name: 'a', replicas: 2 })}---\n${statefulSet({ name: 'b', replicas: 2 })}`);
    const subscriptions: { dispose(): void }[] = [];
    const { host } = loadBundle<{ host: Host }>(double).activate({ subscriptions, extensionUri: double.api.Uri.file('/ext') });
    // each set's replicas, as the engine (in its worker) read them
    const podsPerSet = async () => {
      const sets = await host.request({ type: 'sets' });
      return ['a', 'b'].map((name) => sets.find((s) => s.name === name)?.replicas);
    };
    assert.deepEqual(await podsPerSet(), [2, 2]);

    let wholeTextReads = 0;
    const getText = doc.getText.bind(doc);
    doc.getText = () => { wholeTextReads++; return getText(); };
    const replicas = [...doc.text.matchAll(/replicas: 2/g)].map((m) => m.index! + 'replicas: '.length);
    double.prepareEdits(doc, [{ offset: replicas[1], deleteCount: 1, text: '3' }, { offset: replicas[0], deleteCount: 1, text: '3' }])();
    assert.deepEqual(await podsPerSet(), [3, 3]);
    assert.equal(wholeTextReads, 0, 'the changes were applied from their ranges');

    // first to last: valid only when read one after the other, so the whole text is read instead
    double.prepareEdits(doc, [{ offset: replicas[0], deleteCount: 1, text: '14' }, { offset: replicas[1] + 1, deleteCount: 1, text: '4' }])();
    assert.deepEqual(await podsPerSet(), [14, 4]);
    assert.ok(wholeTextReads > 0, 'the text was re-read');
    for (const s of subscriptions) s.dispose();
  });
});
