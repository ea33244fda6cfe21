import type { KubeObject } from '@kronicle/contracts';
import { managerOrUserAgent } from '@kronicle/kube-patch';
import { findResource } from '@kronicle/kube-resources';
import { rebuildState } from '@kronicle/projection';
import type { LiveCluster } from '../cluster/live-cluster';
import { type Binding, decideBinding, decideEviction, type DeleteOptions, errors, evictionAppends, type ResourceInfo, successStatus, toResourceInfo } from '@kronicle/object-lifecycle';
import { listObjects } from '../objects/list-objects';
import type { Clock, ObjectService, RequestContext } from '../objects/object-service';
import { scaleOf, withScale } from '../objects/scale';
import { parseFieldSelector } from '../request/field-selector';
import { parseLabelSelector } from '../request/label-selector';
import { listRead, positionAsked, validateWatchOptions } from '../request/list-options';
import { parseRequestInfo, type RequestInfo } from '../request/request-info';
import { answerReview, isReview } from '../security/access-reviews';
import { coreObjectsOf, type ServiceAccountTokens } from '../security/service-account-tokens';
import { requestToken } from '../security/token-request';
import { WatchSession, type WatchLog } from '../watch/watch-session';
import { decodeBody, mediaType, negotiate, type ResponseFormat } from './content';
import type { KubeRequest, KubeResponse } from './kube-request';
import { checkUnknownFields, fieldValidationOf, warningHeader } from './field-validation';
import { patchObject } from './patch-request';
import { podLog } from './pod-log';
import { refuseStreaming, STREAMING_SUBRESOURCES } from './pod-streaming';
import { refuseProxy } from './proxy';
import { includeObjectOf, objectsResponse, respond, statusResponse } from './responses';
import { watchResponse } from './watch-response';

/**
 * Serves every resource path (`/api/v1/…`, `/apis/<group>/<version>/…`): resolves the resource,
 * then dispatches on verb and subresource. Errors surface as ApiError and become metav1.Status.
 */
export class ResourceHandler {
  constructor(
    private readonly objects: ObjectService,
    private readonly cluster: LiveCluster,
    private readonly log: WatchLog,
    private readonly clock: Clock,
    private readonly tokens: ServiceAccountTokens,
  ) {}

  async handle(request: KubeRequest): Promise<KubeResponse> {
    const info = parseRequestInfo({ method: request.method, path: request.path, query: request.query });
    if (!info) throw errors.pathNotFound();
    const type = findResource(info.group, info.version, info.resource);
    if (!type) throw errors.pathNotFound();
    const resource = toResourceInfo(type);
    if (info.subresource && !resource.subresources.includes(info.subresource)) throw errors.pathNotFound();
    if (!info.subresource && !type.verbs.includes(info.verb)) throw errors.methodNotAllowed();
    if (type.namespaced && info.name && !info.namespace && info.resource !== 'namespaces') throw errors.pathNotFound();
    if (info.subresource === 'proxy') refuseProxy(info.resource, info.name ?? '', (name) => this.objects.get(resource, info.namespace, name));
    const format = negotiate(request.headers.accept);
    const context: RequestContext = {
      actor: `user:${request.user.username}`,
      ...(request.impersonator ? { impersonator: `user:${request.impersonator}` } : {}),
      correlationId: request.correlationId,
      dryRun: request.query.get('dryRun') === 'All',
      manager: managerOrUserAgent(request.query.get('fieldManager') ?? undefined, request.headers['user-agent']),
    };
    // Reads and updates see every write this API has answered; a create decides without waiting.
    if (info.verb !== 'create') await this.objects.seeOwnWrites();
    switch (info.verb) {
      case 'get':
        return this.get(resource, info, request, format);
      case 'list':
        return this.list(resource, info, request, format);
      case 'watch':
        return this.watch(resource, info, request, format);
      case 'create':
        return this.create(resource, info, request, format, context);
      case 'update':
        return this.update(resource, info, request, format, context);
      case 'patch':
        return this.patch(resource, info, request, format, context);
      case 'delete':
        return this.delete(resource, info, request, format, context);
      case 'deletecollection':
        return this.deleteCollection(resource, info, request, context);
    }
  }

  private async get(resource: ResourceInfo, info: RequestInfo, request: KubeRequest, format: ResponseFormat): Promise<KubeResponse> {
    // As upstream: a get at a resourceVersion answers with the object at least that new.
    const position = positionAsked(request.query.get('resourceVersion'));
    if (position !== undefined) await this.objects.seePosition(position);
    const object = this.objects.get(resource, info.namespace, info.name ?? '');
    if (info.subresource === 'scale') return respond(200, format, scaleOf(object));
    if (info.subresource === 'log') return podLog(object, request.query, this.clock, this.cluster);
    if (info.subresource && STREAMING_SUBRESOURCES.includes(info.subresource)) refuseStreaming(object, info.subresource, request.query);
    if (info.subresource && info.subresource !== 'status' && info.subresource !== 'ephemeralcontainers') throw errors.methodNotSupported(`${info.resource}/${info.subresource}`, 'get');
    return objectsResponse(format, resource, [object], { list: false, includeObject: includeObjectOf(request.query), now: this.clock.now() });
  }

