import { isDeepStrictEqual } from 'node:util';
import { kubeEvent, nothingToDo, type ObjectWrite, type ReconcileResult } from '@kronicle/controller-runtime';
import { BY_CONTROLLER, ORPHANS, claim, metaTime, timeOf, podsResource } from '@kronicle/pod-control';
import type { ClusterState } from '@kronicle/projection';
import { ensureCondition, failureFinish, newCondition, recordedFinish, successFinish, type Finish } from './conditions';
import { countPods, hasTrackingFinalizer, isPodFailed, pastBackoffLimitOnFailure, withoutTrackingFinalizer, type JobPod } from './job-pods';
import { completionIndex, formatIndexes, isIndexed, succeededIndexes } from './indexed';
import { manageJob } from './manage';
import { matchPodFailurePolicy } from './pod-failure-policy';
import { JOB_CONTROLLER, JOB_TRACKING_FINALIZER, isJobFinished, isSuspended, jobsResource, type Job, type JobStatus } from './objects';

/**
 * One sync of a Job (upstream `syncJob`), from its pods to one atomic append: finished pods are
 * counted in the status in the same append that removes their tracking finalizer (upstream needs
 * `uncountedTerminatedPods` between its two calls; one append needs nothing between), then either
 * the Job ends — its remaining pods deleted, the interim condition recorded, the final one once no
 * pod is terminating — or its pods are managed toward parallelism and completions.
 */
export function syncJob(job: Job, state: ClusterState, now: Date): ReconcileResult {
  if (isJobFinished(job)) return nothingToDo;
  const writes: ObjectWrite[] = [];
  const { pods, adopted } = podsOf(job, state);
  writes.push(...adopted.map((pod) => ({ kind: 'update', resource: podsResource, object: pod }) as ObjectWrite));
  const counts = countPods(pods);

  const newlySucceeded = pods.filter((p) => hasTrackingFinalizer(p) && p.status?.phase === 'Succeeded');
  const newlyFailed = pods.filter((p) => hasTrackingFinalizer(p) && isPodFailed(p, job));
  const completions = job.spec.completions ?? undefined;
  // An Indexed Job succeeds by indexes: a pod of an index that succeeded already adds nothing.
  const indexes = isIndexed(job) ? succeededIndexes(job, pods, completions ?? 0) : undefined;
  const succeeded = indexes ? indexes.size : (job.status?.succeeded ?? 0) + newlySucceeded.length;
  // A failure a podFailurePolicy rule ignores does not count toward backoffLimit.
  const failed = (job.status?.failed ?? 0) + newlyFailed.filter((p) => matchPodFailurePolicy(job.spec.podFailurePolicy, p).countFailed).length;

  let conditions = job.status?.conditions ?? [];
  let startTime = job.status?.startTime;
  if (!startTime && !isSuspended(job)) startTime = metaTime(now);
  const waits: number[] = [];

  let finish = recordedFinish(conditions, now);
  const failJobMessage = pods.filter((p) => isPodFailed(p, job)).map((p) => matchPodFailurePolicy(job.spec.podFailurePolicy, p).failJobMessage).find(Boolean);
  if (!finish && failJobMessage) finish = failureFinish('PodFailurePolicy', failJobMessage, now);
  if (!finish) {
    if (failed > (job.spec.backoffLimit ?? 6) || pastBackoffLimitOnFailure(job, pods)) {
      finish = failureFinish('BackoffLimitExceeded', 'Job has reached the specified backoff limit', now);
    } else if (job.spec.activeDeadlineSeconds !== undefined && startTime && !isSuspended(job)) {
      const left = (timeOf(startTime) ?? 0) + job.spec.activeDeadlineSeconds * 1000 - now.getTime();
      if (left <= 0) finish = failureFinish('DeadlineExceeded', 'Job was active longer than specified deadline', now);
      else waits.push(left);
    }
  }

  let { active, ready, terminating } = { active: counts.active.length, ready: counts.ready, terminating: counts.terminating };
  /** Pods this append deletes: counted when they end, in a later sync, or (unwanted) never. */
  const deleting = new Set<JobPod>();
  const unwanted = new Set<string | undefined>();
  if (finish && !finish.succeeded) {
    // Upstream `deleteActivePods`: deleted with their finalizers, to be counted as failed.
    for (const pod of counts.active) {
      deleting.add(pod);
      writes.push({ kind: 'delete', resource: podsResource, namespace: pod.metadata.namespace, name: pod.metadata.name ?? '' });
    }
    terminating += active;
    ready = 0;
    active = 0;
  } else if (!finish) {
    if (!job.metadata.deletionTimestamp) {
      const managed = manageJob(job, pods, counts, { succeeded, indexes }, state, now);
      writes.push(...managed.writes);
      ({ active, ready, terminating } = managed);
      if (managed.requeueAfterMs !== undefined) waits.push(managed.requeueAfterMs);
      for (const write of managed.writes) if (write.kind === 'delete') unwanted.add(write.name);
    }
    const complete = completions === undefined ? succeeded > 0 && active === 0 : succeeded >= completions && active === 0;
    if (complete) finish = successFinish(now);
    else if (!job.metadata.deletionTimestamp) {
      const suspended = isSuspended(job);
      const wanted = suspended ? newCondition('Suspended', 'True', 'JobSuspended', 'Job suspended', now) : newCondition('Suspended', 'False', 'JobResumed', 'Job resumed', now);
      const ensured = ensureCondition(conditions, wanted);
      if (ensured.changed) {
        conditions = ensured.conditions;
        writes.push(kubeEvent({ regarding: job, type: 'Normal', reason: suspended ? 'Suspended' : 'Resumed', message: suspended ? 'Job suspended' : 'Job resumed', component: JOB_CONTROLLER, now }));
        // The deadline counts from when the Job last became active.
        if (!suspended) startTime = metaTime(now);
      }
    }
  }

  const counted = countFinishedPods(job, pods.filter((pod) => !unwanted.has(pod.metadata.name)), deleting, finish);
  writes.push(...counted.writes);

  const status: JobStatus = { ...job.status, startTime, ready, terminating, uncountedTerminatedPods: {} };
  // Go's omitempty: the counters are left out at 0 (ready and terminating are pointers, shown at 0).
  const counters = { active, succeeded: indexes ? indexes.size : (job.status?.succeeded ?? 0) + counted.succeeded, failed: (job.status?.failed ?? 0) + counted.failed };
  if (indexes?.size) status.completedIndexes = formatIndexes(indexes);
  else delete status.completedIndexes;
  for (const [field, value] of Object.entries(counters) as [keyof typeof counters, number][]) {
    if (value) status[field] = value;
    else delete status[field];
  }
  if (finish) {
    conditions = ensureCondition(conditions, finish.interim).conditions;
    // Upstream `enactJobFinished`: final once no pod of the Job is still terminating.
    if (terminating === 0 && counted.left === 0) {
      conditions = ensureCondition(conditions, finish.final).conditions;
      if (finish.succeeded) status.completionTime = finish.final.lastTransitionTime;
      writes.push(...finishedEvents(job, status, finish, now));
    }
  }
  if (conditions.length) status.conditions = conditions;
  if (!status.startTime) delete status.startTime;
  if (!isDeepStrictEqual(status, job.status)) writes.push({ kind: 'update', resource: jobsResource, subresource: 'status', object: { ...job, status } });
  return waits.length ? { writes, requeueAfterMs: Math.min(...waits) } : { writes };
}

