/** Upstream's `burstReplicas`: at most this many pods are created or deleted in one sync. */
export const BURST_REPLICAS = 500;

/**
 * How many of `missing` pods to create in this reconcile: as many as upstream creates in one sync.
 * Upstream reaches them in slow-start batches (1, 2, 4, …) so that a template the API refuses fails
 * after one call, not hundreds; here the reconcile asks first whether the API would take the first
 * pod (the pods of one template are alike) and appends the whole burst atomically, so the answer is
 * the same without the calls in between.
 */
export function createBatchSize(missing: number): number {
  return Math.max(0, Math.min(missing, BURST_REPLICAS));
}
