import { nothingToDo, type Controller, type ReconcileResult } from '@kronicle/controller-runtime';
import { allKeys, changeKey, indexes, objectOfKey, ownerKeys } from '@kronicle/pod-control';
import { changeNamespace, type ClusterState, type ObjectChange } from '@kronicle/projection';
import type { DaemonSet } from './objects';
import { syncDaemonSet } from './sync';

const DAEMONSETS = { group: 'apps', resource: 'daemonsets' };
const allDaemonSets = (state: ClusterState) => allKeys(state, DAEMONSETS);

/** A DaemonSet change concerns it; a node change every DaemonSet; a pod or revision change the DaemonSet that controls it (or may adopt it). */
function keysFor(change: ObjectChange, state: ClusterState): string[] {
  if (change.group === 'apps' && change.resource === 'daemonsets') return [changeKey(change)];
  if (change.group === '' && change.resource === 'nodes') return allDaemonSets(state);
  const controllable = (change.group === '' && change.resource === 'pods') || (change.group === 'apps' && change.resource === 'controllerrevisions');
  return controllable ? ownerKeys(change, state, { group: 'apps', resource: 'daemonsets', kind: 'DaemonSet' }) : [];
}

function reconcile(key: string, state: ClusterState, now: Date): ReconcileResult {
  const ds = objectOfKey<DaemonSet>(state, DAEMONSETS, key);
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
