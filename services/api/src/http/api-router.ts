import { randomUUID } from 'node:crypto';
import type { Logger } from '@kronicle/service-kit';
import { Counter, Histogram, type Registry } from 'prom-client';
import { parseRequestTarget } from '../request/request-target';
import { ADMIN_USER, bearerToken, isAuthorized, type UserInfo } from '../security/bearer-token';
import { actingUser } from '../security/impersonation';
import { ApiError, errors } from '@kronicle/object-lifecycle';
import { handleDiscovery } from './discovery-handler';
import type { KubeRequest, KubeResponse } from './kube-request';
import type { ResourceHandler } from './resource-handler';
import { statusResponse } from './responses';

export interface IncomingRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body?: Buffer;
}

/** Paths anyone may read, as upstream's system:public-info-viewer allows. */
const publicPaths = new Set(['/healthz', '/livez', '/readyz', '/version', '/metrics']);

/**
 * The API's front door: authentication, health, discovery, then resources. Framework-free so the
 * Nest adapter stays thin and this can be exercised directly.
 */
export class ApiRouter {
  private readonly requests: Counter<'verb' | 'resource' | 'code'>;
  private readonly durations: Histogram<'verb' | 'resource'>;
  /** Set once the projection has read the log: until then only health and discovery are served. */
  private resources?: ResourceHandler;

  constructor(
    private readonly options: {
      token: string;
      /** The user another bearer token (a service account's) authenticates, if any. */
      authenticateToken?: (token: string) => Promise<UserInfo | undefined>;
      serverAddress: string;
      registry: Registry;
      logger: Logger;
    },
  ) {
    this.requests = new Counter({ name: 'apiserver_request_total', help: 'API requests by verb, resource and HTTP code', labelNames: ['verb', 'resource', 'code'], registers: [options.registry] });
    this.durations = new Histogram({
      name: 'apiserver_request_duration_seconds',
      help: 'API request latency (watches: until the stream opens)',
      labelNames: ['verb', 'resource'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [options.registry],
    });
  }

  serve(resources: ResourceHandler | undefined): void {
    this.resources = resources;
  }

  get ready(): boolean {
    return this.resources !== undefined;
  }

  async handle(incoming: IncomingRequest): Promise<KubeResponse> {
    const started = process.hrtime.bigint();
    const { path, query } = parseRequestTarget(incoming.url);
    const headers = singleValued(incoming.headers);
    const request: KubeRequest = {
      method: incoming.method.toUpperCase(),
      path,
      query,
      headers,
      body: incoming.body,
      user: ADMIN_USER,
      correlationId: headers['x-request-id'] ?? randomUUID(),
    };
    const labels = { verb: request.method, resource: resourceLabel(request.path) };
    let response: KubeResponse;
    try {
      response = await this.route(request);
    } catch (err) {
      response = this.failure(err, request);
    }
    this.durations.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    this.requests.inc({ ...labels, code: response.kind === 'body' ? String(response.status) : '200' });
    return response;
  }

  private async route(request: KubeRequest): Promise<KubeResponse> {
    if (request.path === '/healthz' || request.path === '/livez') return text(200, 'ok');
    if (request.path === '/readyz') return this.ready ? text(200, 'ok') : text(503, 'not ready: catching up with the log');
    if (request.path === '/metrics') return { kind: 'body', status: 200, contentType: this.options.registry.contentType, body: await this.options.registry.metrics() };
    if (!publicPaths.has(request.path)) request.user = isAuthorized(request.headers.authorization, this.options.token) ? ADMIN_USER : await this.serviceAccount(request.headers.authorization);
    Object.assign(request, actingUser(request.headers, request.user));
    const discovery = handleDiscovery(request, this.options.serverAddress);
    if (discovery) return discovery;
    if (!this.resources) throw errors.timeout('the API server is still reading the log; try again shortly');
    return this.resources.handle(request);
  }

  /** The service account a bearer token other than the admin's authenticates; 401 for anything else. */
  private async serviceAccount(authorization: string | undefined): Promise<UserInfo> {
    const token = bearerToken(authorization);
    const user = token && this.options.authenticateToken ? await this.options.authenticateToken(token) : undefined;
    if (!user) throw errors.unauthorized();
    return user;
  }

  private failure(err: unknown, request: KubeRequest): KubeResponse {
    if (err instanceof ApiError) return statusResponse(err.status);
    this.options.logger.error({ err, correlationId: request.correlationId, method: request.method, path: request.path }, 'request failed');
    return statusResponse(errors.internal((err as Error).message ?? String(err)).status);
  }
}

/** Repeated headers as one comma-separated value; Node already joins all but a few (set-cookie), so mostly nothing to copy. */
function singleValued(headers: IncomingRequest['headers']): Record<string, string | undefined> {
  for (const value of Object.values(headers)) {
    if (Array.isArray(value)) return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
  }
  return headers as Record<string, string | undefined>;
}

function text(status: number, body: string): KubeResponse {
  return { kind: 'body', status, contentType: 'text/plain; charset=utf-8', body };
}

/** `/apis/apps/v1/namespaces/x/deployments/y` → `apps/deployments`, bounded cardinality for metrics. */
function resourceLabel(path: string): string {
  const parts = path.split('/').filter(Boolean);
  const [root, ...rest] = parts;
  if (root !== 'api' && root !== 'apis') return root ?? '';
  const afterVersion = root === 'api' ? rest.slice(1) : rest.slice(2);
  const group = root === 'api' ? '' : rest[0];
  const resource = afterVersion[0] === 'namespaces' && afterVersion.length > 2 ? afterVersion[2] : afterVersion[0];
  return `${group}/${resource ?? ''}`;
}
