// `generate:` in .statefulset-storage.yaml: read with a problem per bad entry (the rest applies), and the
// editor's proposal built from it over the settings and what the workspace's PVs use.
import { strict as assert } from 'node:assert';
import { parseConfig } from '../../../src/core/project/config';
import { parseArgs } from '../../../src/cli/args';
import { sourceFromArgs } from '../../../src/cli/generateSource';
import { VOLUME_SOURCE_KINDS } from '../../../src/core/generate';
import { SOURCE_PARAMETERS } from '../../../src/core/project/generateParameters';
import { generateChoices, sourceFromSettings } from '../../../src/providers/generateChoices';

const SETTINGS = {
  source: 'nfs', layout: 'per-ordinal', nfsServer: '', nfsPath: '/exports/{namespace}/{claim}', cephClusterID: '', cephPool: 'rbd', cephImage: '{claim}',
  cephSecretName: 'csi-rbd-secret', cephSecretNamespace: 'ceph-csi-rbd', localPath: '/mnt/disks/{claim}', localNodes: [], hostPath: '/var/lib/{set}/{claim}',
  csiDriver: '', csiHandle: '{claim}',
} as const;

describe('generate: in .statefulset-storage.yaml', () => {
  it('reads the CLI\'s flags in camelCase; nodes as a list or a string', () => {
    const c = parseConfig('/w/.statefulset-storage.yaml', 'generate:\n  source: local\n  path: /data/{claim}\n  nodes: [n1, n2]\n  clusterID: x\n');
    assert.deepEqual(c.problems, []);
    assert.deepEqual(c.generate, { source: 'local', path: '/data/{claim}', nodes: 'n1,n2', 'cluster-id': 'x' });
  });

  it('reports each bad entry at its line and keeps the rest', () => {
    const c = parseConfig('/w/.statefulset-storage.yaml', 'generate:\n  source: iscsi\n  server: ""\n  colour: blue\n  pool: fast\n');
    assert.deepEqual(c.problems.map((p) => [p.range.start.line, p.message]), [
      [1, 'generate.source must be one of nfs, ceph-rbd, local, hostPath, csi (got "iscsi")'],
      [2, 'generate.server must be a non-empty string'],
      [3, 'unknown key "colour" in generate: source, server, path, pool, clusterID, image, secret, secretNamespace, fsType, nodes, driver, handle'],
    ]);
    assert.deepEqual(c.generate, { pool: 'fast' });
    assert.match(parseConfig('/w/c.yaml', 'generate: nfs\n').problems[0].message, /generate must be a mapping/);
  });

  it('the editor proposes the config\'s kind and parameters over the settings and the detected PVs', () => {
    const g = generateChoices(SETTINGS, { detected: 'ceph-rbd', cephClusterID: 'found', config: { source: 'nfs', server: '10.0.0.9', path: '/srv/{claim}' } });
    assert.deepEqual([g.configured, g.detected, g.nfsServer, g.nfsPath, g.cephClusterID], ['nfs', undefined, '10.0.0.9', '/srv/{claim}', 'found']);
    const local = generateChoices(SETTINGS, { config: { source: 'local', path: '/data', nodes: 'a, b' } });
    assert.deepEqual([local.localPath, local.localNodes, local.nfsPath, local.hostPath], ['/data', ['a', 'b'], SETTINGS.nfsPath, SETTINGS.hostPath], 'a path belongs to its kind only');
    const none = generateChoices(SETTINGS, { detected: 'nfs', nfsServer: '10.1.1.1' });
    assert.deepEqual([none.configured, none.detected, none.nfsServer], [undefined, 'nfs', '10.1.1.1']);
  });

  it('one table: the CLI and the editor make the same source of a config, and fill the defaults alike', () => {
    for (const kind of VOLUME_SOURCE_KINDS) {
      for (const p of SOURCE_PARAMETERS[kind]) if (p.setting) assert.ok(p.setting in SETTINGS, `${kind} ${p.flag}: no editor setting ${p.setting}`);
      // every parameter, set in the config (also those the editor has no setting for: fs-type); then only the required ones
      const full: Record<string, string> = { source: kind };
      for (const p of SOURCE_PARAMETERS[kind]) full[p.flag] = p.list ? 'n1, n2' : `${kind}-${p.flag}`;
      const required = Object.fromEntries(Object.entries(full).filter(([flag]) => flag === 'source' || SOURCE_PARAMETERS[kind].find((p) => p.flag === flag)?.required));
      for (const config of [full, required]) {
        const cli = sourceFromArgs(parseArgs(['generate', 'sts.yaml'], new Set()), config);
        const editor = sourceFromSettings(kind, generateChoices({ ...SETTINGS, localNodes: [] }, { config }));
        assert.deepEqual(editor, cli, `${kind}: ${JSON.stringify(config)}`);
      }
    }
  });
});
