import { objectStreamId } from '@kronicle/contracts';
import { nothingToDo, type Controller, type ReconcileResult } from '@kronicle/controller-runtime';
import { controllerOf, indexes } from '@kronicle/pod-control';
import { changeMayHaveField, changeNamespace, type ClusterState, type ObjectChange } from '@kronicle/projection';
import type { StatefulSet } from './objects';
import { syncStatefulSet } from './sync';

const keyOf = (namespace: string, name: string) => `${namespace}/${name}`;

/** A StatefulSet change concerns it; a pod or revision change the StatefulSet that controls it (or may adopt it). */
function keysFor(change: ObjectChange, state: ClusterState): string[] {
  if (change.group === 'apps' && change.resource === 'statefulsets') return [keyOf(changeNamespace(change), change.object.metadata.name ?? '')];
  const owned = (change.group === '' && change.resource === 'pods') || (change.group === 'apps' && change.resource === 'controllerrevisions');
  if (!owned) return [];
  const namespace = changeNamespace(change);
  const sets = state.list({ group: 'apps', resource: 'statefulsets', namespace });
  // Neither controlled nor adoptable: passed over unparsed.
  if (sets.length === 0 && !changeMayHaveField(change, 'ownerReferences')) return [];
  const keys = new Set<string>();
  for (const object of [change.object, change.previous]) {
    const ref = object && controllerOf(object);
    if (ref?.kind === 'StatefulSet') keys.add(keyOf(namespace, ref.name));
  }
  if (!controllerOf(change.object) && change.type !== 'DELETED') for (const set of sets) keys.add(keyOf(namespace, set.object.metadata.name ?? ''));
  return [...keys];
}

function reconcile(key: string, state: ClusterState, now: Date): ReconcileResult {
  const slash = key.indexOf('/');
  const set = state.get(objectStreamId({ group: 'apps', resource: 'statefulsets', namespace: key.slice(0, slash), name: key.slice(slash + 1) }))?.object as StatefulSet | undefined;
  return set ? syncStatefulSet(set, state, now) : nothingToDo;
}

export const statefulSetController: Controller = {
  name: 'statefulset-controller',
  indexes,
  // Pods a StatefulSet owns (`"kind":"StatefulSet"` stands only in ownerReferences), and every pod of
  // a namespace with a StatefulSet (orphans it may adopt).
  podsRead: {
    withFields: [],
    withText: ['"kind":"StatefulSet"'],
    widenedBy: (change) => (change.group === 'apps' && change.resource === 'statefulsets' && change.type !== 'DELETED' ? { namespaces: [changeNamespace(change)] } : undefined),
  },
  keysFor,
  initialKeys: (state) => state.list({ group: 'apps', resource: 'statefulsets' }).map((s) => keyOf(s.object.metadata.namespace ?? '', s.object.metadata.name ?? '')),
  reconcile,
};
