import { apiVersionOf, type ResourceType } from './resource-type';
import { resourceTypes } from './resource-types';

export function findResource(group: string, version: string, resource: string): ResourceType | undefined {
  return resourceTypes.find((r) => r.group === group && r.version === version && r.resource === resource);
}

export function findByKind(apiVersion: string, kind: string): ResourceType | undefined {
  return resourceTypes.find((r) => apiVersionOf(r.group, r.version) === apiVersion && r.kind === kind);
}

/** A served group with its versions, preferred first. */
export interface ApiGroup {
  name: string;
  versions: string[];
  preferredVersion: string;
}

/** Served groups ('' is core) in discovery order; each serves one version today, which is therefore preferred. */
export function apiGroups(): ApiGroup[] {
  const groups = new Map<string, string[]>();
  for (const r of resourceTypes) {
    const versions = groups.get(r.group) ?? [];
    if (!versions.includes(r.version)) versions.push(r.version);
    groups.set(r.group, versions);
  }
  return [...groups].map(([name, versions]) => ({ name, versions, preferredVersion: versions[0] }));
}

export function preferredVersion(group: string): string | undefined {
  return apiGroups().find((g) => g.name === group)?.preferredVersion;
}

export function resourcesOf(group: string, version: string): ResourceType[] {
  return resourceTypes.filter((r) => r.group === group && r.version === version);
}
