import type { KubeObject } from '@kronicle/contracts';
import { kubeEvent, type ObjectWrite } from '@kronicle/controller-runtime';
import type { ClusterState, StoredObject } from '@kronicle/projection';

/** Cache index: Kubernetes Events by the uid of the object they are about. */
export const EVENTS_BY_OBJECT = 'events-by-object';
export const eventsByObject = (stored: StoredObject): string[] => {
  if (stored.resource !== 'events' || stored.group !== '') return [];
  const uid = (stored.object.involvedObject as { uid?: string } | undefined)?.uid;
  return uid ? [uid] : [];
};

/**
 * A Kubernetes Event unless the object already has one with this reason and message. A level-
 * triggered reconcile runs again and again on the same state; upstream's recorder folds repeats
 * into a count, here a repeat is simply not written.
 */
export function recordOnce(
  state: ClusterState,
  regarding: KubeObject,
  event: { type: 'Normal' | 'Warning'; reason: string; message: string; component: string },
  now: Date,
): ObjectWrite[] {
  const seen = state
    .byIndex(EVENTS_BY_OBJECT, regarding.metadata.uid ?? '')
    .some((s) => s.object.reason === event.reason && s.object.message === event.message);
  return seen ? [] : [kubeEvent({ regarding, ...event, now })];
}
