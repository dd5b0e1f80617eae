// A Kubernetes API server for tests, over plain HTTP on 127.0.0.1: the real REST paths, verbs, Status
// errors and watch protocol on top of the simulated cluster (src/core/simulation), whose controllers run
// on real timers here. The unmodified @kubernetes/client-node and `kubectl --server` work against it.
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  ApiError, ControllerManager, ControllerOptions, errors, ObjectStore, parseSelection, RealClock, resource, resourceByPlural, SimApi,
} from '../../../src/core/simulation';
import type { KObject, ResourceType } from '../../../src/core/simulation';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, SERVER_VERSION } from './discovery';
import { Faults, Verb } from './faults';
import { openapiV3GroupVersion, openapiV3Root } from './openapi';
import { applyPatch } from './patch';
import { tableOf, wantsTable } from './tables';
import { WatchHub } from './watch';

export interface ApiServerOptions {
  readonly port?: number;
  /** controller timing; fast defaults suit tests */
  readonly controllers?: Partial<ControllerOptions>;
  /** watch history kept; older resourceVersions get 410 Expired */
  readonly historyLimit?: number;
  /** when set, a request carrying credentials must carry `Bearer <token>` (anonymous requests pass, as kubectl's over http) */
  readonly token?: string;
  /** namespaces that exist at start (default, kube-system, kube-public are always there) */
  readonly namespaces?: readonly string[];
}

export interface RequestStats {
  total: number;
  byVerb: Record<string, number>;
}

interface Route {
  readonly resource: ResourceType;
  readonly namespace?: string;
  readonly name?: string;
  readonly subresource?: 'status';
  readonly watch: boolean;
}

export const TEST_CONTROLLER_OPTIONS: ControllerOptions = { binderDelayMs: 5, statefulSetDelayMs: 5, podReadyDelayMs: 20 };

export class TestApiServer {
  readonly faults = new Faults();
  readonly stats: RequestStats = { total: 0, byVerb: {} };
  readonly clock = new RealClock();
  readonly store: ObjectStore;
  readonly api: SimApi;
  readonly controllers: ControllerManager;
  private readonly watches: WatchHub;
  private readonly http: Server;
  private stopped = false;
  url = '';

