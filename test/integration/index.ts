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
  const resultFile = process.env.RESULT_FILE;
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run((n) => {
      const { passes = 0, pending = 0, tests = 0 } = runner.stats ?? {};
      if (resultFile) {
        fs.writeFileSync(resultFile, JSON.stringify({ passes, failures: n, pending, tests }));
      }
      resolve(n);
    });
  });
  if (failures > 0) {
    throw new Error(`${failures} integration test(s) failed`);
  }
}
