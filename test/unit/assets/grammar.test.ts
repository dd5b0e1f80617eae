// The YAML injection grammar (syntaxes/statefulset-storage.injection.tmLanguage.json). VS Code runs its
// patterns with Oniguruma; they are kept to the subset JavaScript RegExp shares, so this test runs them
// with JS RegExp. The injection selector `L:source.yaml -comment -string` keeps the patterns out of
// comments and strings; `selectorAllows` below models that (a match may not start inside a comment or a
// quoted scalar). When the project's VS Code test host is installed (.vscode-test/, or TEST_HOST_DIR), the last
// test also tokenizes with VS Code's own TextMate engine and YAML grammar.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { repoRoot } from '../helpers/analyze';


interface Rule {
  readonly match?: string;
  readonly name?: string;
  readonly captures?: Record<string, { name: string }>;
  readonly include?: string;
  readonly comment?: string;
}
interface Grammar {
  readonly scopeName: string;
  readonly injectionSelector: string;
  readonly patterns: readonly Rule[];
  readonly repository: Record<string, Rule>;
}

const GRAMMAR_FILE = path.join(repoRoot(), 'syntaxes', 'statefulset-storage.injection.tmLanguage.json');
const grammar: Grammar = JSON.parse(readFileSync(GRAMMAR_FILE, 'utf8'));

const KEYS = [
  'volumeClaimTemplates', 'serviceName', 'storageClassName', 'claimRef', 'volumeName', 'persistentVolumeReclaimPolicy',
  'accessModes', 'volumeMode', 'podManagementPolicy', 'persistentVolumeClaimRetentionPolicy', 'ordinals',
];
const KEY_SCOPE = 'keyword.control.statefulset-storage.yaml';

/** The grammar's rules in the order VS Code tries them (top-level includes, resolved). */
const rules: { id: string; re: RegExp; captures: Record<string, { name: string }> }[] = grammar.patterns.map((p) => {
  const include = p.include ?? '';
  assert.ok(include.startsWith('#'), 'top-level patterns include repository rules');
  const id = include.slice(1);
  const rule = grammar.repository[id];
  assert.ok(rule?.match, `repository rule ${id} has a match`);
  return { id, re: new RegExp(rule.match), captures: rule.captures ?? {} };
});

interface Token { readonly text: string; readonly start: number; readonly scopes: string }

/** Positions where the injection selector is off: inside a comment, or inside a quoted scalar (after its opening quote). */
function excludedPositions(line: string): boolean[] {
  const out = new Array<boolean>(line.length + 1).fill(false);
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      out[i] = true;
      if (quote === '"' && c === '\\') { out[i + 1] = true; i++; continue; }
      if (c === quote) {
        if (quote === "'" && line[i + 1] === "'") { out[i + 1] = true; i++; continue; }
        quote = undefined;
      }
      continue;
    }
    if (c === '#' && (i === 0 || /[ \t]/.test(line[i - 1]))) {
      for (let j = i; j <= line.length; j++) out[j] = true;
      break;
    }
    if ((c === '"' || c === "'") && (i === 0 || /[ \t:{[,-]/.test(line[i - 1]))) quote = c;
  }
  return out;
}

/** Tokens the injection contributes to a line: captured groups with their scope names. */
function tokenize(line: string): Token[] {
  const excluded = excludedPositions(line);
  const tokens: Token[] = [];
  let pos = 0;
  while (pos <= line.length) {
    // like TextMate: the leftmost match wins, the first rule on ties
    let best: { m: RegExpExecArray; rule: (typeof rules)[number] } | undefined;
    for (const rule of rules) {
      const re = new RegExp(rule.re.source, 'g');
      re.lastIndex = pos;
      let m: RegExpExecArray | null;
      while ((m = re.exec(line)) && excluded[m.index]) re.lastIndex = m.index + 1;
      if (m && m[0].length > 0 && (!best || m.index < best.m.index)) best = { m, rule };
    }
    if (!best) break;
    const { m, rule } = best;
    let offset = m.index;
    for (let g = 1; g < m.length; g++) {
      const text = m[g] ?? '';
      const start = line.indexOf(text, offset);
      if (text && rule.captures[g]) tokens.push({ text, start, scopes: rule.captures[g].name });
      if (text) offset = start + text.length;
    }
    pos = m.index + m[0].length;
  }
  return tokens;
}

