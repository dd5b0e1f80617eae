// The editor sends an open file's edits as change ranges. A `.statefulset-storage.yaml` is no manifest
// (the Project keeps its text apart): its changes are applied to its text, so that an unsaved edit of
// the target cluster changes the analysis as a saved one does.
import { strict as assert } from 'node:assert';
import { EngineService } from '../../../src/core/service/engineService';
import type { AnalyzeResult, Mutation } from '../../../src/core/service/protocol';
import { statefulSet } from '../helpers/analyze';
import { applyFileDelta } from '../../../src/core/service/diagnosticsDelta';
import type { Finding } from '../../../src/core/findings';

describe('engine service: config file edits', () => {
  it('applies change ranges of .statefulset-storage.yaml', () => {
    const service = new EngineService();
    let version = 0;
    const mutate = (mutation: Mutation) => service.receive({ kind: 'mutate', version: ++version, mutation });
    const mirror = new Map<string, Finding[]>();
    const codes = () => {
      const [answer] = service.receive({ kind: 'request', id: version, request: { type: 'analyze', dirty: [], render: false } });
      if (answer?.kind !== 'result') assert.fail(`an analysis answer in one message, got ${answer?.kind}`);
      for (const d of (answer.result as AnalyzeResult).changed) mirror.set(d.file, applyFileDelta(mirror.get(d.file), d.items));
      return (mirror.get('file:///ws/sts.yaml') ?? []).map((f) => f.code).filter((c) => c.endsWith('api-version'));
    };
    const config = 'kubernetesVersion: "1.36"\n';
    mutate({ type: 'setFile', file: 'file:///ws/.statefulset-storage.yaml', text: config });
    mutate({ type: 'setFile', file: 'file:///ws/sts.yaml', text: statefulSet({ name: 'web', service: 'missing' }).replace('apps/v1', 'apps/v1beta2') });
    assert.deepEqual(codes(), ['removed-api-version'], 'apps/v1beta2 is gone in 1.36');
    // 1.36 → 1.15, typed into the open config file: apps/v1beta2 still exists there
    mutate({ type: 'applyChanges', file: 'file:///ws/.statefulset-storage.yaml', changes: [{ offset: config.indexOf('36'), deleteCount: 2, text: '15' }] });
    assert.deepEqual(codes(), ['deprecated-api-version'], 'the edited config file was applied: 1.15 still serves apps/v1beta2');
  });
});
