// The volume source parameters of "Generate PV/PVC files", checked as the API server checks a
// PersistentVolume's source (pkg/apis/core/validation/validation.go: validateNFSVolumeSource,
// validateLocalVolumeSource, validateHostPathVolumeSource, validateCSIPersistentVolumeSource), plus
// what would make a PV useless on a node: a relative path or a control character in any value.
import type { GenerateProblem } from './generateChecks';
import type { VolumeSource } from './generate';
import { dns1123LabelProblem, dns1123SubdomainProblem } from './names';

// validation.go: csiDriverNameRexpFmt (at most 63 characters)
const CSI_DRIVER = /^[a-zA-Z0-9][-a-zA-Z0-9_.]{0,61}[a-zA-Z0-9]$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

const problem = (message: string): GenerateProblem => ({ origin: 'source', message });

/** Problems of the parameters as given (before patterns are filled in). */
export function sourceParameterProblems(source: VolumeSource): GenerateProblem[] {
  const out: GenerateProblem[] = [];
  const required = (what: string, value: string | undefined) => {
    if (!value?.trim()) out.push(problem(`the ${what} is required for a ${source.kind} volume`));
  };
  for (const [what, value] of parameterValues(source)) {
    if (CONTROL.test(value)) out.push(problem(`the ${what} ${JSON.stringify(value)} contains a control character`));
  }
  switch (source.kind) {
    case 'nfs': required('NFS server', source.server); break;
    case 'ceph-rbd': {
      required('Ceph cluster ID', source.clusterID);
      required('RBD pool', source.pool);
      const secret = dns1123SubdomainProblem(source.secretName);
      if (secret) out.push(problem(`the node-stage secret name "${source.secretName}" is not a valid Secret name: ${secret}`));
      const ns = dns1123LabelProblem(source.secretNamespace);
      if (ns) out.push(problem(`the node-stage secret namespace "${source.secretNamespace}" is not a valid namespace name: ${ns}`));
      break;
    }
    case 'local':
      if (source.nodes.length === 0) out.push(problem('a local volume is reachable on one node only: name the nodes (one per ordinal, repeated when fewer)'));
      break;
    case 'hostPath': break;
    case 'csi':
      if (!CSI_DRIVER.test(source.driver)) {
        out.push(problem(`the CSI driver name "${source.driver}" is rejected by the API server: it must be 63 characters or less, of alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric character`));
      }
      break;
  }
  return out;
}

function parameterValues(source: VolumeSource): [string, string][] {
  switch (source.kind) {
    case 'nfs': return [['NFS server', source.server], ['NFS path', source.pathPattern]];
    case 'ceph-rbd': return [['Ceph cluster ID', source.clusterID], ['RBD pool', source.pool], ['RBD image', source.imagePattern], ['secret name', source.secretName], ['secret namespace', source.secretNamespace], ['fsType', source.fsType]];
    case 'local': return [['local path', source.pathPattern], ...source.nodes.map((n): [string, string] => ['node name', n])];
    case 'hostPath': return [['hostPath path', source.pathPattern]];
    case 'csi': return [['CSI driver', source.driver], ['volume handle', source.handlePattern], ['fsType', source.fsType ?? '']];
  }
}

/** Problems of one filled-in path or handle (the first claim's, say: patterns fill alike). */
export function filledValueProblem(source: VolumeSource, value: string, claim: string): GenerateProblem | undefined {
  const what = source.kind === 'nfs' ? 'NFS path' : source.kind === 'ceph-rbd' ? 'RBD image' : source.kind === 'csi' ? 'volume handle' : `${source.kind} path`;
  if (!value.trim()) return problem(`the ${what} of ${claim} is empty`);
  if (source.kind === 'ceph-rbd' || source.kind === 'csi') return undefined;
  if (!value.startsWith('/')) return problem(`the ${what} "${value}" of ${claim} must be an absolute path`);
  if (value.split('/').includes('..')) return problem(`the ${what} "${value}" of ${claim} must not contain '..'`);
  return undefined;
}
