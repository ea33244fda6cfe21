import type { KubeObject, OwnerReference } from '@kronicle/contracts';
import { type Pod, controllerOf } from '@kronicle/pod-control';
import { scaleResourceOf, type PodDisruptionBudget } from '@kronicle/object-lifecycle';
import type { ClusterState } from '@kronicle/projection';
import { scaledValue } from '../deployment/fenceposts';
import { replicasOf, type Deployment, type ReplicaSet } from '../shared/objects';
import { getObject } from '../shared/resources';

/** Why a budget's status cannot be worked out (upstream's sync error, reported as SyncFailed). */
export class BudgetSyncError extends Error {}

/** A pod controller's uid and desired replicas (upstream `controllerAndScale`). */
export interface ControllerScale {
  uid: string;
  replicas: number;
}

export interface ExpectedPods {
  expectedCount: number;
  desiredHealthy: number;
  /** Matching pods without a controller: they have no scale to count. */
  unmanagedPods: string[];
}

/**
 * Upstream `getExpectedPodCount`. With an integer minAvailable the pods that match are what is
 * expected; a percentage or maxUnavailable is of the scale of the pods' controllers. E.g. a
 * Deployment of 4 replicas, 3 of its pods running, maxUnavailable 25%: expected 4, desired 3.
 */
export function expectedPods(pdb: PodDisruptionBudget, pods: Pod[], scaleOf: (ref: OwnerReference, namespace: string) => ControllerScale | undefined): ExpectedPods {
  const { minAvailable, maxUnavailable } = pdb.spec ?? {};
  if (maxUnavailable !== undefined) {
    const { expectedCount, unmanagedPods } = expectedScale(pods, scaleOf);
    return { expectedCount, desiredHealthy: Math.max(0, expectedCount - scaled(maxUnavailable, expectedCount)), unmanagedPods };
  }
  if (typeof minAvailable === 'number') return { expectedCount: pods.length, desiredHealthy: minAvailable, unmanagedPods: [] };
  if (minAvailable !== undefined) {
    const { expectedCount, unmanagedPods } = expectedScale(pods, scaleOf);
    return { expectedCount, desiredHealthy: scaled(minAvailable, expectedCount), unmanagedPods };
  }
  return { expectedCount: 0, desiredHealthy: 0, unmanagedPods: [] };
}

/** Upstream `GetScaledValueFromIntOrPercent` rounding up, which refuses a string that is not a percentage. */
function scaled(value: number | string, total: number): number {
  if (typeof value === 'string' && !/^-?\d+%$/.test(value)) {
    throw new BudgetSyncError(value.endsWith('%') ? `invalid value for IntOrString: invalid value "${value}"` : 'invalid type: string is not a percentage');
  }
  return scaledValue(value, total, true);
}

/**
 * Upstream `getExpectedScale`: the sum of the scales of the controllers of the pods, each counted
 * once. A pod without a controller is only reported; a controller that cannot be found, or whose
 * kind has no scale, fails the sync.
 */
function expectedScale(pods: Pod[], scaleOf: (ref: OwnerReference, namespace: string) => ControllerScale | undefined): { expectedCount: number; unmanagedPods: string[] } {
  // By the uid of the controller whose scale counts: pods of two ReplicaSets of one Deployment count it once.
  const scales = new Map<string, number>();
  const looked = new Set<string>();
  const unmanagedPods: string[] = [];
  for (const pod of pods) {
    const ref = controllerOf(pod);
    if (!ref) {
      unmanagedPods.push(pod.metadata.name ?? '');
      continue;
    }
    if (looked.has(ref.uid)) continue;
    looked.add(ref.uid);
    const scale = scaleOf(ref, pod.metadata.namespace ?? '');
    if (!scale) throw new BudgetSyncError(`found no controllers for pod "${pod.metadata.name}"`);
    scales.set(scale.uid, scale.replicas);
  }
  let expectedCount = 0;
  for (const replicas of scales.values()) expectedCount += replicas;
  return { expectedCount, unmanagedPods };
}

const isApps = (ref: OwnerReference) => ref.apiVersion.startsWith('apps/') || ref.apiVersion.startsWith('extensions/');

/**
 * Upstream's finders, in their order: a ReplicaSet's Deployment, a ReplicaSet no Deployment
 * controls, a StatefulSet, and last the scale subresource of whatever kind the reference names
 * (e.g. a ReplicaSet whose Deployment is gone). Each must be the very object the reference names
 * (same uid). A kind that is not served or has no scale subresource, such as a Job, fails the sync.
 */
export function controllerScale(state: ClusterState, ref: OwnerReference, namespace: string): ControllerScale | undefined {
  return deploymentOfReplicaSet(state, ref, namespace) ?? ownScale(state, ref, namespace) ?? scaleSubresource(state, ref, namespace);
}

function deploymentOfReplicaSet(state: ClusterState, ref: OwnerReference, namespace: string): ControllerScale | undefined {
  if (!isApps(ref) || ref.kind !== 'ReplicaSet') return undefined;
  const rs = getObject<ReplicaSet>(state, 'apps', 'replicasets', namespace, ref.name);
  const owner = rs?.metadata.uid === ref.uid ? controllerOf(rs) : undefined;
  if (!owner || owner.kind !== 'Deployment' || !isApps(owner)) return undefined;
  const d = getObject<Deployment>(state, 'apps', 'deployments', namespace, owner.name);
  return d?.metadata.uid === owner.uid ? { uid: owner.uid, replicas: replicasOf(d) } : undefined;
}

/** A ReplicaSet no Deployment controls, or a StatefulSet: its own replicas. */
function ownScale(state: ClusterState, ref: OwnerReference, namespace: string): ControllerScale | undefined {
  if (!isApps(ref)) return undefined;
  if (ref.kind === 'StatefulSet') {
    const sts = getObject<KubeObject & { spec: { replicas?: number } }>(state, 'apps', 'statefulsets', namespace, ref.name);
    return sts?.metadata.uid === ref.uid ? { uid: ref.uid, replicas: replicasOf(sts) } : undefined;
  }
  if (ref.kind !== 'ReplicaSet') return undefined;
  const rs = getObject<ReplicaSet>(state, 'apps', 'replicasets', namespace, ref.name);
  if (rs?.metadata.uid !== ref.uid || controllerOf(rs)?.kind === 'Deployment') return undefined;
  return { uid: ref.uid, replicas: replicasOf(rs) };
}

/** Upstream getScaleController: the object's scale (spec.replicas), or none when it is not there. */
function scaleSubresource(state: ClusterState, ref: OwnerReference, namespace: string): ControllerScale | undefined {
  const found = scaleResourceOf(ref);
  if ('error' in found) throw new BudgetSyncError(found.error);
  const object = getObject<KubeObject & { spec: { replicas?: number } }>(state, found.resource.group, found.resource.resource, namespace, ref.name);
  return object?.metadata.uid === ref.uid ? { uid: ref.uid, replicas: replicasOf(object) } : undefined;
}
