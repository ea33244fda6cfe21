import { nothingToDo, type Controller, type ReconcileResult } from '@kronicle/controller-runtime';
import { allKeys, changeKey, indexes, objectOfKey, ownerKeys } from '@kronicle/pod-control';
import { changeNamespace, type ClusterState, type ObjectChange } from '@kronicle/projection';
import type { StatefulSet } from './objects';
import { syncStatefulSet } from './sync';

const STATEFULSETS = { group: 'apps', resource: 'statefulsets' };

/** A StatefulSet change concerns it; a pod or revision change the StatefulSet that controls it (or may adopt it). */
function keysFor(change: ObjectChange, state: ClusterState): string[] {
  if (change.group === 'apps' && change.resource === 'statefulsets') return [changeKey(change)];
  const controllable = (change.group === '' && change.resource === 'pods') || (change.group === 'apps' && change.resource === 'controllerrevisions');
  return controllable ? ownerKeys(change, state, { group: 'apps', resource: 'statefulsets', kind: 'StatefulSet' }) : [];
}

function reconcile(key: string, state: ClusterState, now: Date): ReconcileResult {
  const set = objectOfKey<StatefulSet>(state, STATEFULSETS, key);
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
  initialKeys: (state) => allKeys(state, STATEFULSETS),
  reconcile,
};
