// The only code that sends requests to an API server: @kubernetes/client-node's generic object API and
// its Watch, loaded lazily so that activating the extension never pays for the client. Results are plain
// JSON (the client's typed models are flattened back), failures are ClusterErrors with secrets redacted.
import type { KubernetesObjectApi, VersionApi, Watch } from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import { abortable, ClusterError } from './errors';
import { ClusterTarget } from './kubeconfig';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface KObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name?: string; namespace?: string; resourceVersion?: string; uid?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [k: string]: unknown };
  spec?: Json;
  status?: Json;
  [key: string]: unknown;
}

export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string | null;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchHandle {
  /** resolves when the stream ends (server closed it, network error); never rejects */
  readonly done: Promise<Error | null>;
  stop(): void;
}

/** APIs removed from Kubernetes that manifests still use; a hint for the 404 a server gives them. */
const REMOVED: Record<string, string> = {
  'apps/v1beta1': 'apps/v1 (removed in Kubernetes 1.16)',
  'apps/v1beta2': 'apps/v1 (removed in Kubernetes 1.16)',
  'extensions/v1beta1': 'apps/v1 (removed in Kubernetes 1.16)',
  'storage.k8s.io/v1beta1': 'storage.k8s.io/v1 (removed in Kubernetes 1.22)',
};

