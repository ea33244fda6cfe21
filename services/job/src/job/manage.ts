import { isPodReady } from '@kronicle/contracts';
import { kubeEvent, type ObjectWrite } from '@kronicle/controller-runtime';
import { REFUSED_CREATE_RETRY_MS, answerToCreate, freePodNames, podFromTemplate, timeOf, type Pod, podsResource } from '@kronicle/pod-control';
import type { ClusterState } from '@kronicle/projection';
import { onlyReplaceFailedPods, withoutTrackingFinalizer, type JobPod, type PodCounts } from './job-pods';
import { JOB_CONTROLLER, JOB_TRACKING_FINALIZER, isSuspended, type Job } from './objects';
import { indexedTemplate, isIndexed, pendingIndexes, surplusIndexedPods } from './indexed';
import { podCreationBackoffMs } from './pod-backoff';

/** Upstream `MaxPodCreateDeletePerSync`. */
export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;

/** How far the Job is: pods succeeded, and for an Indexed Job which indexes. */
export interface Progress {
  succeeded: number;
  indexes?: Set<number>;
}

export interface Managed {
  writes: ObjectWrite[];
  /** Active pods once these writes are appended. */
  active: number;
  ready: number;
  terminating: number;
  requeueAfterMs?: number;
}

/**
 * Upstream `manageJob`: moves the active pods toward what the Job wants, deleting first if it has
 * too many (a suspended Job wants none), else creating what is missing once the backoff after
 * failures has passed. E.g. completions 5, parallelism 2, 4 succeeded: it wants 1 active pod.
 */
