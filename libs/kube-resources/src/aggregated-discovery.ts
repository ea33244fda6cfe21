import { apiGroups, resourcesOf } from './find-resource';
import type { GroupVersionKind } from './resource-type';

export type AggregatedDiscoveryVersion = 'v2' | 'v2beta1';

// Upstream fills group and version of a response kind only when they differ from the resource's own.
function responseKind(own: { group: string; version: string }, kind: GroupVersionKind): GroupVersionKind {
  const foreign = kind.group !== own.group || kind.version !== own.version;
  return { group: foreign ? kind.group : '', version: foreign ? kind.version : '', kind: kind.kind };
}

function groupDiscovery(group: string, versions: string[]) {
  return {
    metadata: { ...(group && { name: group }), creationTimestamp: null },
    versions: versions.map((version) => ({
      version,
      resources: resourcesOf(group, version).map((r) => ({
        resource: r.resource,
        responseKind: responseKind(r, r),
        scope: r.namespaced ? 'Namespaced' : 'Cluster',
        singularResource: r.singular,
        verbs: r.verbs,
        ...(r.shortNames.length > 0 && { shortNames: r.shortNames }),
        ...(r.categories.length > 0 && { categories: r.categories }),
        ...(r.subresources.length > 0 && {
          subresources: r.subresources.map((s) => ({
            subresource: s.name,
            responseKind: responseKind(r, s.kind),
            verbs: s.verbs,
          })),
        }),
      })),
      freshness: 'Current',
    })),
  };
}

/**
 * `apidiscovery.k8s.io` APIGroupDiscoveryList for `/api` (`root: 'api'`, the core group) or `/apis` (named groups).
 * v2 and v2beta1 have the same shape.
 */
export function aggregatedDiscovery(root: 'api' | 'apis', version: AggregatedDiscoveryVersion = 'v2') {
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: apiGroups()
      .filter((g) => (root === 'api') === (g.name === ''))
      .map((g) => groupDiscovery(g.name, g.versions)),
  };
}
