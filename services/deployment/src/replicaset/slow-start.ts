/** Upstream's `burstReplicas`: at most this many pods are created or deleted in one sync. */
export const BURST_REPLICAS = 500;

/**
 * How many of `missing` pods to create in this reconcile. Upstream creates in slow-start batches
 * (1, 2, 4, …) so that a template the API refuses fails after one call, not hundreds. Here a
 * reconcile's writes are appended atomically, so each reconcile is one batch, and the batch doubles
 * with the pods that already exist: from 0 pods 1, then 1, 2, 4, 8 …; from 3 pods, 3 then 6 …;
 * never more than `BURST_REPLICAS`.
 */
export function createBatchSize(missing: number, existing: number): number {
  return Math.max(0, Math.min(missing, BURST_REPLICAS, Math.max(1, existing)));
}
