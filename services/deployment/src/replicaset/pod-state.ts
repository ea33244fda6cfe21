import type { Pod } from '../shared/objects';
import { timeOf } from '../shared/objects';

/** Upstream `IsPodActive`: not finished and not being deleted. Only active pods count as replicas. */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

export function readyCondition(pod: Pod) {
  return pod.status?.conditions?.find((c) => c.type === 'Ready');
}

export function isPodReady(pod: Pod): boolean {
  return readyCondition(pod)?.status === 'True';
}

/** When the pod last became Ready, if it is. */
export function readySince(pod: Pod): number | undefined {
  return isPodReady(pod) ? timeOf(readyCondition(pod)?.lastTransitionTime) : undefined;
}

/**
 * Upstream `IsPodAvailable`: ready for more than `minReadySeconds`. E.g. minReadySeconds 5,
 * ready since 12:00:00: not available at 12:00:05, available at 12:00:05.001.
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: Date): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds === 0) return true;
  const since = readySince(pod);
  return since !== undefined && since + minReadySeconds * 1000 < now.getTime();
}

/** Milliseconds until the next ready pod becomes available, if one is waiting for minReadySeconds. */
export function nextAvailableInMs(pods: Pod[], minReadySeconds: number, now: Date): number | undefined {
  if (minReadySeconds === 0) return undefined; // ready is available at once: nobody waits
  let next: number | undefined;
  for (const pod of pods) {
    const since = readySince(pod);
    if (since === undefined || isPodAvailable(pod, minReadySeconds, now)) continue;
    const wait = since + minReadySeconds * 1000 - now.getTime() + 1;
    next = next === undefined ? wait : Math.min(next, wait);
  }
  return next;
}
