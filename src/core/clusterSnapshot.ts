// What a live cluster held when it was last read (opt-in: `check --live`, setting
// statefulsetStorage.cluster.readLive). Plain JSON data, so it crosses a worker boundary and a cache
// unchanged; src/cluster reads it, the core only consumes it and never asks the cluster anything.
// The analysis always uses the last snapshot taken: reading a cluster is never on the typing path.

/** A Kubernetes object as the API server returned it (JSON), metadata.managedFields dropped. */
export interface LiveObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata: {
    readonly name?: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly [key: string]: unknown;
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly spec?: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly status?: any;
}

export interface ClusterSnapshot {
  /** the kube context it was read through */
  readonly context: string;
  /** when it was read (ISO 8601), shown with it when the cluster is unreachable later */
  readonly takenAt: string;
  /** GET /version, as "MAJOR.MINOR" */
  readonly kubernetesVersion: string;
  readonly storageClasses: readonly LiveObject[];
  /** cluster-scoped: all of them */
  readonly persistentVolumes: readonly LiveObject[];
  /** only of `namespaces` */
  readonly persistentVolumeClaims: readonly LiveObject[];
  /** only of `namespaces` */
  readonly statefulSets: readonly LiveObject[];
  /** the namespaces whose claims and StatefulSets were read: absence elsewhere means nothing */
  readonly namespaces: readonly string[];
}
