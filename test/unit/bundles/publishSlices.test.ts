// A first scan with thousands of findings: the extension (the built bundle, engine in its worker)
// converts and sets them in slices of a few ms, giving the extension host's thread back between them,
// and sets each file once, whole, with every finding in the file's order.
import { strict as assert } from 'node:assert';
import { createVscodeDouble } from '../../../bench/vscodeDouble';
import { loadBundle, restoreLoader } from '../helpers/bundle';

interface Api { host: { current(): Promise<unknown>; onDidAnalyze(l: () => void): { dispose(): void } }; diagnostics: { published(): Promise<void>; sliceMs: number } }

/** `n` PVs with reclaimPolicy Recycle: one finding each */
const recyclePVs = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `---\napiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pv-${tag}-${i}\nspec:\n  capacity:\n    storage: 1Gi\n  accessModes: [ReadWriteOnce]\n  persistentVolumeReclaimPolicy: Recycle\n  nfs:\n    server: 10.0.0.1\n    path: /exports/${tag}/${i}\n`).join('');

describe('extension bundle: diagnostics published in slices', () => {
  afterEach(restoreLoader);

  it('sets 8,000 findings of 8 files in slices, each file once and whole, with timers running between', async () => {
    const double = createVscodeDouble();
    const files = Array.from({ length: 8 }, (_, i) => double.addDocument(`/ws/pvs-${i}.yaml`, recyclePVs(1000, String(i))).uri.toString());
    // every set of the collection: which files, how many diagnostics, and how often a 1 ms timer had fired
    const sets: { file: string; lines: number[]; ticks: number }[] = [];
    let ticks = 0;
    const languages = double.api.languages as { createDiagnosticCollection: () => { set(entries: [unknown, unknown[]][]): void; dispose(): void } };
    const create = languages.createDiagnosticCollection;
    languages.createDiagnosticCollection = () => {
      const c = create();
      return { ...c, set: (entries) => {
        for (const [u, d] of entries) sets.push({ file: String(u), lines: (d as { range: { start: { line: number } } }[]).map((x) => x.range.start.line), ticks });
        c.set(entries);
      } };
    };
    const subscriptions: { dispose(): void }[] = [];
    const api = loadBundle<Api>(double).activate({ subscriptions, extensionUri: double.api.Uri.file('/ext') });
    // slices of one look at the clock (32 findings): a fast machine converting 8,000 within one 8 ms slice
    // would otherwise never give the thread back, and this test would say nothing about slicing
    api.diagnostics.sliceMs = 0;
    let ticksAtAnalysis = -1;
    const sub = api.host.onDidAnalyze(() => { if (ticksAtAnalysis < 0) ticksAtAnalysis = ticks; });
    const timer = setInterval(() => { ticks++; }, 1);
    try {
      await api.host.current();
      await api.diagnostics.published();
      for (const file of files) {
        const mine = sets.filter((s) => s.file === file);
        assert.equal(mine.length, 1, `${file} is set once`);
        assert.equal(mine[0].lines.length, 1000, 'with every finding');
        assert.ok(mine[0].lines.every((l, i) => i === 0 || l > mine[0].lines[i - 1]), 'in the order of the file');
      }
      assert.ok(sets[sets.length - 1].ticks > ticksAtAnalysis, `a timer fired between the analysis and its last slice: ${ticksAtAnalysis} → ${JSON.stringify(sets.map((s) => s.ticks))}`);
    } finally {
      clearInterval(timer);
      sub.dispose();
      for (const s of subscriptions) s.dispose();
    }
  });
});
