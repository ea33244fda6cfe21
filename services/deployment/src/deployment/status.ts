import { storedStatus } from '@kronicle/object-lifecycle';
import { replicasOf, type Deployment, type ReplicaSet } from '../shared/objects';
import { Reason, newCondition, setCondition } from './conditions';
import { maxUnavailable } from './fenceposts';
import { actualReplicas, availableReplicas, readyReplicas, specReplicas } from './replica-sets';

type DeploymentStatus = NonNullable<Deployment['status']>;

/**
 * Upstream `calculateStatus`: counts from the ReplicaSets, Available=True once at least
 * replicas − maxUnavailable pods are available (10 replicas, maxUnavailable 2: 8 suffice). The
 * counts at 0 are left out, as upstream's omitempty prints a Deployment scaled to 0.
 */
export function calculateStatus(d: Deployment, base: DeploymentStatus, allRSs: ReplicaSet[], newRS: ReplicaSet | undefined, now: Date): DeploymentStatus {
  const available = availableReplicas(allRSs);
  let status: DeploymentStatus = {
    observedGeneration: d.metadata.generation,
    replicas: actualReplicas(allRSs),
    updatedReplicas: actualReplicas([newRS]),
    readyReplicas: readyReplicas(allRSs),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, specReplicas(allRSs) - available),
    ...(base.collisionCount !== undefined ? { collisionCount: base.collisionCount } : {}),
    ...(base.conditions ? { conditions: base.conditions } : {}),
  };
  status = storedStatus('apps/v1', 'Deployment', status);
  status =
    available >= replicasOf(d) - maxUnavailable(d)
      ? setCondition(status, newCondition('Available', 'True', Reason.MinimumReplicasAvailable, 'Deployment has minimum availability.', now))
      : setCondition(status, newCondition('Available', 'False', Reason.MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', now));
  return status;
}

/** Upstream `DeploymentComplete`: every replica updated and available, and the latest spec observed; a count left out is 0. */
export function deploymentComplete(d: Deployment, status: DeploymentStatus): boolean {
  const replicas = replicasOf(d);
  return (
    (status.updatedReplicas ?? 0) === replicas &&
    (status.replicas ?? 0) === replicas &&
    (status.availableReplicas ?? 0) === replicas &&
    (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}
