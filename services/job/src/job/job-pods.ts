import { isPodReady } from '@kronicle/contracts';
import { isPodActive, isPodTerminating, timeOf, type Pod } from '@kronicle/pod-control';
import { JOB_TRACKING_FINALIZER, type Job } from './objects';

interface ContainerStatus {
  restartCount?: number;
  state?: { terminated?: { finishedAt?: string } };
}

/** What the Job controller reads of its pods. */
export interface JobPod extends Pod {
  status?: Omit<NonNullable<Pod['status']>, 'containerStatuses' | 'initContainerStatuses'> & { containerStatuses?: ContainerStatus[]; initContainerStatuses?: ContainerStatus[] };
}

export function hasTrackingFinalizer(pod: Pod): boolean {
  return pod.metadata.finalizers?.includes(JOB_TRACKING_FINALIZER) ?? false;
}

export function withoutTrackingFinalizer<T extends Pod>(pod: T): T {
  const finalizers = (pod.metadata.finalizers ?? []).filter((f) => f !== JOB_TRACKING_FINALIZER);
  return { ...pod, metadata: { ...pod.metadata, finalizers: finalizers.length ? finalizers : undefined } };
}

/**
 * Upstream `isPodFailed`: phase Failed, or — unless only failed pods are replaced — deleted before
 * it succeeded (an orphan or evicted pod may never reach a phase).
 */
export function isPodFailed(pod: Pod, job: Job): boolean {
  if (pod.status?.phase === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return Boolean(pod.metadata.deletionTimestamp) && pod.status?.phase !== 'Succeeded';
}

/** Upstream `onlyReplaceFailedPods`: podReplacementPolicy Failed (the default with a podFailurePolicy). */
export function onlyReplaceFailedPods(job: Job): boolean {
  return job.spec.podReplacementPolicy === 'Failed' || job.spec.podFailurePolicy !== undefined;
}

/**
 * Upstream `getFinishedTime`: when the last container ended, else when the pod stopped being
 * Ready, else when it was deleted, else when it was created.
 */
export function finishedTime(pod: JobPod): number {
  const ended = (pod.status?.containerStatuses ?? []).map((c) => timeOf(c.state?.terminated?.finishedAt)).filter((t) => t !== undefined);
  if (ended.length) return Math.max(...ended);
  const notReady = pod.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'False');
  return timeOf(notReady?.lastTransitionTime) ?? timeOf(pod.metadata.deletionTimestamp) ?? timeOf(pod.metadata.creationTimestamp) ?? 0;
}

/**
 * Upstream `pastBackoffLimitOnFailure`: with restartPolicy OnFailure the kubelet restarts failed
 * containers in place, so their restarts in running or pending pods count against backoffLimit.
 */
export function pastBackoffLimitOnFailure(job: Job, pods: JobPod[]): boolean {
  if (job.spec.template.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const pod of pods) {
    if (pod.status?.phase !== 'Running' && pod.status?.phase !== 'Pending') continue;
    for (const c of [...(pod.status.initContainerStatuses ?? []), ...(pod.status.containerStatuses ?? [])]) restarts += c.restartCount ?? 0;
  }
  const limit = job.spec.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

/** The Job's pods as its status counts them. */
export interface PodCounts {
  active: JobPod[];
  ready: number;
  terminating: number;
}

export function countPods(pods: JobPod[]): PodCounts {
  const active = pods.filter(isPodActive);
  return { active, ready: active.filter(isPodReady).length, terminating: pods.filter(isPodTerminating).length };
}
