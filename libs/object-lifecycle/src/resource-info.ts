import { resourceTypes, type ResourceType } from '@kronicle/kube-resources';

/** What request handling needs to know about a resource; built from the kube-resources registry. */
export interface ResourceInfo {
  group: string;
  version: string;
  /** Plural name, as in URLs. */
  resource: string;
  kind: string;
  namespaced: boolean;
  subresources: string[];
}

export function apiVersionOf(info: Pick<ResourceInfo, 'group' | 'version'>): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

export function hasStatusSubresource(info: ResourceInfo): boolean {
  return info.subresources.includes('status');
}

/** Resources whose registry strategy maintains metadata.generation (upstream sets it to 1 on create). */
const generationTracked = new Set([
  'apps/deployments',
  'apps/replicasets',
  'apps/statefulsets',
  'apps/daemonsets',
  'batch/jobs',
  'batch/cronjobs',
  'policy/poddisruptionbudgets',
  'networking.k8s.io/ingresses',
  'networking.k8s.io/ingressclasses',
  'networking.k8s.io/networkpolicies',
]);

export function tracksGeneration(info: ResourceInfo): boolean {
  return generationTracked.has(`${info.group}/${info.resource}`);
}

/** The registry's description of a served resource, reduced to what writes need. */
export function toResourceInfo(type: ResourceType): ResourceInfo {
  return { group: type.group, version: type.version, resource: type.resource, kind: type.kind, namespaced: type.namespaced, subresources: type.subresources.map((s) => s.name) };
}

/** Looks up a served resource by group and plural name, e.g. `resourceInfo('apps', 'replicasets')`. */
export function resourceInfo(group: string, resource: string): ResourceInfo {
  const type = resourceTypes.find((r) => r.group === group && r.resource === resource);
  if (!type) throw new Error(`no served resource ${group ? `${resource}.${group}` : resource}`);
  return toResourceInfo(type);
}
