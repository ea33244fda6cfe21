import { objectStreamId } from '@kronicle/contracts';
import { nothingToDo, readsNoPods, type Controller, type ReconcileResult } from '@kronicle/controller-runtime';
import { controllerOf, indexes } from '@kronicle/pod-control';
import { changeNamespace, type ClusterState, type ObjectChange } from '@kronicle/projection';
import type { CronJob } from './objects';
import { syncCronJob } from './sync';

const keyOf = (namespace: string, name: string) => `${namespace}/${name}`;

/** A CronJob change concerns it; a Job change the CronJob that controls (or controlled) the Job. */
function keysFor(change: ObjectChange): string[] {
  if (change.group !== 'batch') return [];
  const namespace = changeNamespace(change);
  if (change.resource === 'cronjobs') return [keyOf(namespace, change.object.metadata.name ?? '')];
  if (change.resource !== 'jobs') return [];
  const keys = new Set<string>();
  for (const job of [change.object, change.previous]) {
    const ref = job && controllerOf(job);
    if (ref?.kind === 'CronJob') keys.add(keyOf(namespace, ref.name));
  }
  return [...keys];
}

function reconcile(key: string, state: ClusterState, now: Date): ReconcileResult {
  const slash = key.indexOf('/');
  const cronJob = state.get(objectStreamId({ group: 'batch', resource: 'cronjobs', namespace: key.slice(0, slash), name: key.slice(slash + 1) }))?.object as CronJob | undefined;
  return cronJob ? syncCronJob(cronJob, state, now) : nothingToDo;
}

export const cronJobController: Controller = {
  name: 'cronjob-controller',
  indexes,
  podsRead: readsNoPods,
  keysFor,
  initialKeys: (state) => state.list({ group: 'batch', resource: 'cronjobs' }).map((s) => keyOf(s.object.metadata.namespace ?? '', s.object.metadata.name ?? '')),
  reconcile,
};
