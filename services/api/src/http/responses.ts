import { toTable } from '@kronicle/kube-printers';
import type { KubeObject } from '@kronicle/contracts';
import type { ResourceInfo, Status } from '@kronicle/object-lifecycle';
import { encode, type ResponseFormat } from './content';
import type { KubeResponse } from './kube-request';

export function respond(status: number, format: ResponseFormat, value: unknown, headers?: Record<string, string>): KubeResponse {
  const { contentType, body } = encode(format === 'table' ? 'json' : format, value);
  return { kind: 'body', status, contentType, body, headers };
}

/** A failure as upstream's ErrorNegotiated writes it: a retry time in its details goes in Retry-After too, which client-go waits for. */
export function statusResponse(status: Status): KubeResponse {
  const retryAfter = status.details?.retryAfterSeconds;
  return respond(status.code, 'json', status, retryAfter && retryAfter > 0 ? { 'retry-after': String(retryAfter) } : undefined);
}

export type IncludeObject = 'None' | 'Object' | 'Metadata';

export function includeObjectOf(query: URLSearchParams): IncludeObject {
  const value = query.get('includeObject');
  return value === 'None' || value === 'Object' ? value : 'Metadata';
}

/** One object or a list in the representation the client asked for. */
export function objectsResponse(
  format: ResponseFormat,
  info: ResourceInfo,
  objects: KubeObject[],
  options: { list: boolean; resourceVersion?: string; continueToken?: string; remainingItemCount?: number; includeObject: IncludeObject; now: Date; status?: number },
): KubeResponse {
  if (format === 'table') {
    const table = toTable({
      group: info.group,
      resource: info.resource,
      objects,
      now: options.now,
      includeObject: options.includeObject,
      listMeta: options.list ? { resourceVersion: options.resourceVersion, continue: options.continueToken } : undefined,
    });
    return respond(options.status ?? 200, 'json', table);
  }
  if (!options.list) return respond(options.status ?? 200, format, objects[0]);
  const apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
  return respond(options.status ?? 200, format, {
    kind: `${info.kind}List`,
    apiVersion,
    metadata: {
      resourceVersion: options.resourceVersion,
      ...(options.continueToken ? { continue: options.continueToken } : {}),
      ...(options.remainingItemCount !== undefined ? { remainingItemCount: options.remainingItemCount } : {}),
    },
    // As upstream, list items carry no apiVersion and kind of their own.
    items: objects.map(({ apiVersion: _a, kind: _k, ...rest }) => rest),
  });
}
