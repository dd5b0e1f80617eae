// Quick fixes, selected by the finding's code (as in the code-actions sample: the diagnostic's code
// picks its fix). Each returns plain edits, or a command for fixes that need the user's choices.
import { Analysis } from './analysis';
import { Fix, insertEntry, renderEntry, replaceSpan } from './edits';
import { Finding } from './findings';
import { K8sObject, StatefulSet } from './model';
import { Position } from './position';
import { asMap, mapField, pairOf } from './yamlRead';

export interface CommandFix {
  readonly title: string;
  readonly command: 'generateVolumes';
  readonly args: { readonly file: string; readonly namespace: string; readonly name: string; readonly ordinals: 'all' | 'missing' };
}

const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);

/** The object whose document contains the finding's start. */
export function objectAt(analysis: Analysis, file: string, pos: Position): K8sObject | undefined {
  return analysis.index.objects.find((o) => {
    if (o.src.file !== file) return false;
    const r = o.src.rangeOf(o.span.start, o.span.end);
    return before(r.start, pos) && before(pos, r.end);
  });
}

function selectorEntry(set: StatefulSet): Record<string, unknown> {
  return { matchLabels: { ...set.templateLabels } };
}

function addSelector(set: StatefulSet): Fix['edits'] {
  if (set.selector && Object.keys(set.selector.matchLabels).length + set.selector.matchExpressions.length > 0) return [];
  if (Object.keys(set.templateLabels).length === 0) return [];
  const spec = mapField(set.src.yaml, set.root, 'spec');
  if (!spec) return [];
  const existing = pairOf(set.src.yaml, spec, 'selector');
  if (existing) {
    const r = (existing.value as { range?: number[] } | null)?.range;
    const keyRange = (existing.key as { range?: number[] }).range!;
    const start = keyRange[0];
    const end = r ? r[1] : keyRange[1];
    return [replaceSpan(set.src, start, end, renderEntry('selector', selectorEntry(set), ' '.repeat(set.src.rangeOf(start, start).start.character)).trimEnd())];
  }
  return [insertEntry(set.src, spec, 'selector', selectorEntry(set))];
}

