/** Group, version and kind of a served object; `group` is '' for the core API. */
export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export type Verb = 'create' | 'delete' | 'deletecollection' | 'get' | 'list' | 'patch' | 'update' | 'watch';

/** A subresource such as `pods/status`; its kind may belong to another group (`deployments/scale` → autoscaling/v1 Scale). */
export interface Subresource {
  name: string;
  kind: GroupVersionKind;
  verbs: Verb[];
}

/** One served resource, described the way upstream discovery reports it. */
export interface ResourceType {
  group: string;
  version: string;
  /** Plural resource name used in URLs: `deployments`. */
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  verbs: Verb[];
  shortNames: string[];
  categories: string[];
  subresources: Subresource[];
}

/** `apps/v1`, or `v1` for the core group. */
export function apiVersionOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

/** The inverse of `apiVersionOf`: `apps/v1` → apps and v1, `v1` → the core group ('') and v1. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}
