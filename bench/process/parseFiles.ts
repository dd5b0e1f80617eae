// The baseline of the CLI's whole-process rows: a Node process that reads the given files and parses
// each with the YAML parser the CLI bundles (yaml's parseAllDocuments), and nothing else.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

let documents = 0;
for (const file of process.argv.slice(2)) {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'));
  documents += Array.isArray(docs) ? docs.length : 0;
}
process.stdout.write(`${documents}\n`);
