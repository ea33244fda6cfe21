import type { Controller } from '@kronicle/controller-runtime';
import { selectorMatches } from '@kronicle/kube-validation';
import type { ClusterState, ObjectChange } from '@kronicle/projection';
import { indexes } from '../shared/indexes';
import { controllerOf, type ReplicaSet } from '../shared/objects';
import { keyOf } from '../shared/resources';
import { reconcileReplicaSet } from './reconcile';

/** A pod change concerns the ReplicaSet that controls (or controlled) it, or those that may adopt it. */
function keysFor(change: ObjectChange, state: ClusterState): string[] {
  if (change.group === 'apps' && change.resource === 'replicasets') return [keyOf(change.object)];
  if (change.group !== '' || change.resource !== 'pods') return [];
  const keys = new Set<string>();
  const namespace = change.object.metadata.namespace ?? '';
  for (const pod of [change.object, change.previous]) {
    const ref = pod && controllerOf(pod);
    if (ref?.kind === 'ReplicaSet') keys.add(`${namespace}/${ref.name}`);
  }
  if (!controllerOf(change.object) && change.type !== 'DELETED') {
    for (const rs of state.list({ group: 'apps', resource: 'replicasets', namespace })) {
      if (selectorMatches((rs.object as ReplicaSet).spec.selector, change.object.metadata.labels)) keys.add(keyOf(rs.object));
    }
  }
  return [...keys];
}

export const replicaSetController: Controller = {
  name: 'replicaset-controller',
  indexes,
  // While thousands of pods start, a ReplicaSet's counts change with each: write them at most every
  // 100 ms rather than once per pod (creates and deletes still carry their status atomically).
  statusIntervalMs: 100,
  keysFor,
  initialKeys: (state) => state.list({ group: 'apps', resource: 'replicasets' }).map((s) => keyOf(s.object)),
  reconcile: reconcileReplicaSet,
};
