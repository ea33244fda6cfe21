import type { KubeObject } from './kube-object';

/**
 * The events that change Kubernetes objects. Each object is one stream (see `objectStreamId`);
 * every event carries the whole object after the change, without `resourceVersion`, which is the
 * event's log position and is filled in by the projection.
 */
export const ObjectEventType = {
  Created: 'ObjectCreated',
  Updated: 'ObjectUpdated',
  Deleted: 'ObjectDeleted',
} as const;
export type ObjectEventType = (typeof ObjectEventType)[keyof typeof ObjectEventType];

export interface ObjectEventData {
  /** API group ('' for core), version and plural resource name of the object. */
  group: string;
  resource: string;
  object: KubeObject;
  /** Set when the change came through a subresource (`status`, `scale`, …). */
  subresource?: string;
  /** Recorded with deletions for the garbage collector: Background, Foreground or Orphan. */
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
}

export function isObjectEventType(type: string): type is ObjectEventType {
  return type === ObjectEventType.Created || type === ObjectEventType.Updated || type === ObjectEventType.Deleted;
}

/** Identifies an object independently of its uid: a name can be reused after deletion. */
export interface ObjectKey {
  group: string;
  resource: string;
  namespace?: string;
  name: string;
}

/** `k8s/<group|core>/<resource>/<namespace|_>/<name>`: one stream per object name. */
export function objectStreamId(key: ObjectKey): string {
  return `${objectStreamPrefix(key)}${key.namespace || '_'}/${key.name}`;
}

/** What the stream ids of every object of one resource begin with. */
export function objectStreamPrefix(resource: { group: string; resource: string }): string {
  return `k8s/${resource.group || 'core'}/${resource.resource}/`;
}

export function parseObjectStreamId(streamId: string): ObjectKey | undefined {
  // Asked of every event every service folds: slashes found by indexOf rather than an array split.
  if (!streamId.startsWith('k8s/')) return undefined;
  const afterGroup = streamId.indexOf('/', 4);
  const afterResource = afterGroup < 0 ? -1 : streamId.indexOf('/', afterGroup + 1);
  const afterNamespace = afterResource < 0 ? -1 : streamId.indexOf('/', afterResource + 1);
  if (afterNamespace < 0 || streamId.includes('/', afterNamespace + 1)) return undefined;
  const group = streamId.slice(4, afterGroup);
  const namespace = streamId.slice(afterResource + 1, afterNamespace);
  return {
    group: group === 'core' ? '' : group,
    resource: streamId.slice(afterGroup + 1, afterResource),
    namespace: namespace === '_' ? undefined : namespace,
    name: streamId.slice(afterNamespace + 1),
  };
}
