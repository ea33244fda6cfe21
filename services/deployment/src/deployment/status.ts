import { replicasOf, type Deployment, type ReplicaSet } from '../shared/objects';
import { Reason, newCondition, setCondition } from './conditions';
import { maxUnavailable } from './fenceposts';
import { actualReplicas, availableReplicas, readyReplicas, specReplicas } from './replica-sets';

type DeploymentStatus = NonNullable<Deployment['status']>;

/**
 * Upstream `calculateStatus`: counts from the ReplicaSets, Available=True once at least
 * replicas − maxUnavailable pods are available (10 replicas, maxUnavailable 2: 8 suffice).
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
  status =
    available >= replicasOf(d) - maxUnavailable(d)
      ? setCondition(status, newCondition('Available', 'True', Reason.MinimumReplicasAvailable, 'Deployment has minimum availability.', now))
      : setCondition(status, newCondition('Available', 'False', Reason.MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', now));
  return status;
}

/** Upstream `DeploymentComplete`: every replica updated and available, and the latest spec observed. */
export function deploymentComplete(d: Deployment, status: DeploymentStatus): boolean {
  const replicas = replicasOf(d);
  return status.updatedReplicas === replicas && status.replicas === replicas && status.availableReplicas === replicas && (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}