export function manageJob(job: Job, pods: JobPod[], counts: PodCounts, progress: Progress, state: ClusterState, now: Date): Managed {
  const active = counts.active.length;
  const unchanged: Managed = { writes: [], active, ready: counts.ready, terminating: counts.terminating };
  const parallelism = job.spec.parallelism ?? 1;
  const wantActive = isSuspended(job) ? 0 : wantedActive(job, parallelism, progress.succeeded, active);

  const removed = podsForRemoval(job, counts.active, active - wantActive).slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
  if (removed.length > 0) {
    return {
      writes: removed.flatMap((pod) => deletePod(job, pod, now)),
      active: active - removed.length,
      ready: counts.ready - removed.filter(isPodReady).length,
      terminating: counts.terminating + removed.length,
    };
  }

  // With podReplacementPolicy Failed, a terminating pod is replaced only once it has failed.
  const missing = Math.min(wantActive - (onlyReplaceFailedPods(job) ? counts.terminating : 0) - active, MAX_POD_CREATE_DELETE_PER_SYNC);
  if (missing <= 0) return unchanged;
  const backoff = podCreationBackoffMs(job, pods, now);
  if (backoff > 0) return { ...unchanged, requeueAfterMs: backoff };

  const created = progress.indexes ? newIndexedPods(job, state, pendingIndexes(counts.active, progress.indexes, job.spec.completions ?? 0, missing)) : newPods(job, state, missing);
  if (created.length === 0) return unchanged;
  // Pods of one template are alike: the first pod's answer decides the batch.
  const answer = answerToCreate(created[0], state, now);
  if (answer.kind === 'namespaceTerminating') return unchanged;
  if (answer.kind === 'refused') {
    const event = kubeEvent({ regarding: job, type: 'Warning', reason: 'FailedCreate', message: `Error creating: ${answer.error.message}`, component: JOB_CONTROLLER, now });
    return { ...unchanged, writes: [event], requeueAfterMs: REFUSED_CREATE_RETRY_MS };
  }
  return {
    ...unchanged,
    writes: created.flatMap((pod) => [
      { kind: 'create', resource: podsResource, object: pod } as ObjectWrite,
      kubeEvent({ regarding: job, type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${pod.metadata.name}`, component: JOB_CONTROLLER, now }),
    ]),
    active: active + created.length,
  };
}

/**
 * Without completions (a work queue) the Job runs `parallelism` pods until one succeeds, then lets
 * those running finish; with completions, never more than remain to succeed.
 */
function wantedActive(job: Job, parallelism: number, succeeded: number, active: number): number {
  const completions = job.spec.completions;
  if (completions === undefined || completions === null) return succeeded > 0 ? active : parallelism;
  return Math.max(0, Math.min(completions - succeeded, parallelism));
}

/** Pods from the template, with the tracking finalizer, named `<job>-<5 characters>`. */
function newPods(job: Job, state: ClusterState, count: number): Pod[] {
  const base = `${job.metadata.name}-`;
  return freePodNames(job, state, base, count).map((name) => podFromTemplate(job, tracked(job.spec.template), name, base.slice(0, 58)));
}

/** An Indexed Job's pods, one per index, named `<job>-<index>-<5 characters>` (upstream `podGenerateNameWithIndex`). */
function newIndexedPods(job: Job, state: ClusterState, indexes: number[]): Pod[] {
  return indexes.map((index) => {
    const suffix = `-${index}-`;
    const base = `${job.metadata.name}${suffix}`.length > 58 ? `${job.metadata.name}`.slice(0, 58 - suffix.length) + suffix : `${job.metadata.name}${suffix}`;
    const [name] = freePodNames(job, state, base, 1);
    return podFromTemplate(job, tracked(indexedTemplate(job, index)), name, base);
  });
}

function tracked(template: Job['spec']['template']): Job['spec']['template'] {
  const finalizers = template.metadata?.finalizers ?? [];
  return finalizers.includes(JOB_TRACKING_FINALIZER) ? template : { ...template, metadata: { ...template.metadata, finalizers: [...finalizers, JOB_TRACKING_FINALIZER] } };
}

/** Upstream `deleteJobPods`: a pod deleted for not being wanted is not counted, so its finalizer goes first. */
function deletePod(job: Job, pod: JobPod, now: Date): ObjectWrite[] {
  const name = pod.metadata.name ?? '';
  return [
    { kind: 'update', resource: podsResource, object: withoutTrackingFinalizer(pod) },
    { kind: 'delete', resource: podsResource, namespace: pod.metadata.namespace, name },
    kubeEvent({ regarding: job, type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${name}`, component: JOB_CONTROLLER, now }),
  ];
}

const phaseOrder: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/**
 * Upstream `activePodsForRemoval`: an Indexed Job's pods of no or a repeated index, then as many as
 * `count` asks in `controller.ActivePods`' order: unscheduled before scheduled, Pending < Unknown <
 * Running, not ready before ready, ready for less time first, more restarts first, newer first.
 */
function podsForRemoval(job: Job, active: JobPod[], count: number): JobPod[] {
  const ordered = inRemovalOrder(active);
  if (!isIndexed(job)) return ordered.slice(0, Math.max(0, count));
  const surplus = surplusIndexedPods(ordered, job.spec.completions ?? 0);
  return [...surplus, ...ordered.filter((pod) => !surplus.includes(pod)).slice(0, Math.max(0, count - surplus.length))];
}

function inRemovalOrder(active: JobPod[]): JobPod[] {
  const facts = active.map((pod) => ({
    pod,
    scheduled: Boolean(pod.spec?.nodeName),
    phase: phaseOrder[pod.status?.phase ?? ''] ?? 0,
    ready: isPodReady(pod),
    readySince: timeOf(pod.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime) ?? 0,
    restarts: Math.max(0, ...(pod.status?.containerStatuses ?? []).map((c) => c.restartCount ?? 0)),
    created: timeOf(pod.metadata.creationTimestamp) ?? 0,
  }));
  facts.sort(
    (a, b) =>
      Number(a.scheduled) - Number(b.scheduled) ||
      a.phase - b.phase ||
      Number(a.ready) - Number(b.ready) ||
      (a.ready && b.ready ? b.readySince - a.readySince : 0) ||
      b.restarts - a.restarts ||
      b.created - a.created,
  );
  return facts.map((f) => f.pod);
}
