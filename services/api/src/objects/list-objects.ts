import type { KubeObject } from '@kronicle/contracts';
import type { ClusterState, StoredObject } from '@kronicle/projection';
import { errors, type ResourceInfo } from '@kronicle/object-lifecycle';
import { matchesFields, type FieldRequirement } from '../request/field-selector';
import { matchesLabels, type Requirement } from '../request/label-selector';

export interface ListQuery {
  namespace?: string;
  labels: Requirement[];
  fields: FieldRequirement[];
  limit?: number;
  continueToken?: string;
}

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
  continueToken?: string;
  remainingItemCount?: number;
}

/** Objects of a resource matching the selectors, in namespace/name order, paged by `limit` and `continue`. */
export function listObjects(state: ClusterState, info: ResourceInfo, query: ListQuery): ListResult {
  const start = query.continueToken ? decodeContinue(query.continueToken) : undefined;
  const matching = state
    .list({ group: info.group, resource: info.resource, namespace: info.namespaced ? query.namespace : undefined })
    .filter((s) => matchesObject(s, query))
    .map((s) => ({ key: sortKey(s.object), object: s.object }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .filter((entry) => start === undefined || entry.key > start);
  const resourceVersion = String(state.position);
  if (!query.limit || matching.length <= query.limit) return { items: matching.map((e) => e.object), resourceVersion };
  const page = matching.slice(0, query.limit);
  return {
    items: page.map((e) => e.object),
    resourceVersion,
    continueToken: encodeContinue(page[page.length - 1].key),
    remainingItemCount: matching.length - page.length,
  };
}

export function matchesObject(stored: Pick<StoredObject, 'object'>, query: Pick<ListQuery, 'labels' | 'fields'>): boolean {
  return matchesLabels(query.labels, stored.object.metadata.labels) && matchesFields(query.fields, stored.object);
}

function sortKey(object: KubeObject): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

function encodeContinue(key: string): string {
  return Buffer.from(JSON.stringify({ v: 1, start: key })).toString('base64url');
}

function decodeContinue(token: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { v?: number; start?: string };
    if (parsed.v === 1 && typeof parsed.start === 'string') return parsed.start;
  } catch {
    // fall through to the upstream error
  }
  throw errors.badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
}
