// The yardstick issue 9 names, "yaml's own parse": like parseFiles.ts, with yaml as installed in
// node_modules (argv[2]: its folder) instead of the CLI's bundled copy, which reads none of yaml's
// debug switches from the environment (scripts/yamlProcess.js).
import { readFileSync } from 'node:fs';

const [yamlDir, ...files] = process.argv.slice(2);
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the installed package, not a bundled copy, is the point
const { parseAllDocuments } = require(yamlDir) as typeof import('yaml');
let documents = 0;
for (const file of files) {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'));
  documents += Array.isArray(docs) ? docs.length : 0;
}
process.stdout.write(`${documents}\n`);
