// The objects this engine reasons about, read from the yaml AST with the spans of the fields
// that findings point at. Only the fields the rules need are read.
import { Document, YAMLMap } from 'yaml';
import { LabelSelector } from './labels';
import { parseQuantity, Quantity } from './quantity';
import { SourceDoc } from './source';
import { countField } from './fieldValues';
import {
  asMap, field, keysOf, mapField, nodeSpan, pairOf, quantityText, seqField, seqItems, stringField, stringList, stringMap,
} from './yamlRead';

/** A place in a document: offsets relative to the document's chunk. */
export interface Span {
  readonly src: SourceDoc;
  readonly start: number;
  readonly end: number;
}

export type Kind = 'StatefulSet' | 'PersistentVolume' | 'PersistentVolumeClaim' | 'Service' | 'StorageClass';
export const KINDS: readonly Kind[] = ['StatefulSet', 'PersistentVolume', 'PersistentVolumeClaim', 'Service', 'StorageClass'];
const CLUSTER_SCOPED = new Set<string>(['PersistentVolume', 'StorageClass']);

interface ObjectBase {
  readonly src: SourceDoc;
  readonly root: YAMLMap;
  readonly apiVersion: string;
  readonly name: string;
  /** effective namespace ("" for cluster-scoped kinds) */
  readonly namespace: string;
  /** `kind/namespace/name`, computed once (maps keyed by it hash it once) */
  readonly key: string;
  /** `namespace/name` */
  readonly nsName: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly span: Span; // the whole document
  readonly kindSpan: Span;
  readonly apiVersionSpan: Span;
  /** metadata.name's value, else the metadata key, else the kind */
  readonly nameSpan: Span;
}

export interface ClaimSpec {
  /** the effective class: beta annotation, else spec.storageClassName; undefined when neither is set (nil) */
  readonly storageClassName?: string;
  readonly classSpan?: Span;
  readonly accessModes?: readonly string[];
  readonly accessModesSpan?: Span;
  readonly storage?: Quantity;
  readonly storageText?: string;
  readonly storageSpan?: Span;
  /** undefined means Filesystem */
  readonly volumeMode?: string;
  readonly volumeModeSpan?: Span;
  readonly selector?: LabelSelector;
  readonly selectorSpan?: Span;
  readonly volumeName?: string;
  readonly volumeNameSpan?: Span;
  /** the `spec` key of the claim, for findings about missing fields */
  readonly specSpan: Span;
}

export interface StatefulSet extends ObjectBase {
  readonly kind: 'StatefulSet';
  /** 0 when the value is one the API server refuses (then `replicasProblem` says why) */
  readonly replicas: number;
  readonly replicasSpan?: Span;
  readonly replicasProblem?: string;
  readonly ordinalsStart: number;
  readonly ordinalsStartSpan?: Span;
  readonly ordinalsProblem?: string;
  readonly serviceName?: string;
  readonly serviceNameSpan?: Span;
  readonly selector?: LabelSelector;
  readonly selectorSpan?: Span;
  readonly specSpan: Span;
  readonly templateLabels: Readonly<Record<string, string>>;
  readonly templateLabelsSpan?: Span;
  /** `claim`: the volume is a persistentVolumeClaim source (which a claim template of its name replaces by design) */
  readonly podVolumes: readonly { name: string; span: Span; claim: boolean }[];
  readonly mounts: readonly { name: string; span: Span; container: string; field: 'volumeMounts' | 'volumeDevices' }[];
  readonly claimTemplates: readonly ClaimTemplate[];
  readonly podManagementPolicy: 'OrderedReady' | 'Parallel' | string;
  readonly retention: { whenDeleted: string; whenScaled: string; span?: Span };
}

export interface ClaimTemplate {
  readonly name: string;
  readonly nameSpan: Span;
  readonly span: Span;
  readonly labels: Readonly<Record<string, string>>;
  readonly spec: ClaimSpec;
}