  private async list(resource: ResourceInfo, info: RequestInfo, request: KubeRequest, format: ResponseFormat): Promise<KubeResponse> {
    const q = request.query;
    const query = {
      namespace: info.namespace,
      labels: parseLabelSelector(q.get('labelSelector')),
      fields: parseFieldSelector(q.get('fieldSelector'), info.resource),
      limit: q.get('limit') ? Number(q.get('limit')) : undefined,
      continueToken: q.get('continue') ?? undefined,
    };
    const read = listRead(q);
    if (read.kind !== 'latest') await this.objects.seePosition(read.position);
    // The log keeps every version: a list at an exact past resourceVersion is the state rebuilt up to it.
    const past = read.kind === 'exact' && read.position < this.cluster.state.position;
    const state = past ? await rebuildState(this.log, read.position) : this.cluster.state;
    const result = listObjects(state, resource, query);
    return objectsResponse(format, resource, result.items, {
      list: true,
      resourceVersion: read.kind === 'exact' ? String(read.position) : result.resourceVersion,
      continueToken: result.continueToken,
      remainingItemCount: result.remainingItemCount,
      includeObject: includeObjectOf(q),
      now: this.clock.now(),
    });
  }

  private watch(resource: ResourceInfo, info: RequestInfo, request: KubeRequest, format: ResponseFormat): KubeResponse {
    const q = request.query;
    validateWatchOptions(q);
    const fields = parseFieldSelector(q.get('fieldSelector'), info.resource);
    if (info.name) fields.push({ field: 'metadata.name', equals: true, value: info.name });
    const session = new WatchSession(
      {
        info: resource,
        query: { namespace: info.namespace, labels: parseLabelSelector(q.get('labelSelector')), fields },
        resourceVersion: q.get('resourceVersion') ?? undefined,
        sendInitialEvents: q.get('sendInitialEvents') === 'true',
      },
      this.cluster,
      this.log,
    );
    return watchResponse(session, {
      format,
      resource,
      includeObject: includeObjectOf(q),
      timeoutSeconds: q.get('timeoutSeconds') ? Number(q.get('timeoutSeconds')) : undefined,
      allowBookmarks: q.get('allowWatchBookmarks') === 'true',
      clock: this.clock,
    });
  }

  private async create(resource: ResourceInfo, info: RequestInfo, request: KubeRequest, format: ResponseFormat, context: RequestContext): Promise<KubeResponse> {
    // Streams carry no body.
    if (info.subresource && STREAMING_SUBRESOURCES.includes(info.subresource)) refuseStreaming(this.objects.get(resource, info.namespace, info.name ?? ''), info.subresource, request.query);
    const body = decodeBody(request.headers['content-type'], request.body) as KubeObject;
    if (info.subresource === 'eviction') return this.evict(resource, info, body, context);
    if (info.subresource === 'binding') return this.bind(resource, info, body, context);
    if (info.subresource === 'token' && resource.group === '' && resource.resource === 'serviceaccounts') {
      return respond(201, format, await requestToken(body, info.namespace ?? '', info.name ?? '', coreObjectsOf(this.cluster.state), this.tokens, this.clock.now()));
    }
    if (info.subresource || info.name) throw errors.methodNotSupported(info.resource, 'create');
    const warnings = checkUnknownFields(fieldValidationOf(request.query), resource, body);
    if (isReview(resource)) return respond(201, format, answerReview(resource, info.namespace, body, request.user, this.clock.now()), warningHeader(warnings));
    const created = await this.objects.create(resource, info.namespace, body, context);
    return respond(201, format, created, warningHeader(warnings));
  }

  private async update(resource: ResourceInfo, info: RequestInfo, request: KubeRequest, format: ResponseFormat, context: RequestContext): Promise<KubeResponse> {
    const body = decodeBody(request.headers['content-type'], request.body) as KubeObject;
    const name = info.name ?? '';
    if (info.subresource === 'scale') {
      const updated = await this.objects.update(resource, info.namespace, name, undefined, (current) => withScale(current.object, body), context);
      return respond(200, format, scaleOf(updated));
    }
    const warnings = checkUnknownFields(fieldValidationOf(request.query), resource, body);
    const updated = await this.objects.update(resource, info.namespace, name, info.subresource, () => body, context);
    return respond(200, format, updated, warningHeader(warnings));
  }

