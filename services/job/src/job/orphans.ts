import { objectStreamId } from '@kronicle/contracts';
import { nothingToDo, type ReconcileResult } from '@kronicle/controller-runtime';
import type { ClusterState } from '@kronicle/projection';
import { controllerOf } from '@kronicle/pod-control';
import { hasTrackingFinalizer, withoutTrackingFinalizer, type JobPod } from './job-pods';
import { isJobFinished, podsResource, type Job } from './objects';
import { getJob } from './sync';

/**
 * Upstream `syncOrphanPod`: a pod whose Job is gone, finished or replaced (or that lost its owner)
 * will never be counted, so its tracking finalizer goes and it may be deleted.
 */
export function removeOrphanFinalizer({ namespace, name }: { namespace: string; name: string }, state: ClusterState): ReconcileResult {
  const pod = state.get(objectStreamId({ group: '', resource: 'pods', namespace, name }))?.object as JobPod | undefined;
  if (!pod || !hasTrackingFinalizer(pod) || liveJobOf(pod, state)) return nothingToDo;
  return { writes: [{ kind: 'update', resource: podsResource, object: withoutTrackingFinalizer(pod) }] };
}

/** The Job that controls a pod, if it is the one of that name that exists now and has not finished. */
export function liveJobOf(pod: JobPod, state: ClusterState): Job | undefined {
  const ref = controllerOf(pod);
  if (ref?.kind !== 'Job' || ref.apiVersion !== 'batch/v1') return undefined;
  const job = getJob(state, pod.metadata.namespace ?? '', ref.name);
  return job?.metadata.uid === ref.uid && !isJobFinished(job) ? job : undefined;
}