export interface PersistentVolume extends ObjectBase {
  readonly kind: 'PersistentVolume';
  readonly capacity?: Quantity;
  readonly capacityText?: string;
  readonly capacitySpan?: Span;
  readonly accessModes: readonly string[];
  readonly accessModesSpan?: Span;
  /** effective class, "" when unset (a PV is never defaulted) */
  readonly storageClassName: string;
  readonly classSpan?: Span;
  readonly volumeMode?: string;
  /** key: `namespace/name` of the claim it reserves the PV for */
  readonly claimRef?: { name?: string; namespace?: string; uid?: string; key: string; span: Span };
  readonly reclaimPolicy?: string;
  readonly reclaimPolicySpan?: Span;
  readonly source?: { plugin: string; span: Span };
  readonly hasNodeAffinity: boolean;
  /** the backing disk a block-device source names (RBD image, cloud disk, CSI handle), for pv-shared-disk */
  readonly disk?: { readonly key: string; readonly label: string };
  readonly phase?: string;
  readonly deleting: boolean;
  readonly specSpan: Span;
}

export interface PersistentVolumeClaim extends ObjectBase {
  readonly kind: 'PersistentVolumeClaim';
  readonly spec: ClaimSpec;
  readonly phase?: string;
}

export interface Service extends ObjectBase {
  readonly kind: 'Service';
  readonly clusterIP?: string;
  readonly clusterIPSpan?: Span;
  readonly selector?: Readonly<Record<string, string>>;
  readonly selectorSpan?: Span;
  readonly specSpan: Span;
}

export interface StorageClass extends ObjectBase {
  readonly kind: 'StorageClass';
  readonly isDefault: boolean;
  readonly provisioner?: string;
  readonly volumeBindingMode: string;
}

export type K8sObject = StatefulSet | PersistentVolume | PersistentVolumeClaim | Service | StorageClass;

export const VOLUME_SOURCES = [
  'rbd', 'cephfs', 'glusterfs', 'nfs', 'csi', 'local', 'hostPath', 'iscsi', 'fc', 'awsElasticBlockStore', 'gcePersistentDisk',
  'azureDisk', 'azureFile', 'cinder', 'flexVolume', 'flocker', 'photonPersistentDisk', 'portworxVolume', 'quobyte', 'scaleIO',
  'storageos', 'vsphereVolume',
] as const;

const STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

class Reader {
  constructor(readonly src: SourceDoc) {}
  get doc(): Document { return this.src.yaml; }

  span(node: unknown, fallback: Span): Span {
    const s = nodeSpan(node as never);
    return s ? { src: this.src, start: s[0], end: s[1] } : fallback;
  }
  /** span of a key's value, falling back to the key itself (for `key:` with no value) */
  valueSpan(map: YAMLMap | undefined, key: string): Span | undefined {
    const pair = pairOf(this.doc, map, key);
    if (!pair) return undefined;
    const keySpan = this.span(pair.key, this.whole());
    return this.span(pair.value, keySpan);
  }
  keySpan(map: YAMLMap | undefined, key: string): Span | undefined {
    const pair = pairOf(this.doc, map, key);
    return pair ? this.span(pair.key, this.whole()) : undefined;
  }
  whole(): Span {
    const r = this.src.yaml.contents?.range;
    return { src: this.src, start: r?.[0] ?? 0, end: r?.[1] ?? 0 };
  }

  selector(map: YAMLMap | undefined): LabelSelector | undefined {
    if (!map) return undefined;
    const expressions = seqItems(this.doc, seqField(this.doc, map, 'matchExpressions')).flatMap((n) => {
      const m = asMap(this.doc, n);
      if (!m) return [];
      return [{
        key: stringField(this.doc, m, 'key') ?? '',
        operator: stringField(this.doc, m, 'operator') ?? '',
        values: stringList(this.doc, seqField(this.doc, m, 'values')),
      }];
    });
    return { matchLabels: stringMap(this.doc, mapField(this.doc, map, 'matchLabels')), matchExpressions: expressions };
  }

  claimSpec(spec: YAMLMap | undefined, annotations: Record<string, string>, specSpan: Span): ClaimSpec {
    const doc = this.doc;
    const annotated = annotations[STORAGE_CLASS_ANNOTATION];
    const fieldClass = pairOf(doc, spec, 'storageClassName') ? (stringField(doc, spec, 'storageClassName') ?? undefined) : undefined;
    const storageNode = field(doc, mapField(doc, mapField(doc, spec, 'resources'), 'requests'), 'storage');
    const storageText = quantityText(doc, storageNode);
    const requests = mapField(doc, mapField(doc, spec, 'resources'), 'requests');
    const selectorMap = mapField(doc, spec, 'selector');
    return {
      storageClassName: annotated ?? fieldClass,
      classSpan: this.valueSpan(spec, 'storageClassName'),
      accessModes: pairOf(doc, spec, 'accessModes') ? stringList(doc, seqField(doc, spec, 'accessModes')) : undefined,
      accessModesSpan: this.valueSpan(spec, 'accessModes'),
      storage: storageText === undefined ? undefined : parseQuantity(storageText),
      storageText,
      storageSpan: this.valueSpan(requests, 'storage'),
      volumeMode: stringField(doc, spec, 'volumeMode'),
      volumeModeSpan: this.valueSpan(spec, 'volumeMode'),
      selector: this.selector(selectorMap),
      selectorSpan: this.keySpan(spec, 'selector'),
      volumeName: stringField(doc, spec, 'volumeName') || undefined,
      volumeNameSpan: this.valueSpan(spec, 'volumeName'),
      specSpan,
    };
  }
}

