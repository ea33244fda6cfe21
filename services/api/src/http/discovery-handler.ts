import {
  apiGroups,
  apiResourceList,
  negotiateDiscovery,
  openApiV3Document,
  openApiV3Root,
  resourcesOf,
} from '@kronicle/kube-resources';
import { errors } from '@kronicle/object-lifecycle';
import type { KubeRequest, KubeResponse } from './kube-request';

/** Kronicle speaks the API of this Kubernetes release. */
export const KUBERNETES_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-kronicle',
  gitCommit: 'kronicle',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.23',
  compiler: 'gc',
  platform: 'linux/amd64',
};

const json = (body: unknown, headers?: Record<string, string>): KubeResponse => ({ kind: 'body', status: 200, contentType: 'application/json', body: JSON.stringify(body), headers });

/** `/version`, API discovery (legacy and aggregated) and the OpenAPI v3 documents; undefined for other paths. */
export function handleDiscovery(request: KubeRequest, serverAddress: string): KubeResponse | undefined {
  if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
  const parts = request.path.split('/').filter(Boolean);
  if (parts.length === 1 && parts[0] === 'version') return json(KUBERNETES_VERSION);
  if (parts.length === 1 && (parts[0] === 'api' || parts[0] === 'apis')) {
    const negotiated = negotiateDiscovery(parts[0], request.headers.accept, serverAddress);
    if (!negotiated) throw errors.notAcceptable(request.headers.accept ?? '');
    return { kind: 'body', status: 200, contentType: negotiated.contentType, body: JSON.stringify(negotiated.body), headers: { vary: 'Accept' } };
  }
  if (parts[0] === 'api' && parts.length === 2) return groupVersion('', parts[1]);
  if (parts[0] === 'apis' && parts.length === 2) return groupOf(parts[1]);
  if (parts[0] === 'apis' && parts.length === 3) return groupVersion(parts[1], parts[2]);
  if (parts[0] === 'openapi' && parts[1] === 'v3') {
    if (parts.length === 2) return json(openApiV3Root());
    const doc = openApiV3Document(parts.slice(2).join('/'));
    if (!doc) throw errors.pathNotFound();
    // The hash in the URL names this exact document: clients may cache it for good.
    return json(doc, request.query.has('hash') ? { 'cache-control': 'public, immutable' } : undefined);
  }
  return undefined;
}

function groupVersion(group: string, version: string): KubeResponse {
  if (resourcesOf(group, version).length === 0) throw errors.pathNotFound();
  return json(apiResourceList(group, version));
}

function groupOf(name: string): KubeResponse {
  const group = apiGroups().find((g) => g.name === name && name !== '');
  if (!group) throw errors.pathNotFound();
  const versions = group.versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
  return json({ kind: 'APIGroup', apiVersion: 'v1', name, versions, preferredVersion: { groupVersion: `${name}/${group.preferredVersion}`, version: group.preferredVersion } });
}
