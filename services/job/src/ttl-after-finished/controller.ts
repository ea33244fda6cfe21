import { nothingToDo, readsNoPods, type Controller, type ReconcileResult } from '@kronicle/controller-runtime';
import { allKeys, changeKey, objectOfKey, timeOf } from '@kronicle/pod-control';
import type { ClusterState } from '@kronicle/projection';
import { jobsResource, type Job } from '../job/objects';

/** When a finished Job finished: its Complete or Failed condition's transition (upstream `jobFinishTime`). */
export function finishedAt(job: Job): number | undefined {
  const condition = job.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
  return timeOf(condition?.lastTransitionTime);
}

/**
 * Upstream's TTL-after-finished controller: a finished Job with `ttlSecondsAfterFinished` is deleted
 * (foreground, so its pods go first, and only the Job it looked at) once that long has passed.
 */
export function reconcileFinishedJob(key: string, state: ClusterState, now: Date): ReconcileResult {
  const job = objectOfKey<Job>(state, jobsResource, key);
  const ttl = job?.spec.ttlSecondsAfterFinished;
  const finished = job && finishedAt(job);
  if (!job || ttl === undefined || finished === undefined || job.metadata.deletionTimestamp) return nothingToDo;
  const left = finished + ttl * 1000 - now.getTime();
  if (left > 0) return { writes: [], requeueAfterMs: left };
  const { namespace, name, uid, resourceVersion } = job.metadata;
  return { writes: [{ kind: 'delete', resource: jobsResource, namespace, name: name ?? '', options: { propagationPolicy: 'Foreground', preconditions: { uid, resourceVersion } } }] };
}

export const ttlAfterFinishedController: Controller = {
  name: 'ttl-after-finished-controller',
  podsRead: readsNoPods,
  keysFor: (change) => (change.group === 'batch' && change.resource === 'jobs' && change.type !== 'DELETED' ? [changeKey(change)] : []),
  initialKeys: (state) => allKeys(state, { group: 'batch', resource: 'jobs' }),
  reconcile: reconcileFinishedJob,
};
