import { apiGroups, resourcesOf } from './find-resource';
import { apiVersionOf } from './resource-type';
import { storageVersionHash } from './storage-version-hash';

/** Where clients reach the API server from a CIDR; upstream lists `0.0.0.0/0` with its own address. */
export interface ServerAddressByClientCIDR {
  clientCIDR: string;
  serverAddress: string;
}

/** `GET /api` without aggregated discovery: the core group's versions. */
export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] as ServerAddressByClientCIDR[],
  };
}

/** `GET /apis` without aggregated discovery: every named group. */
export function apiGroupList() {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: apiGroups()
      .filter((g) => g.name !== '')
      .map((g) => ({
        name: g.name,
        versions: g.versions.map((version) => ({ groupVersion: `${g.name}/${version}`, version })),
        preferredVersion: { groupVersion: `${g.name}/${g.preferredVersion}`, version: g.preferredVersion },
      })),
  };
}

/** `GET /api/v1` or `/apis/<group>/<version>`: resources then their subresources; undefined if not served. */
export function apiResourceList(group: string, version: string) {
  const resources = resourcesOf(group, version);
  if (resources.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    // Upstream's core list carries no apiVersion; named groups' lists do.
    ...(group !== '' && { apiVersion: 'v1' }),
    groupVersion: apiVersionOf(group, version),
    resources: resources.flatMap((r) => [
      {
        name: r.resource,
        singularName: r.singular,
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: r.verbs,
        ...(r.shortNames.length > 0 && { shortNames: r.shortNames }),
        ...(r.categories.length > 0 && { categories: r.categories }),
        // Only stored (readable) resources have a storage version: not `bindings`.
        ...(r.verbs.includes('get') && { storageVersionHash: storageVersionHash(r.group, r.version, r.kind) }),
      },
      ...r.subresources.map((s) => ({
        name: `${r.resource}/${s.name}`,
        singularName: '',
        namespaced: r.namespaced,
        // Upstream names group and version only for a kind from another group version (Scale, Eviction).
        ...((s.kind.group !== group || s.kind.version !== version) && { group: s.kind.group, version: s.kind.version }),
        kind: s.kind.kind,
        verbs: s.verbs,
      })),
    ]),
  };
}