/**
 * The Job's pods: those it controls, and (with a manual selector) orphans its selector matches,
 * adopted with the tracking finalizer as upstream's `getPodsForJob` does.
 */
function podsOf(job: Job, state: ClusterState): { pods: JobPod[]; adopted: JobPod[] } {
  const candidates = [...state.byIndex(BY_CONTROLLER, `pods/${job.metadata.uid}`), ...(job.spec.manualSelector ? state.byIndex(ORPHANS, `pods/${job.metadata.namespace}`) : [])].map((s) => s.object as JobPod);
  const { owned, changed } = claim(job, job.spec.selector ?? {}, candidates);
  const tracked = (pod: JobPod) => (hasTrackingFinalizer(pod) ? pod : { ...pod, metadata: { ...pod.metadata, finalizers: [...(pod.metadata.finalizers ?? []), JOB_TRACKING_FINALIZER] } });
  const adopted = new Set(changed.filter((pod) => owned.includes(pod)));
  return { pods: owned.map((pod) => (adopted.has(pod) ? tracked(pod) : pod)), adopted: changed.map((pod) => (adopted.has(pod) ? tracked(pod) : pod)) };
}

/**
 * Upstream `trackJobStatusAndRemoveFinalizers`: a finished pod's finalizer goes and it is counted;
 * once the Job ends every pod's finalizer goes, those that did not succeed counted as failed when
 * it failed. `left`: pods that keep their finalizer (the Job cannot end before they are counted).
 */
function countFinishedPods(job: Job, pods: JobPod[], deleting: Set<JobPod>, finish: Finish | undefined): { writes: ObjectWrite[]; succeeded: number; failed: number; left: number } {
  const result = { writes: [] as ObjectWrite[], succeeded: 0, failed: 0, left: 0 };
  for (const pod of pods) {
    if (!hasTrackingFinalizer(pod)) continue;
    if (deleting.has(pod)) {
      result.left++;
      continue;
    }
    const failed = isPodFailed(pod, job);
    // An Indexed Job counts only the pods of its indexes.
    const ofAnIndex = !isIndexed(job) || completionIndex(pod, job.spec.completions ?? 0) !== undefined;
    if (pod.status?.phase === 'Succeeded') result.succeeded++;
    else if (failed || (finish && !finish.succeeded)) result.failed += ofAnIndex && (!failed || matchPodFailurePolicy(job.spec.podFailurePolicy, pod).countFailed) ? 1 : 0;
    else if (!job.metadata.deletionTimestamp && !finish) {
      result.left++;
      continue;
    }
    result.writes.push({ kind: 'update', resource: podsResource, object: withoutTrackingFinalizer(pod) });
  }
  return result;
}

function finishedEvents(job: Job, status: JobStatus, finish: Finish, now: Date): ObjectWrite[] {
  if (!finish.succeeded) return [kubeEvent({ regarding: job, type: 'Warning', reason: finish.final.reason ?? '', message: finish.final.message ?? '', component: JOB_CONTROLLER, now })];
  const tooMany = typeof job.spec.completions === 'number' && (status.succeeded ?? 0) > job.spec.completions;
  return [
    ...(tooMany ? [kubeEvent({ regarding: job, type: 'Warning', reason: 'TooManySucceededPods', message: 'Too many succeeded pods running after completion count reached', component: JOB_CONTROLLER, now })] : []),
    kubeEvent({ regarding: job, type: 'Normal', reason: 'Completed', message: 'Job completed', component: JOB_CONTROLLER, now }),
  ];
}
