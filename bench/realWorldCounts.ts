// The real-world corpus in numbers (`npm run bench`, or `node dist/bench/bench.js corpus` alone):
// apps, repositories, files, findings by severity, and the known false positives still tolerated.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { analyzeApp, realWorldApps, realWorldDir } from '../test/support/realWorld';

export async function realWorldCounts(root: string): Promise<string> {
  const apps = realWorldApps(root);
  const bySeverity = { error: 0, warning: 0, info: 0 };
  let files = 0;
  for (const app of apps) {
    files += app.files.size;
    for (const f of await analyzeApp(app)) bySeverity[f.severity]++;
  }
  const expectations = (parse(readFileSync(path.join(realWorldDir(root), 'expectations.yaml'), 'utf8')) as { apps: Record<string, { falsePositive?: boolean }[] | null> }).apps;
  const falsePositives = Object.values(expectations).flatMap((l) => l ?? []).filter((e) => e.falsePositive).length;
  const repositories = new Set(apps.map((a) => a.id.split('/')[0])).size;
  return `real-world corpus: ${apps.length} apps from ${repositories} repositories, ${files} files; findings: ${bySeverity.error} errors, `
    + `${bySeverity.warning} warnings, ${bySeverity.info} info (${falsePositives} known false positives tolerated, see test/fixtures/real-world/expectations.yaml)`;
}
