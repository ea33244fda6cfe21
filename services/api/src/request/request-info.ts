/**
 * What a Kubernetes API path asks for, as upstream's RequestInfoFactory reads it:
 * /api/v1/namespaces/default/pods/web-0/status → group '', version v1, namespace default,
 * resource pods, name web-0, subresource status.
 */
export interface RequestInfo {
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
  verb: Verb;
}

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

const namespaceSubresources = new Set(['status', 'finalize']);

export interface ParsedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
}

/** Returns undefined for paths that are not resource requests (discovery is served elsewhere). */
export function parseRequestInfo({ method, path, query }: ParsedRequest): RequestInfo | undefined {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  // Indexes rather than destructuring with rest elements: this runs for every request.
  let group: string;
  let i: number;
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    i = 1;
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1];
    i = 2;
  } else {
    return undefined;
  }
  const version = parts[i++];
  let namespace: string | undefined;
  // As upstream: namespaces/<ns>/<resource>… is namespaced, while namespaces/<ns>[/status|/finalize] is the Namespace itself.
  if (parts[i] === 'namespaces' && parts.length - i >= 3 && !namespaceSubresources.has(parts[i + 2])) {
    namespace = parts[i + 1];
    i += 2;
  }
  const resource = parts[i];
  const name: string | undefined = parts[i + 1];
  const subresource: string | undefined = parts[i + 2];
  // Only a proxy's path goes on past the subresource (…/pods/web/proxy/healthz): upstream passes it to the backend.
  if (!resource || (parts.length > i + 3 && subresource !== 'proxy')) return undefined;
  const watch = query.get('watch') === 'true' || query.get('watch') === '1';
  return { group, version, namespace, resource, name, subresource, verb: verbOf(method, Boolean(name), watch) };
}

function verbOf(method: string, named: boolean, watch: boolean): Verb {
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (watch) return 'watch';
      return named ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return named ? 'delete' : 'deletecollection';
    default:
      return 'get';
  }
}
