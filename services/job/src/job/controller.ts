import { nothingToDo, type Controller, type ReconcileResult } from '@kronicle/controller-runtime';
import { BY_CONTROLLER, allKeys, changeKey, controllerKeys, controllerOf, indexes, keyOf, objectOfKey } from '@kronicle/pod-control';
import { changeMayHaveField, changeNamespace, type ClusterState, type ObjectChange } from '@kronicle/projection';
import { hasTrackingFinalizer, type JobPod } from './job-pods';
import { jobsResource, type Job } from './objects';
import { liveJobOf, removeOrphanFinalizer } from './orphans';
import { syncJob } from './sync';

/** Keys of pods whose tracking finalizer no Job will remove: `orphan-pod:<namespace>/<name>` (no namespace has a colon). */
const ORPHAN_POD = 'orphan-pod:';

/** A Job change concerns that Job (and, once it is gone, its pods); a pod change its Job, or the pod if no Job will count it. */
function keysFor(change: ObjectChange, state: ClusterState): string[] {
  if (change.group === 'batch' && change.resource === 'jobs') {
    const key = changeKey(change);
    if (change.type !== 'DELETED') return [key];
    const orphans = state.byIndex(BY_CONTROLLER, `pods/${change.object.metadata.uid}`).filter((s) => hasTrackingFinalizer(s.object as JobPod));
    return [key, ...orphans.map((s) => ORPHAN_POD + keyOf(changeNamespace(change), s.object.metadata.name ?? ''))];
  }
  if (change.group !== '' || change.resource !== 'pods') return [];
  const namespace = changeNamespace(change);
  const adopting = state.list({ group: 'batch', resource: 'jobs', namespace }).filter((s) => (s.object as Job).spec.manualSelector);
  // Neither owned, tracked nor adoptable: passed over unparsed.
  if (adopting.length === 0 && !changeMayHaveField(change, 'ownerReferences') && !changeMayHaveField(change, 'finalizers')) return [];
  const keys = new Set<string>(controllerKeys(change, 'Job'));
  const pod = change.object as JobPod;
  if (change.type !== 'DELETED' && hasTrackingFinalizer(pod) && !liveJobOf(pod, state)) keys.add(ORPHAN_POD + keyOf(namespace, pod.metadata.name ?? ''));
  // Orphans a Job with a manual selector may adopt.
  if (change.type !== 'DELETED' && !controllerOf(pod)) for (const stored of adopting) keys.add(keyOf(namespace, stored.object.metadata.name ?? ''));
  return [...keys];
}

function reconcile(key: string, state: ClusterState, now: Date): ReconcileResult {
  if (key.startsWith(ORPHAN_POD)) return removeOrphanFinalizer(key.slice(ORPHAN_POD.length), state);
  const job = objectOfKey<Job>(state, jobsResource, key);
  return job ? syncJob(job, state, now) : nothingToDo;
}

export const jobController: Controller = {
  name: 'job-controller',
  indexes,
  // Pods a Job owns (`"kind":"Job"` stands only in ownerReferences), and every pod of a namespace
  // where a Job with a manual selector may adopt.
  podsRead: {
    withFields: [],
    withText: ['"kind":"Job"'],
    widenedBy: (change) =>
      change.group === 'batch' && change.resource === 'jobs' && change.type !== 'DELETED' && (change.object as Job).spec?.manualSelector ? { namespaces: [changeNamespace(change)] } : undefined,
  },
  keysFor,
  initialKeys: (state) => [
    ...allKeys(state, { group: 'batch', resource: 'jobs' }),
    ...state
      .list({ group: '', resource: 'pods' })
      .filter((s) => hasTrackingFinalizer(s.object as JobPod) && !liveJobOf(s.object as JobPod, state))
      .map((s) => ORPHAN_POD + keyOf(s.object.metadata.namespace ?? '', s.object.metadata.name ?? '')),
  ],
  reconcile,
};
