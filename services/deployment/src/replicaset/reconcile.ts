import { kubeEvent, nothingToDo, type ObjectWrite, type ReconcileResult } from '@kronicle/controller-runtime';
import { BY_CONTROLLER, ORPHANS, answerToCreate, claim, controllerOf, freePodNames, podFromTemplate, retryAfterFailingSinceMs, type Pod } from '@kronicle/pod-control';
import { isDeepStrictEqual } from 'node:util';
import type { ClusterState, StoredObject } from '@kronicle/projection';
import { replicasOf, type ReplicaSet } from '../shared/objects';
import { getObject, podsResource, replicaSetsResource, splitKey } from '../shared/resources';
import { podsToDelete } from './deletion-order';
import { cachedPodFacts, labelsMatch, nextAvailableInMs, numbered, podFacts, type PodFacts } from './pod-state';
import { BURST_REPLICAS, createBatchSize } from './burst';
import { REPLICA_FAILURE, replicaSetStatus, type ManageReplicasFailure } from './status';

export const REPLICASET_COMPONENT = 'replicaset-controller';

/**
 * One sync of a ReplicaSet (upstream `syncReplicaSet`): claim the active pods its selector matches,
 * then either create or delete pods toward `replicas`, or write the status those pods give. Creates
 * go with the status that counts them, which expects the ReplicaSet unchanged since the cache saw
 * it, so none is appended beyond a `replicas` lowered meanwhile. Deletes go without it, as
 * upstream's pod calls: a Deployment that resizes the ReplicaSet meanwhile does not refuse them, and
 * one decided on a `replicas` raised meanwhile only removes a pod the next sync creates again; a
 * later sync, once the cache holds the deletions, writes the status. A create the API would refuse is not written: the
 * ReplicaSet gets a `FailedCreate` event and the `ReplicaFailure` condition instead, and is tried
 * again later (upstream `manageReplicas`' error path).
 */
