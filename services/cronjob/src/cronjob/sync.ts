import { isDeepStrictEqual } from 'node:util';
import { kubeEvent, nothingToDo, type ObjectWrite, type ReconcileResult } from '@kronicle/controller-runtime';
import { BY_CONTROLLER, controllerRef, metaTime, timeOf } from '@kronicle/pod-control';
import type { ClusterState } from '@kronicle/projection';
import { CRONJOB_CONTROLLER, SCHEDULED_TIMESTAMP, cronJobsResource, finishedCondition, jobsResource, type CronJob, type CronJobStatus, type Job, type JobReference } from './objects';
import { parseSchedule, type Schedule } from './schedule';
import { mostRecentScheduleTime, untilNextScheduleMs } from './schedule-times';

/**
 * One sync of a CronJob (upstream's cronjob_controllerv2 `syncCronJob`, then `cleanupFinishedJobs`):
 * its Jobs' ends noted in the status, then — unless suspended or being deleted — the Job of the most
 * recent unmet scheduled time created, within `startingDeadlineSeconds` and as `concurrencyPolicy`
 * allows, in the same append as the status that lists it (upstream guards that gap by the Job's
 * name alone), and finished Jobs beyond the history limits deleted. Requeued for the next time.
 */
export function syncCronJob(cronJob: CronJob, state: ClusterState, now: Date): ReconcileResult {
  const writes: ObjectWrite[] = [];
  const event = (type: 'Normal' | 'Warning', reason: string, message: string) => writes.push(kubeEvent({ regarding: cronJob, type, reason, message, component: CRONJOB_CONTROLLER, now }));
  const jobs = state.byIndex(BY_CONTROLLER, `jobs/${cronJob.metadata.uid}`).map((s) => s.object as Job);
  const status: CronJobStatus = { ...cronJob.status };
  let active = [...(cronJob.status?.active ?? [])];

  // A reference made with its Job's create has no uid yet (the append gives it): it gets it here.
  active = active.map((ref) => (ref.uid ? ref : { ...ref, uid: jobs.find((job) => job.metadata.name === ref.name)?.metadata.uid }));
  for (const job of jobs) {
    const listed = active.some((ref) => ref.uid === job.metadata.uid);
    const ended = finishedCondition(job);
    if (!listed && !ended) event('Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${job.metadata.name}`);
    else if (listed && ended) {
      active = active.filter((ref) => ref.uid !== job.metadata.uid);
      event('Normal', 'SawCompletedJob', `Saw completed job: ${job.metadata.name}, condition: ${ended}`);
    }
    const completed = timeOf(job.status?.completionTime);
    if (ended === 'Complete' && completed !== undefined && completed > (timeOf(status.lastSuccessfulTime) ?? -Infinity)) status.lastSuccessfulTime = job.status!.completionTime;
  }
  for (const ref of active.filter((ref) => !jobs.some((job) => job.metadata.uid === ref.uid))) {
    event('Normal', 'MissingJob', `Active job went missing: ${ref.name}`);
    active = active.filter((r) => r !== ref);
  }

  const result = cronJob.metadata.deletionTimestamp || cronJob.spec.suspend ? {} : schedule(cronJob, active, now, event);
  writes.push(...(result.writes ?? []));
  if (result.created) {
    // Replace: the Jobs that ran are deleted in this append.
    active = [...(result.created.replacing ? [] : active), result.created.ref];
    status.lastScheduleTime = result.created.scheduledTime;
  }
  if (active.length) status.active = active;
  else delete status.active;
  if (!isDeepStrictEqual(status, cronJob.status ?? {})) writes.push({ kind: 'update', resource: cronJobsResource, subresource: 'status', object: { ...cronJob, status } });
  writes.push(...oldFinishedJobs(cronJob, jobs, now));
  return result.requeueAfterMs === undefined ? { writes } : { writes, requeueAfterMs: result.requeueAfterMs };
}

interface Scheduled {
  writes?: ObjectWrite[];
  created?: { ref: JobReference; scheduledTime: string; replacing: boolean };
  requeueAfterMs?: number;
}

/** The scheduling half of `syncCronJob`: what to start now, if anything, and when to look again. */
function schedule(cronJob: CronJob, active: JobReference[], now: Date, event: (type: 'Normal' | 'Warning', reason: string, message: string) => void): Scheduled {
  let parsed: Schedule;
  try {
    parsed = parseSchedule(cronJob.spec.schedule, cronJob.spec.timeZone);
  } catch (err) {
    event('Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(cronJob.spec.schedule)} : ${(err as Error).message}`);
    return {};
  }
  let scheduledAt: Date | undefined;
  try {
    const recent = mostRecentScheduleTime(cronJob, now, parsed, true);
    if (recent.missed > 100) event('Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
    scheduledAt = recent.mostRecent;
  } catch (err) {
    event('Warning', 'InvalidSchedule', `invalid schedule: ${cronJob.spec.schedule} : ${(err as Error).message}`);
    return {};
  }
  const requeueAfterMs = untilNextScheduleMs(cronJob, now, parsed);
  if (!scheduledAt) return { requeueAfterMs };
  const deadline = cronJob.spec.startingDeadlineSeconds;
  if (deadline !== undefined && scheduledAt.getTime() + deadline * 1000 < now.getTime()) {
    event('Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123z(scheduledAt)}`);
    return { requeueAfterMs };
  }
  const name = jobName(cronJob, scheduledAt);
  if (active.some((ref) => ref.name === name) || timeOf(cronJob.status?.lastScheduleTime) === scheduledAt.getTime()) return { requeueAfterMs };
  const policy = cronJob.spec.concurrencyPolicy ?? 'Allow';
  if (policy === 'Forbid' && active.length > 0) {
    event('Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
    return { requeueAfterMs };
  }
  const writes: ObjectWrite[] = [];
  if (policy === 'Replace') {
    for (const ref of active) {
      writes.push({ kind: 'delete', resource: jobsResource, namespace: ref.namespace, name: ref.name ?? '', options: { propagationPolicy: 'Background' } });
      event('Normal', 'SuccessfulDelete', `Deleted job ${ref.name}`);
    }
  }
  const job = jobFromTemplate(cronJob, name, scheduledAt);
  writes.push({ kind: 'create', resource: jobsResource, object: job });
  event('Normal', 'SuccessfulCreate', `Created job ${name}`);
  // Upstream lists the Job with the uid and resourceVersion its create returned; both come with this
  // append, so the next sync (the Job's own event) adds the uid.
  const ref: JobReference = { kind: 'Job', namespace: cronJob.metadata.namespace, name, apiVersion: 'batch/v1' };
  return { writes, created: { ref, scheduledTime: metaTime(scheduledAt), replacing: policy === 'Replace' }, requeueAfterMs };
}

/** Upstream `getJobName`: `<cronjob>-<minutes since the epoch>`, the same for the same scheduled time. */
export function jobName(cronJob: CronJob, scheduledAt: Date): string {
  return `${cronJob.metadata.name}-${Math.floor(scheduledAt.getTime() / 60_000)}`;
}

/** Upstream `getJobFromTemplate2`: the template's labels, annotations and spec, the scheduled time noted. */
function jobFromTemplate(cronJob: CronJob, name: string, scheduledAt: Date): Job {
  const template = cronJob.spec.jobTemplate;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: cronJob.metadata.namespace,
      labels: { ...template.metadata?.labels },
      annotations: { ...template.metadata?.annotations, [SCHEDULED_TIMESTAMP]: zonedRfc3339(scheduledAt, cronJob.spec.timeZone) },
      ownerReferences: [controllerRef(cronJob)],
    },
    spec: structuredClone(template.spec ?? {}),
  };
}

/** Finished Jobs beyond `successfulJobsHistoryLimit` (3) and `failedJobsHistoryLimit` (1), oldest first (upstream `cleanupFinishedJobs`). */
function oldFinishedJobs(cronJob: CronJob, jobs: Job[], now: Date): ObjectWrite[] {
  const started = (job: Job) => timeOf(job.status?.startTime) ?? timeOf(job.metadata.creationTimestamp) ?? 0;
  const writes: ObjectWrite[] = [];
  for (const [kind, limit] of [['Complete', cronJob.spec.successfulJobsHistoryLimit ?? 3], ['Failed', cronJob.spec.failedJobsHistoryLimit ?? 1]] as const) {
    const finished = jobs.filter((job) => finishedCondition(job) === kind && !job.metadata.deletionTimestamp).sort((a, b) => started(a) - started(b));
    for (const job of finished.slice(0, Math.max(0, finished.length - limit))) {
      writes.push({ kind: 'delete', resource: jobsResource, namespace: job.metadata.namespace, name: job.metadata.name ?? '', options: { propagationPolicy: 'Background' } });
      writes.push(kubeEvent({ regarding: cronJob, type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted job ${job.metadata.name}`, component: CRONJOB_CONTROLLER, now }));
    }
  }
  return writes;
}

/** Go's `time.RFC1123Z`, e.g. "Mon, 02 Jan 2006 15:04:05 +0000", in UTC as upstream formats it. */
function rfc1123z(time: Date): string {
  return time.toUTCString().replace('GMT', '+0000');
}

/** RFC 3339 in the CronJob's time zone (upstream formats the scheduled timestamp so), UTC by default. */
function zonedRfc3339(time: Date, timeZone: string | undefined): string {
  if (!timeZone || timeZone === 'UTC') return metaTime(time);
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(time).map((p) => [p.type, p.value]));
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const offsetMinutes = Math.round((local - Math.floor(time.getTime() / 1000) * 1000) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const offset = offsetMinutes === 0 ? 'Z' : `${sign}${String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0')}:${String(Math.abs(offsetMinutes) % 60).padStart(2, '0')}`;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}