/** Reads the object a document defines, if it is one of the kinds this engine knows. */
export function readObject(src: SourceDoc, defaultNamespace: string): K8sObject | undefined {
  const o = readFields(src, defaultNamespace);
  // A spread copy gets one stable, fully in-object shape. The objects built field by field below end up
  // with deprecated hidden classes (fields are undefined in some documents and objects in others), and
  // every later property read on them was ~15× slower (measured in the bench: the cross-document
  // index over 5,000 objects went from 8.7 ms to 0.6 ms with the copy).
  return o && { ...o };
}

function readFields(src: SourceDoc, defaultNamespace: string): K8sObject | undefined {
  const doc = src.yaml;
  // What the document rules' readManifest read of this very document (not of the one a kustomize copy
  // was made from): the same fields, read the same way, so they are not read twice.
  const m = src.manifest?.src === src ? src.manifest : undefined;
  const root = m ? m.root : asMap(doc, doc.contents);
  if (!root) return undefined;
  const kind = m ? m.kind : stringField(doc, root, 'kind');
  if (!kind || !(KINDS as readonly string[]).includes(kind)) return undefined;
  const r = new Reader(src);
  const whole = r.whole();
  const metadata = m ? m.metadata : mapField(doc, root, 'metadata');
  const annotations = stringMap(doc, mapField(doc, metadata, 'annotations'));
  const kindSpan = m ? m.kindSpan : (r.valueSpan(root, 'kind') ?? whole);
  const name = m ? m.name : (stringField(doc, metadata, 'name') ?? '');
  const namespace = CLUSTER_SCOPED.has(kind) ? '' : (stringField(doc, metadata, 'namespace') || defaultNamespace);
  // The fields every kind has, as locals: each kind's object below is one literal that names them all.
  // Building objects with spread (`{ ...base, kind, … }`) allocated ~12 KB per object and made reading
  // a document take twice as long (the bench's cold analysis).
  const apiVersion = m ? m.apiVersion : (stringField(doc, root, 'apiVersion') ?? '');
  const key = `${kind}/${namespace}/${name}`;
  const nsName = `${namespace}/${name}`;
  const labels = stringMap(doc, mapField(doc, metadata, 'labels'));
  const span = whole;
  const apiVersionSpan = m ? m.apiVersionSpan : (r.valueSpan(root, 'apiVersion') ?? kindSpan);
  const nameSpan = r.valueSpan(metadata, 'name') ?? r.keySpan(root, 'metadata') ?? kindSpan;
  const spec = mapField(doc, root, 'spec');
  const specSpan = r.keySpan(root, 'spec') ?? nameSpan;
  const status = mapField(doc, root, 'status');

  switch (kind) {
    case 'StatefulSet': {
      const template = mapField(doc, spec, 'template');
      const templateMeta = mapField(doc, template, 'metadata');
      const podSpec = mapField(doc, template, 'spec');
      const podVolumes = seqItems(doc, seqField(doc, podSpec, 'volumes')).flatMap((n) => {
        const m = asMap(doc, n);
        const name = stringField(doc, m, 'name');
        return m && name !== undefined ? [{ name, span: r.valueSpan(m, 'name') ?? whole, claim: pairOf(doc, m, 'persistentVolumeClaim') !== undefined }] : [];
      });
      const mounts: StatefulSet['mounts'][number][] = [];
      for (const list of ['initContainers', 'containers'] as const) {
        for (const c of seqItems(doc, seqField(doc, podSpec, list))) {
          const container = asMap(doc, c);
          const containerName = stringField(doc, container, 'name') ?? '';
          for (const f of ['volumeMounts', 'volumeDevices'] as const) {
            for (const mnode of seqItems(doc, seqField(doc, container, f))) {
              const m = asMap(doc, mnode);
              const name = stringField(doc, m, 'name');
              if (m && name !== undefined) mounts.push({ name, span: r.valueSpan(m, 'name') ?? whole, container: containerName, field: f });
            }
          }
        }
      }
      const claimTemplates = seqItems(doc, seqField(doc, spec, 'volumeClaimTemplates')).flatMap((n) => {
        const t = asMap(doc, n);
        if (!t) return [];
        const meta = mapField(doc, t, 'metadata');
        const tplSpan = r.span(t, whole);
        const nameSpan = r.valueSpan(meta, 'name') ?? r.keySpan(t, 'metadata') ?? tplSpan;
        const tplAnnotations = stringMap(doc, mapField(doc, meta, 'annotations'));
        return [{
          name: stringField(doc, meta, 'name') ?? '',
          nameSpan,
          span: tplSpan,
          labels: stringMap(doc, mapField(doc, meta, 'labels')),
          spec: r.claimSpec(mapField(doc, t, 'spec'), tplAnnotations, r.keySpan(t, 'spec') ?? nameSpan),
        }];
      });
      const retention = mapField(doc, spec, 'persistentVolumeClaimRetentionPolicy');
      const replicas = countField(doc, spec, 'replicas', 'StatefulSetSpec.spec.replicas', 'spec.replicas');
      const ordinals = mapField(doc, spec, 'ordinals');
      const start = countField(doc, ordinals, 'start', 'StatefulSetOrdinals.spec.ordinals.start', 'spec.ordinals.start');
      return {
        src, root, apiVersion, name, namespace, key, nsName, labels, annotations, span, kindSpan, apiVersionSpan, nameSpan,
        kind,
        // A set the API server refuses has no pods: nothing is predicted for it
        replicas: replicas.problem || start.problem ? 0 : (replicas.value ?? 1),
        replicasSpan: r.valueSpan(spec, 'replicas'),
        replicasProblem: replicas.problem,
        ordinalsStart: start.value ?? 0,
        ordinalsStartSpan: r.valueSpan(ordinals, 'start'),
        ordinalsProblem: start.problem,
        serviceName: stringField(doc, spec, 'serviceName'),
        serviceNameSpan: r.valueSpan(spec, 'serviceName'),
        selector: r.selector(mapField(doc, spec, 'selector')),
        selectorSpan: r.keySpan(spec, 'selector'),
        specSpan,
        templateLabels: stringMap(doc, mapField(doc, templateMeta, 'labels')),
        templateLabelsSpan: r.keySpan(templateMeta, 'labels') ?? r.keySpan(template, 'metadata') ?? r.keySpan(spec, 'template'),
        podVolumes,
        mounts,
        claimTemplates,
        podManagementPolicy: stringField(doc, spec, 'podManagementPolicy') ?? 'OrderedReady',
        retention: {
          whenDeleted: stringField(doc, retention, 'whenDeleted') ?? 'Retain',
          whenScaled: stringField(doc, retention, 'whenScaled') ?? 'Retain',
          span: r.keySpan(spec, 'persistentVolumeClaimRetentionPolicy'),
        },
      };
    }
    case 'PersistentVolume': {
      const capacityText = quantityText(doc, field(doc, mapField(doc, spec, 'capacity'), 'storage'));
      const claimRef = mapField(doc, spec, 'claimRef');
      // the PV's source as readManifest found it (the first key that names a volume source), else read here
      const read = m?.volumeSources[0];
      const sourceKey = read ? read.plugin : keysOf(doc, spec).find((k) => (VOLUME_SOURCES as readonly string[]).includes(k));
      const fieldClass = stringField(doc, spec, 'storageClassName');
      return {
        src, root, apiVersion, name, namespace, key, nsName, labels, annotations, span, kindSpan, apiVersionSpan, nameSpan,
        kind,
        capacity: capacityText === undefined ? undefined : parseQuantity(capacityText),
        capacityText,
        capacitySpan: r.valueSpan(mapField(doc, spec, 'capacity'), 'storage') ?? r.keySpan(spec, 'capacity'),
        accessModes: stringList(doc, seqField(doc, spec, 'accessModes')),
        accessModesSpan: r.valueSpan(spec, 'accessModes'),
        storageClassName: annotations[STORAGE_CLASS_ANNOTATION] ?? fieldClass ?? '',
        classSpan: r.valueSpan(spec, 'storageClassName'),
        volumeMode: stringField(doc, spec, 'volumeMode'),
        claimRef: claimRef ? {
          name: stringField(doc, claimRef, 'name'),
          namespace: stringField(doc, claimRef, 'namespace'),
          uid: stringField(doc, claimRef, 'uid'),
          key: `${stringField(doc, claimRef, 'namespace') ?? ''}/${stringField(doc, claimRef, 'name') ?? ''}`,
          span: r.keySpan(spec, 'claimRef') ?? specSpan,
        } : undefined,
        reclaimPolicy: stringField(doc, spec, 'persistentVolumeReclaimPolicy'),
        reclaimPolicySpan: r.valueSpan(spec, 'persistentVolumeReclaimPolicy'),
        source: sourceKey ? { plugin: sourceKey, span: read ? read.span : (r.keySpan(spec, sourceKey) ?? specSpan) } : undefined,
        hasNodeAffinity: pairOf(doc, spec, 'nodeAffinity') !== undefined,
        disk: sourceKey ? diskOf(doc, sourceKey, mapField(doc, spec, sourceKey)) : undefined,
        phase: stringField(doc, status, 'phase'),
        deleting: pairOf(doc, metadata, 'deletionTimestamp') !== undefined,
        specSpan,
      };
    }
    case 'PersistentVolumeClaim':
      return {
        src, root, apiVersion, name, namespace, key, nsName, labels, annotations, span, kindSpan, apiVersionSpan, nameSpan,
        kind, spec: r.claimSpec(spec, annotations, specSpan), phase: stringField(doc, status, 'phase'),
      };
    case 'Service': {
      const selector = mapField(doc, spec, 'selector');
      return {
        src, root, apiVersion, name, namespace, key, nsName, labels, annotations, span, kindSpan, apiVersionSpan, nameSpan,
        kind,
        clusterIP: stringField(doc, spec, 'clusterIP'),
        clusterIPSpan: r.valueSpan(spec, 'clusterIP'),
        selector: selector ? stringMap(doc, selector) : undefined,
        selectorSpan: r.keySpan(spec, 'selector'),
        specSpan,
      };
    }
    case 'StorageClass':
      return {
        src, root, apiVersion, name, namespace, key, nsName, labels, annotations, span, kindSpan, apiVersionSpan, nameSpan,
        kind,
        isDefault: annotations['storageclass.kubernetes.io/is-default-class'] === 'true'
          || annotations['storageclass.beta.kubernetes.io/is-default-class'] === 'true',
        provisioner: stringField(doc, root, 'provisioner'),
        volumeBindingMode: stringField(doc, root, 'volumeBindingMode') ?? 'Immediate',
      };
  }
  return undefined;
}

