// Which API versions and in-tree volume plugins Kubernetes removed, and when. One table, read by the
// removed-/deprecated-api-version and removed-/deprecated-volume-plugin rules against the profile's
// kubernetesVersion.
//
// API versions: the Kubernetes "Deprecated API Migration Guide",
// https://kubernetes.io/docs/reference/using-api/deprecation-guide/ ("Removed APIs by release"), with the
// version each replacement is available since (we warn from then on: before it there is nothing to move to).
// Volume plugins: https://kubernetes.io/docs/concepts/storage/volumes/ ("Removed volume types"): the API
// keeps the fields, but the kubelet no longer mounts them; for some, Kubernetes redirects every operation
// to a CSI driver (CSI migration), which then must be installed.

export interface ApiRemoval {
  readonly removedIn: string;
  readonly replacement: string;
  /** the replacement is served since this version */
  readonly replacementSince: string;
  /** removed without a replacement (PodSecurityPolicy) */
  readonly noReplacement?: boolean;
}

type Row = readonly [apiVersion: string, kinds: readonly string[], removedIn: string, replacement: string, replacementSince: string];

const API_ROWS: readonly Row[] = [
  // v1.16
  ['extensions/v1beta1', ['NetworkPolicy'], '1.16', 'networking.k8s.io/v1', '1.8'],
  ['extensions/v1beta1', ['DaemonSet', 'Deployment', 'ReplicaSet'], '1.16', 'apps/v1', '1.9'],
  ['apps/v1beta1', ['Deployment', 'StatefulSet', 'ReplicaSet'], '1.16', 'apps/v1', '1.9'],
  ['apps/v1beta2', ['DaemonSet', 'Deployment', 'StatefulSet', 'ReplicaSet'], '1.16', 'apps/v1', '1.9'],
  // v1.22
  ['admissionregistration.k8s.io/v1beta1', ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], '1.22', 'admissionregistration.k8s.io/v1', '1.16'],
  ['apiextensions.k8s.io/v1beta1', ['CustomResourceDefinition'], '1.22', 'apiextensions.k8s.io/v1', '1.16'],
  ['apiregistration.k8s.io/v1beta1', ['APIService'], '1.22', 'apiregistration.k8s.io/v1', '1.10'],
  ['authentication.k8s.io/v1beta1', ['TokenReview'], '1.22', 'authentication.k8s.io/v1', '1.6'],
  ['authorization.k8s.io/v1beta1', ['LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SubjectAccessReview'], '1.22', 'authorization.k8s.io/v1', '1.6'],
  ['certificates.k8s.io/v1beta1', ['CertificateSigningRequest'], '1.22', 'certificates.k8s.io/v1', '1.19'],
  ['coordination.k8s.io/v1beta1', ['Lease'], '1.22', 'coordination.k8s.io/v1', '1.14'],
  ['extensions/v1beta1', ['Ingress'], '1.22', 'networking.k8s.io/v1', '1.19'],
  ['networking.k8s.io/v1beta1', ['Ingress', 'IngressClass'], '1.22', 'networking.k8s.io/v1', '1.19'],
  ['rbac.authorization.k8s.io/v1beta1', ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], '1.22', 'rbac.authorization.k8s.io/v1', '1.8'],
  ['scheduling.k8s.io/v1beta1', ['PriorityClass'], '1.22', 'scheduling.k8s.io/v1', '1.14'],
  ['storage.k8s.io/v1beta1', ['CSIDriver'], '1.22', 'storage.k8s.io/v1', '1.19'],
  ['storage.k8s.io/v1beta1', ['CSINode'], '1.22', 'storage.k8s.io/v1', '1.17'],
  ['storage.k8s.io/v1beta1', ['StorageClass'], '1.22', 'storage.k8s.io/v1', '1.6'],
  ['storage.k8s.io/v1beta1', ['VolumeAttachment'], '1.22', 'storage.k8s.io/v1', '1.13'],
  // v1.25
  ['batch/v1beta1', ['CronJob'], '1.25', 'batch/v1', '1.21'],
  ['discovery.k8s.io/v1beta1', ['EndpointSlice'], '1.25', 'discovery.k8s.io/v1', '1.21'],
  ['events.k8s.io/v1beta1', ['Event'], '1.25', 'events.k8s.io/v1', '1.19'],
  ['autoscaling/v2beta1', ['HorizontalPodAutoscaler'], '1.25', 'autoscaling/v2', '1.23'],
  ['policy/v1beta1', ['PodDisruptionBudget'], '1.25', 'policy/v1', '1.21'],
  ['node.k8s.io/v1beta1', ['RuntimeClass'], '1.25', 'node.k8s.io/v1', '1.20'],
  // v1.26
  ['flowcontrol.apiserver.k8s.io/v1beta1', ['FlowSchema', 'PriorityLevelConfiguration'], '1.26', 'flowcontrol.apiserver.k8s.io/v1beta2', '1.23'],
  ['autoscaling/v2beta2', ['HorizontalPodAutoscaler'], '1.26', 'autoscaling/v2', '1.23'],
  // v1.27
  ['storage.k8s.io/v1beta1', ['CSIStorageCapacity'], '1.27', 'storage.k8s.io/v1', '1.24'],
  // v1.29
  ['flowcontrol.apiserver.k8s.io/v1beta2', ['FlowSchema', 'PriorityLevelConfiguration'], '1.29', 'flowcontrol.apiserver.k8s.io/v1beta3', '1.26'],
  // v1.32
  ['flowcontrol.apiserver.k8s.io/v1beta3', ['FlowSchema', 'PriorityLevelConfiguration'], '1.32', 'flowcontrol.apiserver.k8s.io/v1', '1.29'],
];

