// The fixture units of the repository: every folder under test/fixtures and examples that directly
// holds manifests (as `kubectl apply -f DIR` reads it). Kustomize folders are left out: what they
// apply is their rendered output, not their files.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../helpers/analyze';

const MANIFEST = /\.ya?ml$/;
const KUSTOMIZATION = /^kustomization\.ya?ml$|^Kustomization$/;

export interface UnitDir {
  readonly dir: string;
  readonly files: readonly { file: string; text: string }[];
}

export function fixtureUnits(): UnitDir[] {
  const out: UnitDir[] = [];
  for (const top of ['test/fixtures', 'examples']) walk(path.join(repoRoot(), top), out);
  return out;
}

function walk(dir: string, out: UnitDir[]): void {
  if (!existsSync(dir)) return;
  const names = readdirSync(dir).sort();
  if (names.some((n) => KUSTOMIZATION.test(n))) return;
  const files = names.filter((n) => MANIFEST.test(n) && statSync(path.join(dir, n)).isFile())
    .map((n) => ({ file: path.join(dir, n), text: readFileSync(path.join(dir, n), 'utf8') }));
  if (files.length > 0) out.push({ dir: path.relative(repoRoot(), dir), files });
  for (const n of names) if (statSync(path.join(dir, n)).isDirectory()) walk(path.join(dir, n), out);
}
