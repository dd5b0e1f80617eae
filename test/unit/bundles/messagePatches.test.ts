// A finding whose message alone changed — the count of other claims in a pool's pv-contended — crosses
// from the engine as the changed characters (core/service/diagnosticsDelta.ts): through the built
// bundle, the editor shows the new message with the finding's related locations, and the locations are
// the ones already converted, not converted again.
import { strict as assert } from 'node:assert';
import { createVscodeDouble } from '../../../bench/vscodeDouble';
import { SHAPES } from '../../../bench/manifest';
import { loadBundle, restoreLoader } from '../helpers/bundle';

interface Host { current(): Promise<unknown> }
interface Diagnostic { message: string; code?: { value: string }; relatedInformation?: { message: string }[] }

describe('extension bundle: message patches', () => {
  afterEach(restoreLoader);

  it('shows a changed count in a pool\'s messages, keeping the converted related locations', async () => {
    const double = createVscodeDouble();
    const { files, edit } = SHAPES.find((s) => s.name === 'pool')!.make(4);
    const doc = double.addDocument(`/ws/${files[0].file}`, files[0].text);
    const key = double.api.Uri.file(`/ws/${files[0].file}`).toString();
    const subscriptions: { dispose(): void }[] = [];
    const { host, diagnostics } = loadBundle<{ host: Host; diagnostics: { published(): Promise<void> } }>(double).activate({ subscriptions, extensionUri: double.api.Uri.file('/ext') });
    const contended = () => ((double.diagnostics.get(key) ?? []) as Diagnostic[]).filter((d) => d.code?.value === 'pv-contended');
    try {
      await host.current();
      await diagnostics.published();
      const before = contended();
      assert.ok(before.length >= 2, `${before.length} pv-contended`);
      assert.match(before[0].message, / 9 other claims can also bind/);
      double.prepareEdit(doc, edit.offset, 1, '4')(); // one set's replicas 3 → 4: one claim more in the pool
      await host.current();
      await diagnostics.published();
      const after = contended();
      const other = after.find((d) => d.message.includes('"app1"'))!;
      assert.ok(other, JSON.stringify(after.map((d) => d.message.slice(0, 60))));
      assert.match(other.message, / 10 other claims can also bind/);
      const was = before.find((d) => d.message.replace(' 9 other', ' 10 other') === other.message)!;
      assert.ok(was, 'the same finding, its count changed');
      assert.ok(other.relatedInformation!.length > 0);
      assert.equal(other.relatedInformation, was.relatedInformation, 'its related locations were not converted again');
    } finally {
      for (const s of subscriptions) s.dispose();
    }
  });
});