export function reconcileReplicaSet(key: string, state: ClusterState, now: Date): ReconcileResult {
  const { namespace, name } = splitKey(key);
  const rs = getObject<ReplicaSet>(state, 'apps', 'replicasets', namespace, name);
  if (!rs) return nothingToDo;
  const writes: ObjectWrite[] = [];

  const { owned, changed } = claimPods(rs, [...state.byIndex(BY_CONTROLLER, `pods/${rs.metadata.uid}`), ...state.byIndex(ORPHANS, `pods/${namespace}`)]);
  for (const pod of changed) writes.push({ kind: 'update', resource: podsResource, object: pod });

  let failure: ManageReplicasFailure | undefined;
  // The Deployment sizes its steps from the ReplicaSets' status: it lags the pods by less than one
  // burst (upstream reports after each batch), else it is written before more pods.
  if (!rs.metadata.deletionTimestamp && Math.abs((rs.status?.replicas ?? 0) - owned.length) < BURST_REPLICAS) {
    const diff = owned.length - replicasOf(rs);
    if (diff < 0) {
      const created = newPods(rs, state, createBatchSize(-diff));
      // Pods of one template are alike: as upstream's slow start stops at the first failed create,
      // the first pod's answer decides the batch.
      const answer = answerToCreate(created[0], state, now);
      if (answer.kind === 'created') {
        // The status counts the new pods and goes in their append, as upstream's sync ends with
        // UpdateStatus: fenced on the ReplicaSet as seen, so none is created beyond a replicas lowered
        // meanwhile, and the next burst need not wait for a sync that only reports this one.
        writes.push({ kind: 'update', resource: replicaSetsResource, subresource: 'status', object: { ...rs, status: replicaSetStatus(rs, [...owned, ...created.map(podFacts)], now) } });
        for (const pod of created) {
          writes.push({ kind: 'create', resource: podsResource, object: pod });
          writes.push(kubeEvent({ regarding: rs, type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${pod.metadata.name}`, component: REPLICASET_COMPONENT, now }));
        }
        return { writes };
      } else if (answer.kind === 'refused') {
        failure = { reason: 'FailedCreate', message: answer.error.message };
        writes.push(kubeEvent({ regarding: rs, type: 'Warning', reason: 'FailedCreate', message: `Error creating: ${answer.error.message}`, component: REPLICASET_COMPONENT, now }));
      }
      // In a namespace being terminated nothing is created, and upstream reports nothing either.
    } else if (diff > 0) {
      const pods = owned.map((f) => f.pod);
      for (const pod of podsToDelete(pods, relatedPods(rs, state, pods), Math.min(diff, BURST_REPLICAS), now)) {
        writes.push({ kind: 'delete', resource: podsResource, namespace, name: pod.metadata.name ?? '' });
        writes.push(kubeEvent({ regarding: rs, type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${pod.metadata.name}`, component: REPLICASET_COMPONENT, now }));
      }
      return { writes };
    }
  }

  const status = replicaSetStatus(rs, owned, now, failure);
  if (!isDeepStrictEqual(status, rs.status)) writes.push({ kind: 'update', resource: replicaSetsResource, subresource: 'status', object: { ...rs, status } });
  // A ready pod becomes available only after minReadySeconds: look again then; after a failure, retry.
  const failingSince = status.conditions?.find((c) => c.type === REPLICA_FAILURE)?.lastTransitionTime;
  const waits = [nextAvailableInMs(owned.map((f) => f.pod), rs.spec.minReadySeconds ?? 0, now), failure ? retryAfterFailingSinceMs(failingSince, now) : undefined].filter((ms) => ms !== undefined);
  return waits.length === 0 ? { writes } : { writes, requeueAfterMs: Math.min(...waits) };
}

/**
 * Upstream's claim of the active pods, read through their cached facts: as long as the ReplicaSet
 * controls every pod its selector matches and no other, nothing is adopted or released, and the
 * claim is that one pass; else the generic `claim` decides.
 */
function claimPods(rs: ReplicaSet, candidates: StoredObject[]): { owned: PodFacts[]; changed: Pod[] } {
  const deleting = Boolean(rs.metadata.deletionTimestamp);
  const selector = numbered(rs.spec.selector);
  const active: PodFacts[] = [];
  const owned: PodFacts[] = [];
  let simple = true;
  for (const stored of candidates) {
    const facts = cachedPodFacts(stored);
    if (!facts.active || (facts.controllerUid === undefined && deleting)) continue;
    active.push(facts);
    if (facts.controllerUid === rs.metadata.uid && (deleting || labelsMatch(facts, selector))) owned.push(facts);
    else if (facts.controllerUid !== undefined || labelsMatch(facts, selector)) simple = false;
  }
  if (simple) return { owned, changed: [] };
  const claimed = claim(rs, rs.spec.selector, active.map((f) => f.pod));
  return { owned: claimed.owned.map(podFacts), changed: claimed.changed };
}

/** Pods from the template, named `<rs>-<5 characters>` as the API's generateName would. */
function newPods(rs: ReplicaSet, state: ClusterState, count: number): Pod[] {
  const base = `${rs.metadata.name}-`;
  return freePodNames(rs, state, base, count).map((name) => podFromTemplate(rs, rs.spec.template, name, base.slice(0, 58)));
}

/** Pods of every ReplicaSet with the same controller (a Deployment's ReplicaSets), to rank pods doubled up on a node. */
function relatedPods(rs: ReplicaSet, state: ClusterState, owned: Pod[]): Pod[] {
  const owner = controllerOf(rs);
  if (!owner) return owned;
  return state
    .byIndex(BY_CONTROLLER, `replicasets/${owner.uid}`)
    .flatMap((sibling) => state.byIndex(BY_CONTROLLER, `pods/${sibling.object.metadata.uid}`))
    .map((s) => s.object as Pod);
}
