// API errors as the apiserver reports them: a Status object with the reason, code and message that
// k8s.io/apimachinery/pkg/api/errors/errors.go produces, so clients see exactly what a real server sends.
import { qualifiedKind, qualifiedResource, ResourceType } from './resources';

export interface StatusCause { reason: string; message: string; field: string }

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[]; retryAfterSeconds?: number };
  code: number;
}

export class ApiError extends Error {
  constructor(readonly status: Status) {
    super(status.message);
  }
  get code(): number { return this.status.code; }
  get reason(): string { return this.status.reason; }
}

function make(code: number, reason: string, message: string, details?: Status['details']): ApiError {
  return new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code });
}

const gk = (r: ResourceType) => ({ group: r.group || undefined, kind: r.plural });

export const errors = {
  notFound: (r: ResourceType, name: string) => make(404, 'NotFound', `${qualifiedResource(r)} "${name}" not found`, { name, ...gk(r) }),
  alreadyExists: (r: ResourceType, name: string) => make(409, 'AlreadyExists', `${qualifiedResource(r)} "${name}" already exists`, { name, ...gk(r) }),
  conflict: (r: ResourceType, name: string) => make(409, 'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(r)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, ...gk(r) }),
  invalid: (r: ResourceType, name: string, causes: StatusCause[]) => {
    const list = causes.map((c) => `${c.field}: ${c.message}`);
    const text = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
    return make(422, 'Invalid', `${qualifiedKind(r)} "${name}" is invalid: ${text}`, { name, group: r.group || undefined, kind: r.kind, causes });
  },
  badRequest: (message: string) => make(400, 'BadRequest', message),
  unprocessable: (message: string) => make(422, 'Invalid', message),
  forbidden: (message: string) => make(403, 'Forbidden', message),
  unauthorized: () => make(401, 'Unauthorized', 'Unauthorized'),
  expired: (message: string) => make(410, 'Expired', message),
  methodNotAllowed: (message: string) => make(405, 'MethodNotAllowed', message),
  unsupportedMediaType: (message: string) => make(415, 'UnsupportedMediaType', message),
  internal: (message: string) => make(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ reason: '', message, field: '' }] }),
  notFoundPath: () => make(404, 'NotFound', 'the server could not find the requested resource'),
  namespaceNotFound: (ns: string) => make(404, 'NotFound', `namespaces "${ns}" not found`, { name: ns, kind: 'namespaces' }),
};

/** Field error texts of k8s.io/apimachinery/pkg/util/validation/field. */
export const field = {
  required: (path: string, detail = ''): StatusCause => ({ reason: 'FieldValueRequired', field: path, message: detail ? `Required value: ${detail}` : 'Required value' }),
  invalid: (path: string, value: unknown, detail: string): StatusCause => ({ reason: 'FieldValueInvalid', field: path, message: `Invalid value: ${JSON.stringify(value)}: ${detail}` }),
  forbidden: (path: string, detail: string): StatusCause => ({ reason: 'FieldValueForbidden', field: path, message: `Forbidden: ${detail}` }),
  notSupported: (path: string, value: unknown, valid: readonly string[]): StatusCause => ({
    reason: 'FieldValueNotSupported', field: path, message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${valid.map((v) => `"${v}"`).join(', ')}`,
  }),
};
