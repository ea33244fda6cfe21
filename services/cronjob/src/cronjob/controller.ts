import { nothingToDo, readsNoPods, type Controller, type ReconcileResult } from '@kronicle/controller-runtime';
import { allKeys, changeKey, controllerKeys, indexes, objectOfKey } from '@kronicle/pod-control';
import type { ClusterState, ObjectChange } from '@kronicle/projection';
import type { CronJob } from './objects';
import { syncCronJob } from './sync';

const CRONJOBS = { group: 'batch', resource: 'cronjobs' };

/** A CronJob change concerns it; a Job change the CronJob that controls (or controlled) the Job. */
function keysFor(change: ObjectChange): string[] {
  if (change.group !== 'batch') return [];
  if (change.resource === 'cronjobs') return [changeKey(change)];
  return change.resource === 'jobs' ? controllerKeys(change, 'CronJob') : [];
}

function reconcile(key: string, state: ClusterState, now: Date): ReconcileResult {
  const cronJob = objectOfKey<CronJob>(state, CRONJOBS, key);
  return cronJob ? syncCronJob(cronJob, state, now) : nothingToDo;
}

export const cronJobController: Controller = {
  name: 'cronjob-controller',
  indexes,
  podsRead: readsNoPods,
  keysFor,
  initialKeys: (state) => allKeys(state, CRONJOBS),
  reconcile,
};
