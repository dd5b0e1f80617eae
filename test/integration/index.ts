// extensionTestsPath entry: the extension host (code-server's remote host or desktop VS Code) loads
// dist/test/integration/index.js and awaits run(). The launchers read the result file it writes.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, reporter: 'spec', color: false });
  if (process.env.TEST_GREP) {
    mocha.grep(process.env.TEST_GREP);
  }
  // The build bundles each test/integration/*.ts next to this file.
  for (const f of fs.readdirSync(__dirname).sort()) {
    if (f.endsWith('.test.js')) {
      mocha.addFile(path.join(__dirname, f));
    }
  }
  const writeResult = (r: { passes: number; failures: number; pending: number; error?: string }): void => {
    if (process.env.RESULT_FILE) {
      fs.writeFileSync(process.env.RESULT_FILE, JSON.stringify(r));
    }
  };
  const failures = await new Promise<number>((resolve, reject) => {
    try {
      const runner = mocha.run((n) => {
        writeResult({ passes: runner.stats?.passes ?? 0, failures: n, pending: runner.stats?.pending ?? 0 });
        resolve(n);
      });
    } catch (e) {
      // a test file that throws while loading: count it as one failure
      writeResult({ passes: 0, failures: 1, pending: 0, error: String(e) });
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
  if (failures > 0) {
    throw new Error(`${failures} integration test(s) failed`);
  }
}
