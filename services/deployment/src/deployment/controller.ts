import type { Controller } from '@kronicle/controller-runtime';
import { type Pod, controllerOf, indexes } from '@kronicle/pod-control';
import { selectorMatches } from '@kronicle/kube-validation';
import { changeMayHaveField, changeNamespace, type ClusterState, type ObjectChange } from '@kronicle/projection';
import { type Deployment } from '../shared/objects';
import { getObject, keyOf } from '../shared/resources';
import { reconcileDeployment } from './reconcile';
import { hasNotFinished } from './recreate';

/**
 * The pod, as its controller counted it, when a change may let a Recreate rollout waiting for old
 * pods go on: a controlled pod that had not finished is gone, has finished or was released. Any
 * other pod change can only keep it waiting (upstream watches pod deletions alone).
 */
export function podStoppedRunning(change: ObjectChange): Pod | undefined {
  const before = change.previous as Pod | undefined;
  if (!before || !hasNotFinished(before) || !controllerOf(before)) return undefined;
  if (change.type === 'DELETED') return before;
  const after = change.object as Pod;
  return hasNotFinished(after) && controllerOf(after)?.uid === controllerOf(before)?.uid ? undefined : before;
}

/**
 * A ReplicaSet change concerns the Deployment that controls (or controlled) it, or those that may
 * adopt it; a pod change only a Recreate Deployment waiting for old pods to go (`podStoppedRunning`).
 */
function keysFor(change: ObjectChange, state: ClusterState): string[] {
  const namespace = changeNamespace(change);
  if (change.group === 'apps' && change.resource === 'deployments') return [keyOf(change.object)];
  const keys = new Set<string>();
  if (change.group === 'apps' && change.resource === 'replicasets') {
    for (const rs of [change.object, change.previous]) {
      const ref = rs && controllerOf(rs);
      if (ref?.kind === 'Deployment') keys.add(`${namespace}/${ref.name}`);
    }
    if (!controllerOf(change.object) && change.type !== 'DELETED') {
      for (const d of state.list({ group: 'apps', resource: 'deployments', namespace })) {
        if (selectorMatches((d.object as Deployment).spec.selector, change.object.metadata.labels)) keys.add(keyOf(d.object));
      }
    }
  } else if (change.group === '' && change.resource === 'pods' && changeMayHaveField(change, 'ownerReferences')) {
    const pod = podStoppedRunning(change);
    const rsRef = pod && controllerOf(pod);
    const rs = rsRef?.kind === 'ReplicaSet' ? getObject(state, 'apps', 'replicasets', namespace, rsRef.name) : undefined;
    const dRef = rs && controllerOf(rs);
    const d = dRef?.kind === 'Deployment' ? getObject<Deployment>(state, 'apps', 'deployments', namespace, dRef.name) : undefined;
    if (d?.spec.strategy?.type === 'Recreate') keys.add(keyOf(d));
  }
  return [...keys];
}

export const deploymentController: Controller = {
  name: 'deployment-controller',
  indexes,
  // A Recreate rollout waits for the pods of its ReplicaSets, which name them as owners.
  podsRead: { withFields: ['ownerReferences'], widenedBy: () => undefined },
  keysFor,
  initialKeys: (state) => state.list({ group: 'apps', resource: 'deployments' }).map((s) => keyOf(s.object)),
  reconcile: reconcileDeployment,
};
