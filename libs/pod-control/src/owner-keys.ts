import { objectStreamId, type KubeObject } from '@kronicle/contracts';
import { changeMayHaveField, changeNamespace, type ClusterState, type ObjectChange } from '@kronicle/projection';
import { controllerOf } from './controller-ref';

/** Work-queue keys are `<namespace>/<name>`, as client-go's `MetaNamespaceKeyFunc`. */
export const keyOf = (namespace: string, name: string): string => `${namespace}/${name}`;

/** The keys of the owners of `kind` that control the changed object, before or after the change. */
export function controllerKeys(change: ObjectChange, kind: string): string[] {
  const keys = new Set<string>();
  for (const object of [change.object, change.previous]) {
    const ref = object && controllerOf(object);
    if (ref?.kind === kind) keys.add(keyOf(changeNamespace(change), ref.name));
  }
  return [...keys];
}

/**
 * The owners of one resource (a DaemonSet, a StatefulSet) that a change of an object they may
 * control concerns: its controller of `owner.kind`, and while it has none every such owner of its
 * namespace (one may adopt it). An object with no ownerReferences in a namespace without such owners
 * is passed over unparsed.
 */
export function ownerKeys(change: ObjectChange, state: ClusterState, owner: { group: string; resource: string; kind: string }): string[] {
  const namespace = changeNamespace(change);
  const owners = state.list({ group: owner.group, resource: owner.resource, namespace });
  if (owners.length === 0 && !changeMayHaveField(change, 'ownerReferences')) return [];
  const keys = controllerKeys(change, owner.kind);
  if (change.type !== 'DELETED' && !controllerOf(change.object)) for (const o of owners) keys.push(keyOf(namespace, o.object.metadata.name ?? ''));
  return [...new Set(keys)];
}

/** The key of the changed object. */
export function changeKey(change: ObjectChange): string {
  return keyOf(changeNamespace(change), change.object.metadata.name ?? '');
}

/** The keys of every object of a resource, as a controller looks at them all at its start. */
export function allKeys(state: ClusterState, resource: { group: string; resource: string }): string[] {
  return state.list(resource).map((s) => keyOf(s.object.metadata.namespace ?? '', s.object.metadata.name ?? ''));
}

/** The object a key names, if the cache holds it. */
export function objectOfKey<T extends KubeObject>(state: ClusterState, resource: { group: string; resource: string }, key: string): T | undefined {
  const slash = key.indexOf('/');
  return state.get(objectStreamId({ ...resource, namespace: key.slice(0, slash), name: key.slice(slash + 1) }))?.object as T | undefined;
}