  constructor(private readonly options: ApiServerOptions = {}) {
    this.store = new ObjectStore({ clock: this.clock, historyLimit: options.historyLimit ?? 1000 });
    this.api = new SimApi(this.store, this.clock);
    this.controllers = new ControllerManager(this.api, this.clock, { ...TEST_CONTROLLER_OPTIONS, ...options.controllers });
    this.watches = new WatchHub(this.store);
    for (const ns of new Set(['default', 'kube-system', 'kube-public', ...(options.namespaces ?? [])])) {
      this.api.create(resource('namespaces'), undefined, { metadata: { name: ns } });
    }
    this.http = createServer((req, res) => { void this.handle(req, res); });
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(this.options.port ?? 0, '127.0.0.1', () => resolve());
    });
    this.url = `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
    this.controllers.start();
    return this;
  }

  /** open watch streams */
  get openWatches(): number { return this.watches.count; }

  /** Ends every open watch stream now. */
  dropWatches(): number { return this.watches.dropAll(); }

  /** Stops everything at once — also usable mid-run to simulate a server that goes away. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.controllers.stop();
    this.clock.cancelAll();
    this.watches.dropAll();
    const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.http.closeAllConnections();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.stats.total++;
    const method = req.method ?? 'GET';
    this.stats.byVerb[method] = (this.stats.byVerb[method] ?? 0) + 1;
    try {
      const body = await readBody(req);
      if (this.faults.latencyMs > 0) await new Promise((r) => setTimeout(r, this.faults.latencyMs));
      if (this.stopped) { req.socket.destroy(); return; }
      const auth = req.headers.authorization;
      if (this.options.token !== undefined && auth !== undefined && auth !== `Bearer ${this.options.token}`) throw errors.unauthorized();
      const url = new URL(req.url ?? '/', 'http://localhost');
      const discovery = this.discovery(url.pathname);
      if (discovery !== undefined) {
        if (discovery === null) throw errors.notFoundPath();
        return send(res, 200, discovery);
      }
      const route = parseRoute(url);
      if (!route) throw errors.notFoundPath();
      await this.serveResource(method, route, url, req, body, res);
    } catch (e) {
      if (res.headersSent) { res.end(); return; }
      const err = e instanceof ApiError ? e : errors.internal(e instanceof Error ? e.message : String(e));
      send(res, err.code, err.status);
    }
  }

  /** a discovery document, null for an unknown discovery path, undefined for a resource path */
  private discovery(path: string): object | null | undefined {
    const p = path.replace(/\/+$/, '') || '/';
    if (p === '/version') return SERVER_VERSION;
    if (p === '/api') return apiVersions(this.url.replace('http://', ''));
    if (p === '/apis') return apiGroupList();
    if (p.startsWith('/openapi')) return openapiDocument(p);
    if (p === '/' || p === '/healthz' || p === '/readyz') return p === '/healthz' || p === '/readyz' ? { status: 'ok' } : null;
    const parts = p.split('/').filter(Boolean);
    if (parts[0] === 'api' && parts.length === 2) return apiResourceList('', parts[1]) ?? null;
    if (parts[0] === 'apis' && parts.length === 2) return apiGroup(parts[1]) ?? null;
    if (parts[0] === 'apis' && parts.length === 3) return apiResourceList(parts[1], parts[2]) ?? null;
    return undefined;
  }

  /** GET of one object or a list, as the Table kubectl asks for (server-side printing). */
  private sendTable(res: ServerResponse, r: ResourceType, ns: string | undefined, name: string | undefined, selection: ReturnType<typeof parseSelection>): void {
    const items = name ? [this.api.get(r, ns, name)] : this.api.list(r, ns, selection).items;
    send(res, 200, tableOf(r, items, String(this.store.resourceVersion), this.clock.now()));
  }

  private async serveResource(method: string, route: Route, url: URL, req: IncomingMessage, body: string, res: ServerResponse): Promise<void> {
    const { resource: r, namespace: ns, name, subresource } = route;
    const q = url.searchParams;
    const dryRun = q.getAll('dryRun');
    if (dryRun.some((d) => d !== 'All')) throw errors.badRequest(`dryRun: Unsupported value: "${dryRun.find((d) => d !== 'All')}": supported values: "All"`);
    const opts = { dryRun: dryRun.length > 0, subresource };
    const watch = route.watch || q.get('watch') === 'true' || q.get('watch') === '1';
    const verb: Verb = method === 'GET' ? (name ? 'get' : watch ? 'watch' : 'list')
      : method === 'POST' ? 'create' : method === 'PUT' ? 'update' : method === 'PATCH' ? 'patch' : 'delete';
    const created = verb === 'create' ? checkKind(r, parseJson(req, body)) : undefined;
    const fault = this.faults.match({ verb, resource: r, namespace: ns, name: name ?? created?.metadata.name });
    if (fault) throw fault;
    const selection = parseSelection(q.get('labelSelector'), q.get('fieldSelector'));
    if ((verb === 'get' || verb === 'list') && wantsTable(req.headers.accept)) return this.sendTable(res, r, ns, name, selection);
    switch (verb) {
      case 'get': return send(res, 200, this.api.get(r, ns, name!));
      case 'list': {
        const { items, resourceVersion } = this.api.list(r, ns, selection);
        return send(res, 200, { kind: `${r.kind}List`, apiVersion: r.group ? `${r.group}/${r.version}` : r.version, metadata: { resourceVersion }, items });
      }
      case 'watch': {
        const timeout = Number(q.get('timeoutSeconds') ?? 0);
        this.watches.serve({ resource: r, namespace: ns, selection, resourceVersion: q.get('resourceVersion') ?? undefined, timeoutSeconds: timeout > 0 ? timeout : undefined },
          res, () => this.api.list(r, ns, selection).items);
        return;
      }
      case 'create': {
        if (name) throw errors.methodNotAllowed(`the server does not allow this method on the requested resource`);
        return send(res, 201, this.api.create(r, ns, created!, opts));
      }
      case 'update': return send(res, 200, this.api.update(r, ns, name!, checkKind(r, parseJson(req, body)), opts));
      case 'patch': {
        const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim();
        const current = this.api.get(r, ns, name!);
        const patched = applyPatch(contentType, current, parseBody(body));
        return send(res, 200, this.api.update(r, ns, name!, patched as KObject, opts));
      }
      case 'delete': {
        if (!name) throw errors.methodNotAllowed('deletecollection is not supported by this test API server');
        return send(res, 200, this.api.delete(r, ns, name, opts));
      }
    }
  }
}

/** /openapi/v3 and its group-version documents; null (404) for anything else, /openapi/v2 included. */
function openapiDocument(path: string): object | null {
  if (path === '/openapi/v3') return openapiV3Root();
  if (path.startsWith('/openapi/v3/')) return openapiV3GroupVersion(path.slice('/openapi/v3/'.length)) ?? null;
  return null;
}

function parseRoute(url: URL): Route | undefined {
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) { group = ''; version = parts[1]; rest = parts.slice(2); }
  else if (parts[0] === 'apis' && parts.length >= 4) { group = parts[1]; version = parts[2]; rest = parts.slice(3); }
  else return undefined;
  let watch = false;
  if (rest[0] === 'watch') { watch = true; rest = rest.slice(1); }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3 && resourceByPlural(group, version, rest[2])?.namespaced) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const r = resourceByPlural(group, version, rest[0]);
  if (!r || rest.length > 3) return undefined;
  if (rest[2] !== undefined && (rest[2] !== 'status' || !r.hasStatus)) return undefined;
  if (r.namespaced && !namespace && rest[1] !== undefined) return undefined; // a named namespaced object needs its namespace
  return { resource: r, namespace, name: rest[1], subresource: rest[2] === 'status' ? 'status' : undefined, watch };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(body: string): KObject {
  try {
    return JSON.parse(body) as KObject;
  } catch (e) {
    throw errors.badRequest(`error decoding request body: ${(e as Error).message}`);
  }
}

function parseJson(req: IncomingMessage, body: string): KObject {
  const type = (req.headers['content-type'] ?? 'application/json').split(';')[0].trim();
  if (type === 'application/vnd.kubernetes.protobuf') {
    throw errors.unsupportedMediaType('the body of the request was in an unknown format - accepted media types include: application/json, application/yaml');
  }
  const o = parseBody(body);
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw errors.badRequest('the body of the request is not a JSON object');
  o.metadata ??= {};
  return o;
}

/** a body for another kind or API version is rejected before anything else, as by the apiserver's decoder */
function checkKind(r: ResourceType, o: KObject): KObject {
  const expected = r.group ? `${r.group}/${r.version}` : r.version;
  if (o.apiVersion && o.apiVersion !== expected) throw errors.badRequest(`the API version in the data (${o.apiVersion}) does not match the expected API version (${expected})`);
  if (o.kind && o.kind !== r.kind) throw errors.badRequest(`the kind in the data (${o.kind}) does not match the expected kind (${r.kind})`);
  return o;
}

function send(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export async function startApiServer(options: ApiServerOptions = {}): Promise<TestApiServer> {
  return new TestApiServer(options).listen();
}