/**
 * The disk a writable block-device source names: two PVs naming one are two volumes to Kubernetes, which
 * lets a pod mount each. File shares (nfs, cephfs, glusterfs…) are meant to be shared and have none.
 */
function diskOf(doc: Document, plugin: string, source: YAMLMap | undefined): { key: string; label: string } | undefined {
  if (!source || stringField(doc, source, 'readOnly') === 'true') return undefined;
  const f = (k: string) => stringField(doc, source, k);
  let id: string | undefined;
  let label: string | undefined;
  switch (plugin) {
    case 'rbd': {
      const image = f('image');
      if (image) { id = `${f('pool') ?? 'rbd'}/${image}`; label = `RBD image ${id}`; }
      break;
    }
    case 'gcePersistentDisk': id = f('pdName'); label = id && `GCE disk ${id}`; break;
    case 'awsElasticBlockStore': id = f('volumeID'); label = id && `EBS volume ${id}`; break;
    case 'azureDisk': id = f('diskURI') ?? f('diskName'); label = id && `Azure disk ${id}`; break;
    case 'cinder': id = f('volumeID'); label = id && `Cinder volume ${id}`; break;
    case 'iscsi': {
      const iqn = f('iqn');
      if (iqn) { id = `${f('targetPortal') ?? ''}/${iqn}/${f('lun') ?? ''}`; label = `iSCSI LUN ${id}`; }
      break;
    }
    case 'csi': {
      const driver = f('driver');
      const handle = f('volumeHandle');
      if (driver && handle) { id = `${driver}/${handle}`; label = `volumeHandle ${handle} of CSI driver ${driver}`; }
      break;
    }
  }
  return id && label ? { key: `${plugin}:${id}`, label } : undefined;
}
