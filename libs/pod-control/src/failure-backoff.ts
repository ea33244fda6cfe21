/** Bounds of the wait before a sync that failed is tried again (upstream's per-item rate limiter goes up to 1000 s). */
const FAILURE_RETRY_MIN_MS = 1000;
const FAILURE_RETRY_MAX_MS = 1_000_000;

/**
 * Upstream requeues a failed sync with exponential backoff. Here the wait is as long as the sync has
 * failed so far (since its failure condition's lastTransitionTime), which doubles the interval
 * between attempts — 1 s, 1 s, 2 s, 4 s … — up to 1000 s, read from state alone.
 */
export function retryAfterFailingSinceMs(since: string | undefined, now: Date): number {
  const failingFor = since ? now.getTime() - Date.parse(since) : 0;
  return Math.min(FAILURE_RETRY_MAX_MS, Math.max(FAILURE_RETRY_MIN_MS, failingFor));
}

/**
 * How soon a controller tries again a pod create the API refused (a ServiceAccount not made yet, a
 * quota, an invalid template). Upstream's work queue backs off from 5 ms to 1000 s; a fixed pause
 * keeps the reconcile a function of the cache alone, and the repeated Event is counted, not added.
 */
export const REFUSED_CREATE_RETRY_MS = 5_000;
