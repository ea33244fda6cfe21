import { nothingToDo, type ReconcileResult } from '@kronicle/controller-runtime';
import type { ClusterState } from '@kronicle/projection';
import { controllerOf, keyOf, objectOfKey, podsResource } from '@kronicle/pod-control';
import { hasTrackingFinalizer, withoutTrackingFinalizer, type JobPod } from './job-pods';
import { isJobFinished, jobsResource, type Job } from './objects';

/**
 * Upstream `syncOrphanPod`: a pod whose Job is gone, finished or replaced (or that lost its owner)
 * will never be counted, so its tracking finalizer goes and it may be deleted.
 */
export function removeOrphanFinalizer(podKey: string, state: ClusterState): ReconcileResult {
  const pod = objectOfKey<JobPod>(state, podsResource, podKey);
  if (!pod || !hasTrackingFinalizer(pod) || liveJobOf(pod, state)) return nothingToDo;
  return { writes: [{ kind: 'update', resource: podsResource, object: withoutTrackingFinalizer(pod) }] };
}

/** The Job that controls a pod, if it is the one of that name that exists now and has not finished. */
export function liveJobOf(pod: JobPod, state: ClusterState): Job | undefined {
  const ref = controllerOf(pod);
  if (ref?.kind !== 'Job' || ref.apiVersion !== 'batch/v1') return undefined;
  const job = objectOfKey<Job>(state, jobsResource, keyOf(pod.metadata.namespace ?? '', ref.name));
  return job?.metadata.uid === ref.uid && !isJobFinished(job) ? job : undefined;
}
