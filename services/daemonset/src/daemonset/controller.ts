import { objectStreamId } from '@kronicle/contracts';
import { nothingToDo, type Controller, type ReconcileResult } from '@kronicle/controller-runtime';
import { controllerOf, indexes } from '@kronicle/pod-control';
import { changeMayHaveField, changeNamespace, type ClusterState, type ObjectChange } from '@kronicle/projection';
import type { DaemonSet } from './objects';
import { syncDaemonSet } from './sync';

const keyOf = (namespace: string, name: string) => `${namespace}/${name}`;
const allDaemonSets = (state: ClusterState) => state.list({ group: 'apps', resource: 'daemonsets' }).map((s) => keyOf(s.object.metadata.namespace ?? '', s.object.metadata.name ?? ''));

/** A DaemonSet change concerns it; a node change every DaemonSet; a pod or revision change the DaemonSet that controls it (or may adopt it). */
function keysFor(change: ObjectChange, state: ClusterState): string[] {
  if (change.group === 'apps' && change.resource === 'daemonsets') return [keyOf(changeNamespace(change), change.object.metadata.name ?? '')];
  if (change.group === '' && change.resource === 'nodes') return allDaemonSets(state);
  const owned = (change.group === '' && change.resource === 'pods') || (change.group === 'apps' && change.resource === 'controllerrevisions');
  if (!owned) return [];
  const namespace = changeNamespace(change);
  const daemonSets = state.list({ group: 'apps', resource: 'daemonsets', namespace });
  // Neither controlled nor adoptable: passed over unparsed.
  if (daemonSets.length === 0 && !changeMayHaveField(change, 'ownerReferences')) return [];
  const keys = new Set<string>();
  for (const object of [change.object, change.previous]) {
    const ref = object && controllerOf(object);
    if (ref?.kind === 'DaemonSet') keys.add(keyOf(namespace, ref.name));
  }
  if (!controllerOf(change.object) && change.type !== 'DELETED') for (const ds of daemonSets) keys.add(keyOf(namespace, ds.object.metadata.name ?? ''));
  return [...keys];
}

function reconcile(key: string, state: ClusterState, now: Date): ReconcileResult {
  const slash = key.indexOf('/');
  const ds = state.get(objectStreamId({ group: 'apps', resource: 'daemonsets', namespace: key.slice(0, slash), name: key.slice(slash + 1) }))?.object as DaemonSet | undefined;
  return ds ? syncDaemonSet(ds, state, now) : nothingToDo;
}

export const daemonSetController: Controller = {
  name: 'daemonset-controller',
  indexes,
  // Pods a DaemonSet owns (`"kind":"DaemonSet"` stands only in ownerReferences), and every pod of a
  // namespace with a DaemonSet (orphans it may adopt).
  podsRead: {
    withFields: [],
    withText: ['"kind":"DaemonSet"'],
    widenedBy: (change) => (change.group === 'apps' && change.resource === 'daemonsets' && change.type !== 'DELETED' ? { namespaces: [changeNamespace(change)] } : undefined),
  },
  keysFor,
  initialKeys: allDaemonSets,
  reconcile,
};
