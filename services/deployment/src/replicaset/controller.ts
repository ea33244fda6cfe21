import { isDeepStrictEqual } from 'node:util';
import { type Pod, controllerOf, indexes } from '@kronicle/pod-control';
import type { Controller } from '@kronicle/controller-runtime';
import { selectorMatches } from '@kronicle/kube-validation';
import { changeMayHaveField, changeNamespace, type ClusterState, type ObjectChange } from '@kronicle/projection';
import { type ReplicaSet } from '../shared/objects';
import { keyOf } from '../shared/resources';
import { isPodActive } from '@kronicle/pod-control';
import { readyCondition } from './pod-state';
import { reconcileReplicaSet } from './reconcile';

/**
 * Whether a pod change can change what a ReplicaSet's sync decides or reports. It counts active pods
 * only, and reads their labels, controller (its uid, kind and name) and Ready condition (its status
 * and lastTransitionTime; the deletion order reads more, but a change of those alone asks for no
 * deletion). E.g. a binding, or a terminating pod going, does not.
 */
export function podChangeMatters(change: ObjectChange): boolean {
  const before = change.previous as Pod | undefined;
  const after = change.type === 'DELETED' ? undefined : (change.object as Pod);
  const activeBefore = before !== undefined && isPodActive(before);
  const activeAfter = after !== undefined && isPodActive(after);
  if (!before || !after || activeBefore !== activeAfter) return activeBefore || activeAfter;
  if (!activeAfter) return false;
  // Asked of every pod change: the fields read are compared, the cheapest first.
  const [readyBefore, readyAfter] = [readyCondition(before), readyCondition(after)];
  const [controllerBefore, controllerAfter] = [controllerOf(before), controllerOf(after)];
  return (
    readyBefore?.status !== readyAfter?.status ||
    readyBefore?.lastTransitionTime !== readyAfter?.lastTransitionTime ||
    controllerBefore?.uid !== controllerAfter?.uid ||
    controllerBefore?.kind !== controllerAfter?.kind ||
    controllerBefore?.name !== controllerAfter?.name ||
    !isDeepStrictEqual(before.metadata.labels, after.metadata.labels)
  );
}

/** A pod change that matters concerns the ReplicaSet that controls (or controlled) it, or those that may adopt it. */
function keysFor(change: ObjectChange, state: ClusterState): string[] {
  if (change.group === 'apps' && change.resource === 'replicasets') return [keyOf(change.object)];
  if (change.group !== '' || change.resource !== 'pods') return [];
  const namespace = changeNamespace(change);
  const replicaSets = state.list({ group: 'apps', resource: 'replicasets', namespace });
  // Neither controlled nor adoptable: passed over unparsed.
  if (replicaSets.length === 0 && !changeMayHaveField(change, 'ownerReferences')) return [];
  if (!podChangeMatters(change)) return [];
  const keys = new Set<string>();
  for (const pod of [change.object, change.previous]) {
    const ref = pod && controllerOf(pod);
    if (ref?.kind === 'ReplicaSet') keys.add(`${namespace}/${ref.name}`);
  }
  if (!controllerOf(change.object) && change.type !== 'DELETED') {
    for (const rs of replicaSets) {
      if (selectorMatches((rs.object as ReplicaSet).spec.selector, change.object.metadata.labels)) keys.add(keyOf(rs.object));
    }
  }
  return [...keys];
}

export const replicaSetController: Controller = {
  name: 'replicaset-controller',
  indexes,
  // While thousands of pods start, a ReplicaSet's counts change with each: write them at most every
  // 100 ms rather than once per pod (creates and deletes are not held back).
  statusIntervalMs: 100,
  // The pods of a namespace with a ReplicaSet (or that had one), and controlled pods wherever they are.
  podsRead: {
    withFields: ['ownerReferences'],
    widenedBy: (change) => (change.group === 'apps' && change.resource === 'replicasets' && change.type !== 'DELETED' ? { namespaces: [changeNamespace(change)] } : undefined),
  },
  keysFor,
  initialKeys: (state) => state.list({ group: 'apps', resource: 'replicasets' }).map((s) => keyOf(s.object)),
  reconcile: reconcileReplicaSet,
};
