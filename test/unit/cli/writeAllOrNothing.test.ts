// All or nothing: whichever file operation fails, no new file, no temp file and no half-edited file is
// left, and a rerun after the failure writes everything.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { NODE_OPS, writeAllOrNothing, WriteFailed, WriteOps } from '../../../src/cli/writeAllOrNothing';

/** NODE_OPS, with the `nth` call of `op` throwing ENOSPC */
function failing(op: 'writeFile' | 'rename', nth: number): WriteOps {
  let calls = 0;
  const real = NODE_OPS[op] as (...a: unknown[]) => Promise<void>;
  return {
    ...NODE_OPS,
    [op]: (...a: unknown[]) => (++calls === nth ? Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })) : real(...a)),
  };
}

describe('writeAllOrNothing', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sts-write-'));
    writeFileSync(path.join(dir, 'sts.yaml'), 'old\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const writes = () => [
    { file: path.join(dir, 'out', 'a.yaml'), text: 'a\n' },
    { file: path.join(dir, 'out', 'b.yaml'), text: 'b\n' },
    { file: path.join(dir, 'sts.yaml'), text: 'new\n', original: 'old\n' },
  ];

  for (const [op, nth] of [['writeFile', 2], ['writeFile', 3], ['rename', 1], ['rename', 2], ['rename', 3]] as const) {
    it(`leaves the folder as it was when ${op} #${nth} fails, and a rerun works`, async () => {
      await assert.rejects(writeAllOrNothing(writes(), failing(op, nth)), (e: Error) => e instanceof WriteFailed && /ENOSPC.*nothing was written/.test(e.message));
      assert.deepEqual(readdirSync(dir), ['sts.yaml'], 'no out/ folder, no temp file');
      assert.equal(readFileSync(path.join(dir, 'sts.yaml'), 'utf8'), 'old\n');
      await writeAllOrNothing(writes());
      assert.deepEqual(readdirSync(path.join(dir, 'out')).sort(), ['a.yaml', 'b.yaml']);
      assert.equal(readFileSync(path.join(dir, 'sts.yaml'), 'utf8'), 'new\n');
    });
  }

  it('refuses to overwrite, naming every file in the way, before writing anything', async () => {
    await writeAllOrNothing([{ file: path.join(dir, 'out', 'b.yaml'), text: 'mine\n' }]);
    await assert.rejects(writeAllOrNothing(writes()), /out\/b\.yaml already exists: not overwriting/);
    assert.deepEqual(readdirSync(path.join(dir, 'out')), ['b.yaml']);
    assert.equal(readFileSync(path.join(dir, 'out', 'b.yaml'), 'utf8'), 'mine\n');
    assert.equal(readFileSync(path.join(dir, 'sts.yaml'), 'utf8'), 'old\n');
  });

  it('refuses to edit a file that changed since it was read', async () => {
    writeFileSync(path.join(dir, 'sts.yaml'), 'edited meanwhile\n');
    await assert.rejects(writeAllOrNothing(writes()), /sts\.yaml changed while generating: nothing was written/);
    assert.deepEqual(readdirSync(dir), ['sts.yaml']);
    assert.equal(readFileSync(path.join(dir, 'sts.yaml'), 'utf8'), 'edited meanwhile\n');
  });
});