const keyTokens = (line: string) => tokenize(line).filter((t) => t.scopes.includes(KEY_SCOPE)).map((t) => [t.text, t.start]);
const constants = (line: string) => tokenize(line).filter((t) => t.scopes.includes('constant.language')).map((t) => t.text);

describe('syntaxes/statefulset-storage.injection.tmLanguage.json', () => {
  it('is an injection into YAML that stays out of comments and strings', () => {
    assert.equal(grammar.scopeName, 'statefulset-storage.injection');
    assert.match(grammar.injectionSelector, /^L:source\.yaml\b/);
    assert.match(grammar.injectionSelector, /-comment\b/);
    assert.match(grammar.injectionSelector, /-string\b/);
    const referenced = new Set(grammar.patterns.map((p) => p.include?.slice(1)));
    assert.deepEqual(Object.keys(grammar.repository).filter((k) => !referenced.has(k)), [], 'every repository rule is used');
  });

  it('keeps to the regex subset Oniguruma and JavaScript share', () => {
    for (const [id, rule] of Object.entries(grammar.repository)) {
      const src = rule.match ?? '';
      assert.doesNotThrow(() => new RegExp(src), id);
      assert.doesNotMatch(src, /\\[GAzZhH]|\(\?>|\(\?[imx-]+[:)]|[*+?}]\+|\\p\{/, `${id}: Oniguruma-only construct`);
      // look-behind must be fixed-length per alternative: no quantifiers inside (?<=…) / (?<!…)
      for (const lb of src.matchAll(/\(\?<[=!]((?:[^()\\]|\\.)*)\)/g)) {
        assert.doesNotMatch(lb[1].replace(/\\./g, 'x').replace(/\[[^\]]*\]/g, 'x'), /[*+?{]/, `${id}: variable-length look-behind ${lb[0]}`);
      }
    }
  });

  it('uses standard scope names only, so the theme decides the colors', () => {
    const text = readFileSync(GRAMMAR_FILE, 'utf8');
    assert.doesNotMatch(text, /"(settings|foreground|background|fontStyle)"|#[0-9a-fA-F]{6}\b/, 'no colors in a grammar');
    const names = Object.values(grammar.repository).flatMap((r) => [r.name, ...Object.values(r.captures ?? {}).map((c) => c.name)]).filter(Boolean) as string[];
    for (const name of names) {
      for (const scope of name.split(' ')) {
        assert.match(scope, /^(entity\.name\.tag|keyword\.control|constant\.language|punctuation\.definition|invalid\.deprecated)(\.[a-z-]+)*\.yaml$/, scope);
      }
    }
  });

  describe('keys', () => {
    for (const key of KEYS) {
      it(`${key}: block style and flow style`, () => {
        assert.deepEqual(keyTokens(`${key}: ""`), [[key, 0]]);
        assert.deepEqual(keyTokens(`  ${key}: ""`), [[key, 2]]);
        assert.deepEqual(keyTokens(`  ${key}:`), [[key, 2]]);
        assert.deepEqual(keyTokens(`  ${key}:   # note`), [[key, 2]]);
        assert.deepEqual(keyTokens(`\t${key}: x`), [[key, 1]]);
        assert.deepEqual(keyTokens(`  - ${key}: x`), [[key, 4]]);
        assert.deepEqual(keyTokens(`  ${key} : x`), [[key, 2]]);
        assert.deepEqual(keyTokens(`spec: {${key}: ""}`), [[key, 7]]);
        assert.deepEqual(keyTokens(`spec: {a: 1, ${key}: ""}`), [[key, 13]]);
        assert.deepEqual(keyTokens(`spec: {a: 1,${key}: ""}`), [[key, 12]]);
        assert.deepEqual(keyTokens(`spec: { "${key}": "" }`), [[key, 9]]);
        assert.deepEqual(keyTokens(`  '${key}': x`), [[key, 3]]);
      });

      it(`${key}: not in comments, not as a value, not as part of another key`, () => {
        for (const line of [
          `# ${key}: ""`, `  #${key}: ""`, `  name: web # ${key}: ""`, `  name: web  #{${key}: x}`,
          `  name: ${key}`, `  - ${key}`, `  name: "${key}: x"`, `  name: '${key}: x'`, `  name: "a, ${key}: x"`,
          `  args: [ "${key}: x" ]`, `spec: {a: ${key}}`, `  my${key}: x`, `  ${key}s: x`, `  ${key}.x: y`, `  x-${key}: y`,
          `  ${key}:x`, `  ${key}`,
        ]) {
          assert.deepEqual(keyTokens(line), [], line);
        }
      });
    }

    it('other keys are left to the YAML grammar', () => {
      for (const line of ['  name: web', '  replicas: 3', '  selector:', '  clusterIP: None', '  storage: 1Gi', '  whenDeleted: Retain']) {
        assert.deepEqual(keyTokens(line), [], line);
      }
    });
  });

  describe('values', () => {
    it('clusterIP: None (headless)', () => {
      assert.deepEqual(constants('  clusterIP: None'), ['None']);
      assert.deepEqual(constants('  clusterIP: "None"'), ['None']);
      assert.deepEqual(constants('  clusterIP: None  # headless'), ['None']);
      assert.deepEqual(constants('spec: {clusterIP: None, selector: {app: web}}'), ['None']);
      for (const line of ['  clusterIP: 10.0.0.1', '  clusterIP: Nonesuch', '  name: None', '  # clusterIP: None', '  note: "clusterIP: None"', '  myclusterIP: None']) {
        assert.deepEqual(constants(line), [], line);
      }
    });

    it('persistentVolumeReclaimPolicy: Retain / Delete, and Recycle also marked deprecated', () => {
      assert.deepEqual(constants('  persistentVolumeReclaimPolicy: Retain'), ['Retain']);
      assert.deepEqual(constants('  persistentVolumeReclaimPolicy: Delete'), ['Delete']);
      const recycle = tokenize('  persistentVolumeReclaimPolicy: Recycle').find((t) => t.text === 'Recycle');
      assert.ok(recycle?.scopes.includes('constant.language.reclaim-policy.statefulset-storage.yaml'));
      assert.ok(recycle?.scopes.includes('invalid.deprecated'));
      assert.deepEqual(constants('  persistentVolumeReclaimPolicy: Recycled'), []);
      assert.deepEqual(constants('  reclaimPolicy: Retain'), [], 'StorageClass field: not ours');
    });

    it('podManagementPolicy, volumeMode, retention policy', () => {
      assert.deepEqual(constants('  podManagementPolicy: Parallel'), ['Parallel']);
      assert.deepEqual(constants('  podManagementPolicy: OrderedReady'), ['OrderedReady']);
      assert.deepEqual(constants('  volumeMode: Block'), ['Block']);
      assert.deepEqual(constants('  volumeMode: "Filesystem"'), ['Filesystem']);
      assert.deepEqual(constants('  persistentVolumeClaimRetentionPolicy: {whenDeleted: Retain, whenScaled: Delete}'), ['Retain', 'Delete']);
      assert.deepEqual(constants('    whenScaled: Delete'), ['Delete']);
      assert.deepEqual(constants('  name: Parallel'), []);
    });

    it('access modes as sequence items, block and flow', () => {
      assert.deepEqual(constants('  - ReadWriteOnce'), ['ReadWriteOnce']);
      assert.deepEqual(constants('  - ReadWriteOncePod'), ['ReadWriteOncePod']);
      assert.deepEqual(constants('  accessModes: [ "ReadWriteOnce" ]'), ['ReadWriteOnce']);
      assert.deepEqual(constants('  accessModes: [ReadWriteOnce, ReadOnlyMany]'), ['ReadWriteOnce', 'ReadOnlyMany']);
      assert.deepEqual(constants("  accessModes: ['ReadWriteMany']"), ['ReadWriteMany']);
      assert.deepEqual(constants('  - "ReadWriteOnce"  # quoted'), ['ReadWriteOnce']);
      for (const line of ['  # - ReadWriteOnce', '  - ReadWriteOnceX', '  note: "ReadWriteOnce"', '  note: ReadWriteOnce', '  ReadWriteOnce: x', '  - ReadWriteOnce: x', '  - [ReadWriteOnce.x]']) {
        assert.deepEqual(constants(line), [], line);
      }
    });
  });

  it('tokenizes with VS Code\'s TextMate engine and YAML grammar (when the test host is installed)', async function () {
    // the host the integration tests use: TEST_HOST_DIR, as for them, else the repository's own
    const hostDir = process.env.TEST_HOST_DIR ?? path.join(repoRoot(), '.vscode-test', 'host');
    const vscodeDir = path.join(hostDir, 'cs', 'node_modules', 'code-server', 'lib', 'vscode');
    const textmateDir = path.join(vscodeDir, 'node_modules', 'vscode-textmate');
    const onigDir = path.join(vscodeDir, 'node_modules', 'vscode-oniguruma');
    if (!existsSync(textmateDir) || !existsSync(onigDir)) this.skip();
    this.timeout(20000);
    const load = createRequire(__filename);
    /* eslint-disable @typescript-eslint/no-explicit-any */
    const tm: any = load(textmateDir);
    const onig: any = load(onigDir);
    /* eslint-enable @typescript-eslint/no-explicit-any */
    const wasm = readFileSync(path.join(onigDir, 'release', 'onig.wasm'));
    await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const syntaxes = path.join(vscodeDir, 'extensions', 'yaml', 'syntaxes');
    const files: Record<string, string> = {
      'source.yaml': path.join(syntaxes, 'yaml.tmLanguage.json'),
      'source.yaml.embedded': path.join(syntaxes, 'yaml-embedded.tmLanguage.json'),
      'statefulset-storage.injection': GRAMMAR_FILE,
    };
    for (const v of ['1.0', '1.1', '1.2', '1.3']) files[`source.yaml.${v}`] = path.join(syntaxes, `yaml-${v}.tmLanguage.json`);
    const registry = new tm.Registry({
      onigLib: Promise.resolve({ createOnigScanner: (s: string[]) => new onig.OnigScanner(s), createOnigString: (s: string) => new onig.OnigString(s) }),
      loadGrammar: async (scope: string) => (files[scope] && existsSync(files[scope]) ? tm.parseRawGrammar(readFileSync(files[scope], 'utf8'), files[scope]) : null),
      getInjections: (scope: string) => (scope === 'source.yaml' ? ['statefulset-storage.injection'] : undefined),
    });
    const yaml = await registry.loadGrammar('source.yaml');
    const text = [
      'kind: PersistentVolume  # storageClassName: "" in a comment',
      'spec:',
      '  storageClassName: ""',
      '  accessModes: [ "ReadWriteOnce" ]',
      '  persistentVolumeReclaimPolicy: Recycle',
      '  claimRef: {name: data-web-0, namespace: default}',
      '  note: "volumeName: x"',
      '  other: volumeName',
      '---',
      'spec:',
      '  clusterIP: None',
      '  volumeClaimTemplates:',
      '  - {metadata: {name: data}, spec: {storageClassName: "", volumeMode: Block}}',
      '  serviceName: web',
    ];
    const seen: string[] = [];
    let state = tm.INITIAL;
    for (const line of text) {
      const r = yaml.tokenizeLine(line, state);
      for (const t of r.tokens as { startIndex: number; endIndex: number; scopes: string[] }[]) {
        const inner = t.scopes[t.scopes.length - 1];
        if (inner.endsWith('.statefulset-storage.yaml')) seen.push(`${line.slice(t.startIndex, t.endIndex)} ${inner}`);
      }
      state = r.ruleStack;
    }
    assert.deepEqual(seen, [
      `storageClassName ${KEY_SCOPE}`,
      `accessModes ${KEY_SCOPE}`,
      'ReadWriteOnce constant.language.access-mode.statefulset-storage.yaml',
      `persistentVolumeReclaimPolicy ${KEY_SCOPE}`,
      'Recycle invalid.deprecated.recycle.statefulset-storage.yaml',
      `claimRef ${KEY_SCOPE}`,
      'None constant.language.headless.statefulset-storage.yaml',
      `volumeClaimTemplates ${KEY_SCOPE}`,
      `storageClassName ${KEY_SCOPE}`,
      `volumeMode ${KEY_SCOPE}`,
      'Block constant.language.volume-mode.statefulset-storage.yaml',
      `serviceName ${KEY_SCOPE}`,
    ]);
  });
});
