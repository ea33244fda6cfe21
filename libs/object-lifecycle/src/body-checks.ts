import type { KubeObject } from '@kronicle/contracts';
import { errors } from './api-error';
import { apiVersionOf, type ResourceInfo } from './resource-info';

/** The checks upstream makes before anything else: the body is an object of this resource, in this namespace. */
export function checkBodyMatchesRequest(info: ResourceInfo, body: KubeObject, urlNamespace: string | undefined): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw errors.badRequest('the body of the request was in an unknown format');
  }
  const expectedVersion = apiVersionOf(info);
  if (body.apiVersion && body.apiVersion !== expectedVersion) {
    throw errors.badRequest(`the API version in the data (${body.apiVersion}) does not match the expected API version (${expectedVersion})`);
  }
  if (body.kind && body.kind !== info.kind) {
    throw errors.badRequest(`the kind in the data (${body.kind}) does not match the expected kind (${info.kind})`);
  }
  const bodyNamespace = body.metadata?.namespace;
  if (info.namespaced && bodyNamespace && urlNamespace && bodyNamespace !== urlNamespace) {
    throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
}