  private async patch(resource: ResourceInfo, info: RequestInfo, request: KubeRequest, format: ResponseFormat, context: RequestContext): Promise<KubeResponse> {
    const contentType = mediaType(request.headers['content-type']);
    const name = info.name ?? '';
    const patchInput = {
      contentType,
      patch: request.body ?? Buffer.alloc(0),
      fieldManager: request.query.get('fieldManager') ?? undefined,
      userAgent: request.headers['user-agent'],
      force: request.query.has('force') ? request.query.get('force') === 'true' : undefined,
      now: this.clock.now(),
    };
    if (info.subresource === 'scale') {
      const updated = await this.objects.update(resource, info.namespace, name, undefined, (current) => withScale(current.object, patchObject({ ...patchInput, current: scaleOf(current.object) })), context);
      return respond(200, format, scaleOf(updated));
    }
    // Server-side apply records its own managedFields (operation Apply); nothing more to add.
    if (contentType === 'application/apply-patch+yaml') context = { ...context, manager: undefined };
    const validation = fieldValidationOf(request.query);
    let warnings: string[] = [];
    const patched = (current: KubeObject | undefined) => {
      const object = patchObject({ ...patchInput, current });
      warnings = checkUnknownFields(validation, resource, object);
      return object;
    };
    if (!this.objects.find(resource, info.namespace, name) && contentType === 'application/apply-patch+yaml') {
      // Server-side apply creates what does not exist yet.
      const created = await this.objects.create(resource, info.namespace, patched(undefined), context);
      return respond(201, format, created, warningHeader(warnings));
    }
    const updated = await this.objects.update(resource, info.namespace, name, info.subresource, (current) => patched(current.object), context);
    return respond(200, format, updated, warningHeader(warnings));
  }

  private async delete(resource: ResourceInfo, info: RequestInfo, request: KubeRequest, format: ResponseFormat, context: RequestContext): Promise<KubeResponse> {
    const result = await this.objects.delete(resource, info.namespace, info.name ?? '', deleteOptions(request), context);
    return respond(200, format, result);
  }

  private async deleteCollection(resource: ResourceInfo, info: RequestInfo, request: KubeRequest, context: RequestContext): Promise<KubeResponse> {
    const { items } = listObjects(this.cluster.state, resource, {
      namespace: info.namespace,
      labels: parseLabelSelector(request.query.get('labelSelector')),
      fields: parseFieldSelector(request.query.get('fieldSelector'), info.resource),
    });
    const options = deleteOptions(request);
    for (const item of items) await this.objects.delete(resource, item.metadata.namespace, item.metadata.name ?? '', options, context);
    return statusResponse(successStatus({ group: resource.group || undefined, kind: resource.resource }));
  }

  /**
   * policy/v1 Eviction: the pod's delete with the eviction's options, as its disruption budget allows
   * (`decideEviction`). A budget's disruption is taken in the pod's own append, which expects both the
   * pod and the budget as decided on; a lost race decides again on fresh state.
   */
  private async evict(resource: ResourceInfo, info: RequestInfo, body: KubeObject, context: RequestContext): Promise<KubeResponse> {
    const eviction = body as { metadata?: { name?: string }; deleteOptions?: DeleteOptions & { dryRun?: string[] } };
    if (eviction.metadata?.name !== info.name) throw errors.badRequest('name in URL does not match name in Eviction object');
    const { dryRun, ...options } = eviction.deleteOptions ?? {};
    const request = { ...context, dryRun: context.dryRun || Boolean(dryRun?.includes('All')) };
    await this.objects.delete(resource, info.namespace, info.name ?? '', options, request, (pod, metadata) => {
      const now = this.clock.now();
      const budgets = this.cluster.state.list({ group: 'policy', resource: 'poddisruptionbudgets', namespace: info.namespace });
      return evictionAppends(decideEviction(pod.object, budgets, now), now, metadata);
    });
    return statusResponse({ ...successStatus({}), code: 201 });
  }

  /** pods/binding: the scheduler's way of assigning a node, as upstream's BindingREST. */
  private async bind(resource: ResourceInfo, info: RequestInfo, body: KubeObject, context: RequestContext): Promise<KubeResponse> {
    await this.objects.rewrite(resource, info.namespace, info.name ?? '', 'binding', (current) => decideBinding(current, body as Binding, this.clock.now()), context);
    return statusResponse({ ...successStatus({}), code: 201 });
  }
}

/** DeleteOptions come as query parameters (kubectl) or as a body (client libraries). */
function deleteOptions(request: KubeRequest): DeleteOptions {
  const body = request.body?.length ? (decodeBody(request.headers['content-type'], request.body) as DeleteOptions) : {};
  const q = request.query;
  const grace = q.get('gracePeriodSeconds');
  const policy = q.get('propagationPolicy');
  return {
    ...body,
    ...(grace !== null ? { gracePeriodSeconds: Number(grace) } : {}),
    ...(policy ? { propagationPolicy: policy as DeleteOptions['propagationPolicy'] } : {}),
    ...(q.get('orphanDependents') ? { orphanDependents: q.get('orphanDependents') === 'true' } : {}),
  };
}