const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export class ClusterClient {
  private constructor(
    readonly target: ClusterTarget,
    private readonly api: KubernetesObjectApi,
    private readonly watcher: Watch,
    private readonly versionApi: VersionApi,
  ) {}

  static async connect(target: ClusterTarget): Promise<ClusterClient> {
    const k8s = await import('@kubernetes/client-node');
    try {
      return new ClusterClient(target, k8s.KubernetesObjectApi.makeApiClient(target.kubeConfig), new k8s.Watch(target.kubeConfig), target.kubeConfig.makeApiClient(k8s.VersionApi));
    } catch (e) {
      throw new ClusterError('Config', target.redactor.redact(`cannot use context "${target.context}": ${(e as Error).message}`));
    }
  }

  /**
   * The same target, with every request aborted by `signal` for real: the connection is closed, not only
   * the promise dropped, so a server that accepts and never answers cannot keep the process alive.
   */
  async withSignal(signal: AbortSignal): Promise<ClusterClient> {
    const k8s = await import('@kubernetes/client-node');
    const kc = this.target.kubeConfig;
    try {
      const config = k8s.createConfiguration({
        baseServer: new k8s.ServerConfiguration(kc.getCurrentCluster()!.server, {}),
        authMethods: { default: kc },
        promiseMiddleware: [{ pre: (ctx) => { ctx.setSignal(signal); return Promise.resolve(ctx); }, post: (rsp) => Promise.resolve(rsp) }],
      });
      // every request names its namespace, so the context's default namespace is not needed here
      return new ClusterClient(this.target, new k8s.KubernetesObjectApi(config), this.watcher, new k8s.VersionApi(config));
    } catch (e) {
      throw new ClusterError('Config', this.target.redactor.redact(`cannot use context "${this.target.context}": ${(e as Error).message}`));
    }
  }

  /** GET /version, as "MAJOR.MINOR" (a "+" some providers append to the minor is dropped). */
  async version(signal?: AbortSignal): Promise<string> {
    try {
      const v = plain(await abortable(this.versionApi.getCode(), signal)) as { major?: string; minor?: string; gitVersion?: string };
      const minor = /^\d+/.exec(v.minor ?? '')?.[0];
      if (v.major && minor) return `${v.major.replace(/\D+$/, '')}.${minor}`;
      const git = /^v?(\d+)\.(\d+)/.exec(v.gitVersion ?? '');
      if (git) return `${git[1]}.${git[2]}`;
      throw new ClusterError('ClientError', `the API server's /version names no version (${JSON.stringify(v).slice(0, 200)})`);
    } catch (e) {
      throw this.error(e, { apiVersion: 'v1', kind: 'version', name: 'version' });
    }
  }

  private spec(ref: ObjectRef): Json {
    return { apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) } };
  }

  /** The object, or undefined when it does not exist (404). */
  async get(ref: ObjectRef, signal?: AbortSignal): Promise<KObject | undefined> {
    try {
      return plain(await abortable(this.api.read(this.spec(ref)), signal)) as KObject;
    } catch (e) {
      const err = this.error(e, ref);
      if (err.code === 404 && err.reason === 'NotFound' && !err.message.startsWith('the server does not serve')) return undefined;
      throw err;
    }
  }

  async list(apiVersion: string, kind: string, namespace: string | undefined, selectors: { label?: string; field?: string } = {}, signal?: AbortSignal): Promise<{ items: KObject[]; resourceVersion: string }> {
    try {
      const list = plain(await abortable(this.api.list(apiVersion, kind, namespace, undefined, undefined, undefined, selectors.field, selectors.label), signal)) as Json;
      return { items: (list.items ?? []).map((i: KObject) => ({ apiVersion, kind, ...i })), resourceVersion: String(list.metadata?.resourceVersion ?? '') };
    } catch (e) {
      throw this.error(e, { apiVersion, kind, name: '', namespace });
    }
  }

  async create(obj: KObject, dryRun: boolean, signal?: AbortSignal): Promise<KObject> {
    try {
      return plain(await abortable(this.api.create(obj as Json, undefined, dryRun ? 'All' : undefined, 'statefulset-storage'), signal)) as KObject;
    } catch (e) {
      throw this.error(e, refOf(obj));
    }
  }

  /** PUT with the object's resourceVersion: a concurrent change is a 409 Conflict, not a lost update. */
  async replace(obj: KObject, dryRun: boolean, signal?: AbortSignal): Promise<KObject> {
    try {
      return plain(await abortable(this.api.replace(obj as Json, undefined, dryRun ? 'All' : undefined, 'statefulset-storage'), signal)) as KObject;
    } catch (e) {
      throw this.error(e, refOf(obj));
    }
  }

  /** Streams events of a collection from `resourceVersion`; the caller re-lists when it ends. */
  async watch(path: string, query: Record<string, string>, onEvent: (type: WatchEventType, object: Json) => void): Promise<WatchHandle> {
    let finish!: (e: Error | null) => void;
    const done = new Promise<Error | null>((resolve) => { finish = resolve; });
    try {
      const controller = await this.watcher.watch(path, query, (type, object) => onEvent(type as WatchEventType, object), (err: unknown) => finish(err ? (err as Error) : null));
      return { done, stop: () => controller.abort() };
    } catch (e) {
      throw this.error(e, { apiVersion: 'v1', kind: path, name: '' });
    }
  }

  /** A client-node failure as a ClusterError with the API's reason, and no secret in its message. */
  error(e: unknown, ref: ObjectRef): ClusterError {
    const redact = (s: string) => this.target.redactor.redact(s);
    if (e instanceof ClusterError) return e;
    const err = e as { code?: unknown; body?: unknown; message?: string; name?: string; type?: string; errno?: string };
    if (typeof err.code === 'number') {
      const status = parseStatus(err.body);
      if ((err.code === 404 && err.message?.startsWith('Failed to fetch resource metadata')) || (status?.code === 404 && status?.message === 'the server could not find the requested resource' && !ref.name)) {
        const hint = REMOVED[ref.apiVersion] ? `; use ${REMOVED[ref.apiVersion]}` : '';
        return new ClusterError('NotFound', redact(`the server does not serve ${ref.apiVersion} ${ref.kind} (${err.code} from discovery)${hint}`), err.code);
      }
      const reason = status?.reason || (err.code === 401 ? 'Unauthorized' : err.code === 403 ? 'Forbidden' : `HTTP${err.code}`);
      const message = status?.message || (err.code === 401 ? 'Unauthorized: the server rejected the credentials of this context' : `the server answered ${err.code}`);
      return new ClusterError(reason, redact(message), err.code);
    }
    if (err.message?.startsWith('Unrecognized API version and kind')) {
      return new ClusterError('NotFound', redact(`the server does not serve ${ref.apiVersion} ${ref.kind}`), 404);
    }
    if (err.name === 'FetchError' || err.type === 'system' || err.errno) {
      const cause = err.errno ?? (err.message ?? '').replace(/^.*reason: /, '');
      return new ClusterError('Unreachable', redact(`cannot reach the API server at ${this.target.server} (${cause})`));
    }
    return new ClusterError('ClientError', redact(err.message ?? String(e)));
  }
}

export function refOf(o: KObject): ObjectRef {
  return { apiVersion: o.apiVersion ?? 'v1', kind: o.kind ?? '', name: o.metadata?.name ?? '', namespace: o.metadata?.namespace };
}

/** The Status in an ApiException body: client-node gives it as a string, an object, or not at all (401). */
export function parseStatus(body: unknown): { reason?: string; message?: string; code?: number; details?: Json } | undefined {
  let v = body;
  if (typeof v === 'string') {
    try { v = JSON.parse(v); } catch { return undefined; }
  }
  return v && typeof v === 'object' && (v as Json).kind === 'Status' ? (v as Json) : undefined;
}

/** The collection path of a kind, for watches (`/api/v1/namespaces/ns/pods`). */
export function collectionPath(apiVersion: string, plural: string, namespace?: string): string {
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  return namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${plural}` : `${base}/${plural}`;
}