export function fixesFor(finding: Finding, analysis: Analysis): (Fix | CommandFix)[] {
  const o = objectAt(analysis, finding.file, finding.range.start);
  if (!o) return [];
  switch (finding.code) {
    case 'removed-api-version': {
      const replacement = finding.data?.replacement;
      if (!replacement) return [];
      const edits = [replaceSpan(o.src, o.apiVersionSpan.start, o.apiVersionSpan.end, replacement)];
      if (o.kind === 'StatefulSet') edits.push(...addSelector(o));
      return [{ title: `Change apiVersion to ${replacement}${o.kind === 'StatefulSet' ? ' (and add the selector)' : ''}`, edits, creates: [], preferred: true }];
    }
    case 'selector-missing':
      return o.kind === 'StatefulSet' && addSelector(o).length
        ? [{ title: 'Add spec.selector from the template labels', edits: addSelector(o), creates: [], preferred: true }] : [];
    case 'mount-unknown-volume': {
      const suggestion = finding.data?.suggestion;
      if (!suggestion || o.kind !== 'StatefulSet') return [];
      const mount = o.mounts.find((m) => sameStart(o.src.rangeOf(m.span.start, m.span.end).start, finding.range.start));
      if (!mount) return [];
      return [{ title: `Rename to "${suggestion}"`, edits: [replaceSpan(o.src, mount.span.start, mount.span.end, suggestion)], creates: [], preferred: true }];
    }
    case 'storage-class-unset': {
      const claim = analysis.prediction.claims.find((c) => {
        const s = c.spec.specSpan;
        return s.src.file === finding.file && sameStart(s.src.rangeOf(s.start, s.end).start, finding.range.start);
      });
      if (!claim) return [];
      const owner = claim.pvc ?? claim.set;
      if (!owner) return [];
      const doc = owner.src.yaml;
      let spec;
      if (claim.pvc) spec = mapField(doc, claim.pvc.root, 'spec');
      else {
        const templates = mapField(doc, claim.set!.root, 'spec');
        const list = templates && (pairOf(doc, templates, 'volumeClaimTemplates')?.value as { items?: unknown[] } | undefined);
        const i = claim.set!.claimTemplates.indexOf(claim.template!);
        spec = mapField(doc, asMap(doc, list?.items?.[i]), 'spec');
      }
      if (!spec) return [];
      return [{ title: 'Set storageClassName: "" (bind only pre-created volumes)', edits: [insertEntry(owner.src, spec, 'storageClassName', '')], creates: [], preferred: true }];
    }
    case 'reclaim-policy-recycle':
      return o.kind === 'PersistentVolume' && o.reclaimPolicySpan
        ? [{ title: 'Change the reclaim policy to Retain', edits: [replaceSpan(o.src, o.reclaimPolicySpan.start, o.reclaimPolicySpan.end, 'Retain')], creates: [], preferred: true }] : [];
    case 'service-not-found': {
      if (o.kind !== 'StatefulSet' || !o.serviceName) return [];
      const service = {
        apiVersion: 'v1', kind: 'Service',
        metadata: { name: o.serviceName, ...(o.namespace !== analysis.index.defaultNamespace ? { namespace: o.namespace } : {}), labels: { ...o.templateLabels } },
        spec: { clusterIP: 'None', selector: { ...o.templateLabels }, ports: [{ port: 80, name: 'web' }] },
      };
      const start = o.span.start;
      const lineStart = o.src.chunk.text.lastIndexOf('\n', start - 1) + 1;
      const text = renderDocument(service);
      return [{ title: `Create headless Service "${o.serviceName}" before the StatefulSet`, edits: [replaceSpan(o.src, lineStart, lineStart, `${text}---\n`)], creates: [], preferred: true }];
    }
    case 'removed-volume-plugin': {
      if (o.kind !== 'PersistentVolume' || o.source?.plugin !== 'rbd') return [];
      const doc = o.src.yaml;
      const spec = mapField(doc, o.root, 'spec');
      const pair = pairOf(doc, spec, 'rbd');
      const rbd = asMap(doc, pair?.value);
      if (!pair || !rbd) return [];
      const js = rbd.toJSON() as Record<string, unknown>;
      const secret = (js.secretRef as { name?: string } | undefined)?.name ?? 'csi-rbd-secret';
      const csi = {
        driver: 'rbd.csi.ceph.com',
        fsType: js.fsType ?? 'ext4',
        volumeHandle: js.image ?? o.name,
        volumeAttributes: { clusterID: 'CEPH-CLUSTER-ID', pool: js.pool ?? 'rbd', staticVolume: 'true', imageFeatures: 'layering' },
        nodeStageSecretRef: { name: secret, namespace: analysis.index.defaultNamespace },
      };
      const keyStart = (pair.key as { range: number[] }).range[0];
      const valueEnd = rbd.range![1];
      const indent = ' '.repeat(o.src.rangeOf(keyStart, keyStart).start.character);
      return [{
        title: 'Replace the in-tree rbd source with a ceph-csi static volume (set clusterID)',
        edits: [replaceSpan(o.src, keyStart, valueEnd, renderEntry('csi', csi, indent).trimEnd() + '\n')],
        creates: [], preferred: true,
      }];
    }
    case 'pvc-missing':
    case 'pvc-unbindable':
    case 'pv-contended': {
      const set = finding.data?.set ? analysis.index.statefulSets().find((s) => s.name === finding.data!.set && s.namespace === finding.data!.namespace) : undefined;
      if (!set) return [];
      return [{ title: `Generate PV/PVC files for ${set.name}…`, command: 'generateVolumes', args: { file: set.src.file, namespace: set.namespace, name: set.name, ordinals: finding.code === 'pvc-missing' ? 'missing' : 'all' } }];
    }
  }
  return [];
}

function sameStart(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}

function renderDocument(value: object): string {
  return Object.entries(value).map(([k, v]) => renderEntry(k, v, '')).join('\n') + '\n';
}
