import { replicasOf, type ReplicaSet } from '../shared/objects';
import { timeOf } from '@kronicle/pod-control';
import { REVISION } from './annotations';
import { equalIgnoreHash } from './template-hash';
import type { Deployment } from '../shared/objects';

/** Upstream `ReplicaSetsByCreationTimestamp`: older first, the name breaks ties. */
export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  const ta = timeOf(a.metadata.creationTimestamp) ?? 0;
  const tb = timeOf(b.metadata.creationTimestamp) ?? 0;
  if (ta !== tb) return ta - tb;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
}

/** Upstream `ReplicaSetsBySizeNewer`: larger first, then newer first (where surplus goes when scaling up). */
export function bySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  return replicasOf(b) - replicasOf(a) || byCreation(b, a);
}

/** Upstream `ReplicaSetsBySizeOlder`: larger first, then older first (what shrinks first when scaling down). */
export function bySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  return replicasOf(b) - replicasOf(a) || byCreation(a, b);
}

export function revisionOf(rs: ReplicaSet): number {
  const revision = Number(rs.metadata.annotations?.[REVISION] ?? 0);
  return Number.isInteger(revision) ? revision : 0;
}

/** Upstream `ReplicaSetsByRevision`: oldest revision first. */
export function byRevision(a: ReplicaSet, b: ReplicaSet): number {
  return revisionOf(a) - revisionOf(b) || byCreation(a, b);
}

/** Upstream `FindNewReplicaSet`: the oldest ReplicaSet whose template is the Deployment's. */
export function findNewReplicaSet(d: Deployment, rsList: ReplicaSet[]): ReplicaSet | undefined {
  return [...rsList].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));
}

export function filterActive(rsList: (ReplicaSet | undefined)[]): ReplicaSet[] {
  return rsList.filter((rs): rs is ReplicaSet => rs !== undefined && replicasOf(rs) > 0);
}

/** Sum of spec.replicas (upstream `GetReplicaCountForReplicaSets`). */
export function specReplicas(rsList: (ReplicaSet | undefined)[]): number {
  return rsList.reduce((sum, rs) => sum + (rs ? replicasOf(rs) : 0), 0);
}

/** Sum of status.replicas: active pods (upstream `GetActualReplicaCountForReplicaSets`). */
export function actualReplicas(rsList: (ReplicaSet | undefined)[]): number {
  return rsList.reduce((sum, rs) => sum + (rs?.status?.replicas ?? 0), 0);
}

export function readyReplicas(rsList: (ReplicaSet | undefined)[]): number {
  return rsList.reduce((sum, rs) => sum + (rs?.status?.readyReplicas ?? 0), 0);
}

export function availableReplicas(rsList: (ReplicaSet | undefined)[]): number {
  return rsList.reduce((sum, rs) => sum + (rs?.status?.availableReplicas ?? 0), 0);
}

/**
 * Pods that exist or are asked for: per ReplicaSet the larger of spec and status replicas. Upstream
 * counts spec only, so while an old ReplicaSet's pods are still being deleted the new one may
 * already grow and the pods exceed replicas + maxSurge for a moment; counting those pods too keeps
 * the bound. A ReplicaSet reports the pods it creates in the same append, and the pods it deletes in
 * a later one, so pods being deleted count until it reports them: the bound holds at every point
 * of the log.
 */
export function podsExistingOrAsked(rsList: (ReplicaSet | undefined)[]): number {
  return rsList.reduce((sum, rs) => sum + (rs ? Math.max(replicasOf(rs), rs.status?.replicas ?? 0) : 0), 0);
}

/**
 * Available pods that will still be there once each ReplicaSet has reached its size: per ReplicaSet
 * at most spec.replicas. Upstream sums status.availableReplicas, which lags a scale-down just asked
 * for: old at 3 available and just scaled to 2, new at 2 available, 3 needed: upstream sees 5 and
 * scales old to 0, leaving 2 for a moment. Counting old as 2 lets it go to 1 only.
 */
export function availableOnceScaled(rsList: (ReplicaSet | undefined)[]): number {
  return rsList.reduce((sum, rs) => sum + (rs ? Math.min(rs.status?.availableReplicas ?? 0, replicasOf(rs)) : 0), 0);
}
