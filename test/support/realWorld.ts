// The in-repo real-world corpus (test/fixtures/real-world/<repo>/<app>/): each app analysed the way
// `statefulset-storage check <app> --no-kubectl` analyses it, findings made relative to the app folder.
// Shared by the corpus test and `npm run bench`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_OPTIONS } from '../../src/core/analysis';
import { Finding } from '../../src/core/findings';
import { analyzeInputs } from '../../src/cli/analyzeInputs';

export interface RealWorldApp {
  /** `<repo>/<app>`, the key of the expectations file */
  readonly id: string;
  readonly dir: string;
  /** absolute path → text */
  readonly files: ReadonlyMap<string, string>;
}

export interface AppFinding {
  readonly code: string;
  readonly severity: Finding['severity'];
  /** relative to the app folder, '/'-separated */
  readonly file: string;
  /** 1-based */
  readonly line: number;
  readonly message: string;
}

export function realWorldDir(root: string): string {
  return path.join(root, 'test', 'fixtures', 'real-world');
}

function yamlFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...yamlFilesUnder(p));
    else if (/\.ya?ml$/i.test(name) || name === 'Kustomization') out.push(p);
  }
  return out;
}

export function realWorldApps(root: string): RealWorldApp[] {
  const base = realWorldDir(root);
  const apps: RealWorldApp[] = [];
  for (const repo of readdirSync(base).sort()) {
    const repoDir = path.join(base, repo);
    if (!statSync(repoDir).isDirectory()) continue;
    for (const app of readdirSync(repoDir).sort()) {
      const dir = path.join(repoDir, app);
      if (!statSync(dir).isDirectory()) continue;
      const files = new Map(yamlFilesUnder(dir).map((f) => [f, readFileSync(f, 'utf8')] as const));
      apps.push({ id: `${repo}/${app}`, dir, files });
    }
  }
  return apps;
}

/** The app's findings without rendering (deterministic: no kubectl involved). */
export async function analyzeApp(app: RealWorldApp): Promise<AppFinding[]> {
  const { findings } = await analyzeInputs(app.files, DEFAULT_OPTIONS, { unavailable: 'the corpus is analysed without kubectl' });
  return findings.map((f) => ({
    code: f.code, severity: f.severity, file: path.relative(app.dir, f.file).split(path.sep).join('/'), line: f.range.start.line + 1, message: f.message,
  }));
}
