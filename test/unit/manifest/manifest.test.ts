// package.json's contributions must agree with the code: every command has a title and the category,
// is registered, every `when` context key is set somewhere, every setting is described and read.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../helpers/analyze';


const root = repoRoot();
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const sources = (readdirSync(path.join(root, 'src'), { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ts'))
  .map((f) => readFileSync(path.join(root, 'src', f), 'utf8'))
  .join('\n');

/** Context keys VS Code sets itself. */
const BUILTIN_KEYS = new Set(['editorLangId', 'resourceLangId', 'view', 'viewItem', 'false', 'true', 'isWorkspaceTrusted', 'editorTextFocus', 'resourceExtname', 'workbenchState']);

describe('package.json contributions', () => {
  const commands: { command: string; title: string; category?: string }[] = pkg.contributes.commands;

  it('declares commands with a title and the category, with statefulsetStorage.<camelCase> ids', () => {
    assert.ok(commands.length > 0);
    for (const c of commands) {
      assert.match(c.command, /^statefulsetStorage\.[a-z][A-Za-z]+$/, c.command);
      assert.ok(c.title, `${c.command} has no title`);
      assert.equal(c.category, 'StatefulSet Storage', `${c.command} has no category`);
    }
  });

  it('registers every contributed command in the code, and contributes every registered one', () => {
    for (const c of commands) assert.ok(sources.includes(`'${c.command}'`), `${c.command} is contributed but never named in src/`);
    const named = new Set([...sources.matchAll(/'(statefulsetStorage\.[a-z][A-Za-z]+)'/g)].map((m) => m[1]));
    const settings = Object.keys(pkg.contributes.configuration.properties);
    const views = Object.values(pkg.contributes.views ?? {}).flat().map((v) => (v as { id: string }).id);
    for (const id of named) {
      if (views.includes(id)) continue;
      if (settings.some((s) => s === id || s.startsWith(`${id}.`)) || id.startsWith('statefulsetStorage.has') || id.startsWith('statefulsetStorage.is')) continue;
      assert.ok(commands.some((c) => c.command === id), `${id} is used in src/ but not contributed`);
    }
  });

  it('sets every context key used in a when clause', () => {
    const whens: string[] = [];
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { if (k === 'when' || k === 'enablement') whens.push(String(x)); else walk(x); }
    };
    walk(pkg.contributes);
    assert.ok(whens.length > 0);
    for (const when of whens) {
      for (const key of when.match(/[A-Za-z][\w.]*/g) ?? []) {
        if (BUILTIN_KEYS.has(key) || /^(yaml|statefulsetStorage\.[a-z]\w*View|[a-z]+Item)$/.test(key) || !key.includes('.') && !/^[a-z]/.test(key)) continue;
        if (!key.startsWith('statefulsetStorage.')) continue; // values (e.g. view ids) and built-ins
        if (commands.some((c) => c.command === key)) continue;
        if (pkg.contributes.views && Object.values(pkg.contributes.views).flat().some((v) => (v as { id: string }).id === key)) continue;
        assert.ok(sources.includes(`'${key}'`) || sources.includes(`"${key}"`), `context key ${key} (in "${when}") is never set in src/`);
      }
    }
  });

  it('describes every setting and reads it in the code', () => {
    for (const [key, schema] of Object.entries<{ description?: string; markdownDescription?: string }>(pkg.contributes.configuration.properties)) {
      assert.ok(key.startsWith('statefulsetStorage.'), key);
      assert.ok(schema.description || schema.markdownDescription, `${key} has no description`);
      const short = key.slice('statefulsetStorage.'.length);
      assert.ok(sources.includes(`'${short}'`), `${key} is never read (expected '${short}' in src/)`);
    }
  });

  it('activates narrowly', () => {
    for (const e of pkg.activationEvents ?? []) assert.match(e, /^(onLanguage:yaml|onView:|onCommand:|workspaceContains:)/, `broad activation event ${e}`);
    assert.ok(!(pkg.activationEvents ?? []).includes('*'));
  });

  it('ships an allowlist .vscodeignore', () => {
    const lines = readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    assert.equal(lines[0], '**', 'the first pattern must exclude everything');
    for (const l of lines.slice(1)) assert.ok(l.startsWith('!'), `${l} is not an allowlist entry`);
  });
});
