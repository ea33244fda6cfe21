import { timeOf } from '@kronicle/pod-control';
import type { CronJob } from './objects';
import type { Schedule } from './schedule';

/** Upstream `nextScheduleDelta`: a requeue lands this long after the scheduled time, for clock skew. */
export const NEXT_SCHEDULE_DELTA_MS = 100;

export interface MostRecent {
  /** Where the search started: the last schedule, or the CronJob's creation. */
  earliest: Date;
  /** The latest scheduled time not after now that has not run, if any. */
  mostRecent?: Date;
  /** How many such times were missed: more than 100 is reported. */
  missed: number;
}

/**
 * Upstream `mostRecentScheduleTime`: the times after the last schedule (or creation, or — with
 * `startingDeadlineSeconds` — no earlier than that deadline) up to now. E.g. every minute, last
 * scheduled 12:00, now 12:03:30: most recent 12:03, three missed. As upstream, the count assumes
 * the schedule is regular, from the gap between its next two times.
 */
export function mostRecentScheduleTime(cronJob: CronJob, now: Date, schedule: Schedule, withStartingDeadline: boolean): MostRecent {
  let earliest = timeOf(cronJob.status?.lastScheduleTime) ?? timeOf(cronJob.metadata.creationTimestamp) ?? now.getTime();
  const deadline = cronJob.spec.startingDeadlineSeconds;
  if (withStartingDeadline && deadline !== undefined) earliest = Math.max(earliest, now.getTime() - deadline * 1000);
  const t1 = schedule.next(new Date(earliest));
  const t2 = schedule.next(t1);
  if (now < t1) return { earliest: new Date(earliest), missed: 0 };
  if (now < t2) return { earliest: new Date(earliest), mostRecent: t1, missed: 1 };
  const between = Math.round((t2.getTime() - t1.getTime()) / 1000);
  if (between < 1) throw new Error('time difference between two schedules is less than 1 second');
  const missed = Math.floor(Math.floor((now.getTime() - t1.getTime()) / 1000) / between) + 1;
  return { earliest: new Date(earliest), mostRecent: new Date((Math.floor(t1.getTime() / 1000) + (missed - 1) * between) * 1000), missed };
}

/** Upstream `nextScheduleTimeDuration`: how long until the schedule after the most recent one (plus the skew delta). */
export function untilNextScheduleMs(cronJob: CronJob, now: Date, schedule: Schedule): number {
  const { earliest, mostRecent } = mostRecentScheduleTime(cronJob, now, schedule, false);
  return schedule.next(mostRecent ?? earliest).getTime() + NEXT_SCHEDULE_DELTA_MS - now.getTime();
}
