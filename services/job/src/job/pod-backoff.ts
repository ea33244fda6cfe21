import { finishedTime, isPodFailed, type JobPod } from './job-pods';
import type { Job } from './objects';

/** Upstream `DefaultJobPodFailureBackOff` and `MaxJobPodFailureBackOff`. */
export const POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_POD_FAILURE_BACKOFF_MS = 600_000;

/**
 * How long before the Job may create a pod again (upstream's backoff record): after n failures
 * since the last success it waits 10 s · 2^(n-1), at most 10 min, from the last failure. E.g. the
 * third failure in a row at 12:00:00 holds new pods until 12:00:40. Read from the pods themselves
 * (upstream keeps the record in memory), so a restarted controller waits as the live one did.
 */
export function podCreationBackoffMs(job: Job, pods: JobPod[], now: Date): number {
  let lastSuccess = -Infinity;
  for (const pod of pods) if (pod.status?.phase === 'Succeeded') lastSuccess = Math.max(lastSuccess, finishedTime(pod));
  let failures = 0;
  let lastFailure = -Infinity;
  for (const pod of pods) {
    if (!isPodFailed(pod, job)) continue;
    const finished = finishedTime(pod);
    if (finished <= lastSuccess) continue;
    failures++;
    lastFailure = Math.max(lastFailure, finished);
  }
  if (failures === 0) return 0;
  const backoff = Math.min(MAX_POD_FAILURE_BACKOFF_MS, POD_FAILURE_BACKOFF_MS * 2 ** Math.min(failures - 1, 30));
  return Math.max(0, lastFailure + backoff - now.getTime());
}
