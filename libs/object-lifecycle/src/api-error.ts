/** A Kubernetes `metav1.Status` failure, with the HTTP code it is served with. */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** Thrown anywhere in request handling; the HTTP adapter serves its status as is. */
export class ApiError extends Error {
  constructor(readonly status: Status) {
    super(status.message);
    this.name = 'ApiError';
  }

  get code(): number {
    return this.status.code;
  }
}

function failure(code: number, reason: string, message: string, details?: StatusDetails): ApiError {
  return new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details, code });
}

/** `deployments.apps` / `pods`: how upstream names a resource in messages. */
export function qualifiedResource(group: string, resource: string): string {
  return group ? `${resource}.${group}` : resource;
}

export const errors = {
  notFound: (group: string, resource: string, name: string) =>
    failure(404, 'NotFound', `${qualifiedResource(group, resource)} "${name}" not found`, { name, group: group || undefined, kind: resource }),
  alreadyExists: (group: string, resource: string, name: string) =>
    failure(409, 'AlreadyExists', `${qualifiedResource(group, resource)} "${name}" already exists`, { name, group: group || undefined, kind: resource }),
  conflict: (group: string, resource: string, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again') =>
    failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(group, resource)} "${name}": ${why}`, { name, group: group || undefined, kind: resource }),
  invalid: (kind: string, group: string, name: string, message: string, causes: StatusCause[]) =>
    failure(422, 'Invalid', message, { name, group: group || undefined, kind, causes }),
  badRequest: (message: string, causes?: StatusCause[]) => failure(400, 'BadRequest', message, causes ? { causes } : undefined),
  unauthorized: () => failure(401, 'Unauthorized', 'Unauthorized'),
  forbidden: (group: string, resource: string, name: string, why: string) =>
    failure(403, 'Forbidden', `${qualifiedResource(group, resource)} "${name}" is forbidden: ${why}`, { name, group: group || undefined, kind: resource }),
  pathNotFound: () => failure(404, 'NotFound', 'the server could not find the requested resource', {}),
  /** A verb the resource does not serve at all (a get of a review, say): upstream registers no route for it. */
  methodNotAllowed: () => failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {}),
  methodNotSupported: (resource: string, verb: string) =>
    failure(405, 'MethodNotAllowed', `${verb} is not supported on resources of kind "${resource}"`, { kind: resource }),
  notAcceptable: (accept: string) => failure(406, 'NotAcceptable', `only the following media types are accepted: application/json, application/yaml (not ${accept})`),
  unsupportedMediaType: (contentType: string) =>
    failure(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (got ${contentType})`),
  tooLarge: (limit: number) => failure(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`),
  /** Upstream NewTooManyRequests: `retryAfterSeconds` (0: none) is what a client should wait, served as Retry-After too. */
  tooManyRequests: (message: string, causes: StatusCause[], retryAfterSeconds = 0) =>
    failure(429, 'TooManyRequests', message, { causes, ...(retryAfterSeconds > 0 ? { retryAfterSeconds } : {}) }),
  gone: (message: string) => failure(410, 'Expired', message),
  serviceUnavailable: (message: string) => failure(503, 'ServiceUnavailable', message),
  internal: (message: string) => failure(500, 'InternalError', `Internal error occurred: ${message}`),
  /** Upstream NewTimeoutError: its details are there even when they say nothing (`details: {}`). */
  /** A read at a log position the server has not reached within its wait (upstream's watch cache waits 3 s). */
  tooLargeResourceVersion: (asked: number, current: number) =>
    failure(504, 'Timeout', `Timeout: Too large resource version: ${asked}, current: ${current}`, {
      causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
      retryAfterSeconds: 1,
    }),
  timeout: (message: string, retryAfterSeconds = 0) => failure(504, 'Timeout', `Timeout: ${message}`, retryAfterSeconds > 0 ? { retryAfterSeconds } : {}),
};

export function successStatus(details: StatusDetails): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details, code: 200 };
}
