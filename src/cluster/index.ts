// Talking to a cluster: kubeconfig selection, the client, and the ordered provisioner.
export { ClusterClient } from './client';
export type { KObject, ObjectRef } from './client';
export { formatDrift } from './compare';
export { ClusterError, CancelledError } from './errors';
export { describeTarget, loadTarget } from './kubeconfig';
export type { ClusterTarget, TargetDescription, TargetOptions } from './kubeconfig';
export { provision } from './provisioner';
export { formatProblem, preflight, preflightVerdict } from './preflight';
export type { PreflightProblem, PreflightResult, PreflightVerdict } from './preflight';
export type { ManualStep, ManualStepResult, ProvisionOptions } from './provisioner';
export type { Outcome, PodReport, ProgressEvent, ProvisionReport, StepReport } from './report';
export { readClusterSnapshot } from './snapshot';
export type { SnapshotOptions } from './snapshot';