const API_REMOVALS = new Map<string, ApiRemoval>();
for (const [apiVersion, kinds, removedIn, replacement, replacementSince] of API_ROWS) {
  for (const kind of kinds) API_REMOVALS.set(`${apiVersion} ${kind}`, { removedIn, replacement, replacementSince });
}
// PodSecurityPolicy: removed in 1.25 (policy/v1beta1; extensions/v1beta1 in 1.16) with no replacement API
// (Pod Security admission, namespace labels, replaces it).
API_REMOVALS.set('policy/v1beta1 PodSecurityPolicy', { removedIn: '1.25', replacement: 'Pod Security admission (pod-security.kubernetes.io/* namespace labels)', replacementSince: '1.23', noReplacement: true });
API_REMOVALS.set('extensions/v1beta1 PodSecurityPolicy', { removedIn: '1.16', replacement: 'policy/v1beta1 (itself removed in 1.25: use Pod Security admission)', replacementSince: '1.10', noReplacement: true });

export function apiRemoval(apiVersion: string, kind: string): ApiRemoval | undefined {
  return API_REMOVALS.get(`${apiVersion} ${kind}`);
}

export interface PluginRemoval {
  /** the volume source field (`rbd`) */
  readonly plugin: string;
  readonly removedIn: string;
  /** the CSI driver Kubernetes redirects every operation to (CSI migration); absent: volumes no longer work */
  readonly redirectedTo?: string;
  /** what to use instead */
  readonly replacement: string;
  /** the in-tree dynamic provisioner of StorageClasses */
  readonly provisioner?: string;
}

const PLUGINS: readonly PluginRemoval[] = [
  { plugin: 'photonPersistentDisk', removedIn: '1.16', replacement: 'another storage', provisioner: 'kubernetes.io/photon-pd' },
  { plugin: 'scaleIO', removedIn: '1.22', replacement: 'the PowerFlex CSI driver (csi-vxflexos.dellemc.com)', provisioner: 'kubernetes.io/scaleio' },
  { plugin: 'flocker', removedIn: '1.25', replacement: 'another storage' },
  { plugin: 'quobyte', removedIn: '1.25', replacement: 'the Quobyte CSI driver (csi.quobyte.com)', provisioner: 'kubernetes.io/quobyte' },
  { plugin: 'storageos', removedIn: '1.25', replacement: 'another storage (StorageOS, now Ondat, ships a CSI driver)', provisioner: 'kubernetes.io/storageos' },
  { plugin: 'glusterfs', removedIn: '1.26', replacement: 'a CSI driver for GlusterFS, or another storage', provisioner: 'kubernetes.io/glusterfs' },
  { plugin: 'rbd', removedIn: '1.31', replacement: 'the ceph-csi driver (csi.driver: rbd.csi.ceph.com, a static PV with volumeAttributes.staticVolume: "true")', provisioner: 'kubernetes.io/rbd' },
  { plugin: 'cephfs', removedIn: '1.31', replacement: 'the ceph-csi driver (csi.driver: cephfs.csi.ceph.com)' },
  { plugin: 'cinder', removedIn: '1.26', redirectedTo: 'cinder.csi.openstack.org', replacement: 'a csi source with driver cinder.csi.openstack.org', provisioner: 'kubernetes.io/cinder' },
  { plugin: 'awsElasticBlockStore', removedIn: '1.27', redirectedTo: 'ebs.csi.aws.com', replacement: 'a csi source with driver ebs.csi.aws.com', provisioner: 'kubernetes.io/aws-ebs' },
  { plugin: 'azureDisk', removedIn: '1.27', redirectedTo: 'disk.csi.azure.com', replacement: 'a csi source with driver disk.csi.azure.com', provisioner: 'kubernetes.io/azure-disk' },
  { plugin: 'gcePersistentDisk', removedIn: '1.28', redirectedTo: 'pd.csi.storage.gke.io', replacement: 'a csi source with driver pd.csi.storage.gke.io', provisioner: 'kubernetes.io/gce-pd' },
  { plugin: 'azureFile', removedIn: '1.30', redirectedTo: 'file.csi.azure.com', replacement: 'a csi source with driver file.csi.azure.com', provisioner: 'kubernetes.io/azure-file' },
  { plugin: 'vsphereVolume', removedIn: '1.30', redirectedTo: 'csi.vsphere.vmware.com', replacement: 'a csi source with driver csi.vsphere.vmware.com', provisioner: 'kubernetes.io/vsphere-volume' },
  { plugin: 'portworxVolume', removedIn: '1.36', redirectedTo: 'pxd.portworx.com', replacement: 'a csi source with driver pxd.portworx.com', provisioner: 'kubernetes.io/portworx-volume' },
];

const BY_PLUGIN = new Map(PLUGINS.map((p) => [p.plugin, p]));
const BY_PROVISIONER = new Map(PLUGINS.filter((p) => p.provisioner).map((p) => [p.provisioner!, p]));

export function pluginRemoval(plugin: string): PluginRemoval | undefined {
  return BY_PLUGIN.get(plugin);
}

export function provisionerRemoval(provisioner: string): PluginRemoval | undefined {
  return BY_PROVISIONER.get(provisioner);
}
