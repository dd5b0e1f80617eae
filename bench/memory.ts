// Heap measurements for the bench (needs node --expose-gc; NaN without it).

/** Heap kept by a value, between two full collections. */
export function retainedMB(make: () => unknown): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return NaN;
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = make();
  gc();
  const after = process.memoryUsage().heapUsed;
  if (kept === undefined) throw new Error('nothing kept'); // keeps `kept` alive until after the measure
  return (after - before) / 1048576;
}
