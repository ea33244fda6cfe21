import { isDeepStrictEqual } from 'node:util';
import { isPodReady, objectStreamId } from '@kronicle/contracts';
import { kubeEvent, type ObjectWrite, type ReconcileResult } from '@kronicle/controller-runtime';
import { BY_CONTROLLER, CONTROLLER_REVISION_HASH, ORPHANS, REFUSED_CREATE_RETRY_MS, answerToCreate, claim, currentRevision, surplusRevisions, timeOf, type ControllerRevision, type Pod, podsResource } from '@kronicle/pod-control';
import type { ClusterState } from '@kronicle/projection';
import { claimName, claimsFor, newStatefulSetPod, ordinalOf, startOrdinal, templateOf } from './identity';
import { STATEFULSET_CONTROLLER, claimsResource, revisionsResource, statefulSetsResource, type StatefulSet, type StatefulSetStatus } from './objects';

const isTerminating = (pod: Pod) => Boolean(pod.metadata.deletionTimestamp);
const isRunningAndReady = (pod: Pod) => pod.status?.phase === 'Running' && isPodReady(pod);
const isHealthy = (pod: Pod) => isRunningAndReady(pod) && !isTerminating(pod);
const revisionOf = (pod: Pod) => pod.metadata.labels?.[CONTROLLER_REVISION_HASH];

/** Milliseconds until a ready pod has been ready `minReadySeconds` (0: available now). */
function availableInMs(pod: Pod, minReadySeconds: number, now: Date): number {
  if (minReadySeconds === 0) return 0;
  const since = timeOf(pod.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime) ?? now.getTime();
  return Math.max(0, since + minReadySeconds * 1000 - now.getTime());
}

/**
 * One sync of a StatefulSet (upstream `updateStatefulSet`): the pods of the ordinals in range made
 * (with their claims) and kept — failed ones deleted to be made again —, then those beyond the range
 * deleted from the highest ordinal, then with RollingUpdate the highest pod not of the update
 * revision deleted (down to the partition). With OrderedReady (the default) each step waits until
 * every pod before it is Running and Ready (and available after minReadySeconds); with Parallel
 * nothing waits. One append; the next sync takes the next step.
 */
export function syncStatefulSet(set: StatefulSet, state: ClusterState, now: Date): ReconcileResult {
  const writes: ObjectWrite[] = [];
  const event = (type: 'Normal' | 'Warning', reason: string, message: string) => writes.push(kubeEvent({ regarding: set, type, reason, message, component: STATEFULSET_CONTROLLER, now }));
  const name = set.metadata.name;
  const revisions = state.byIndex(BY_CONTROLLER, `controllerrevisions/${set.metadata.uid}`).map((s) => s.object as ControllerRevision);
  const update = currentRevision(set, revisions);
  if (update.write) writes.push({ kind: update.write, resource: revisionsResource, object: update.revision });
  const updateName = update.revision.metadata.name ?? '';
  const current = revisions.find((r) => r.metadata.name === set.status?.currentRevision) ?? update.revision;
  const currentName = current.metadata.name ?? '';

  const candidates = [...state.byIndex(BY_CONTROLLER, `pods/${set.metadata.uid}`), ...state.byIndex(ORPHANS, `pods/${set.metadata.namespace}`)].map((s) => s.object as Pod);
  const { owned, changed } = claim(set, set.spec.selector, candidates);
  writes.push(...changed.map((pod) => ({ kind: 'update', resource: podsResource, object: pod }) as ObjectWrite));
  const start = startOrdinal(set);
  const replicas = set.spec.replicas ?? 1;
  const slots: (Pod | undefined)[] = Array.from({ length: replicas });
  const condemned: Pod[] = [];
  for (const pod of owned) {
    const ordinal = ordinalOf(set, pod);
    if (ordinal >= start && ordinal < start + replicas) slots[ordinal - start] = pod;
    else if (ordinal >= 0) condemned.push(pod);
  }
  condemned.sort((a, b) => ordinalOf(set, b) - ordinalOf(set, a));
  const firstUnhealthy = slots.find((pod) => !pod || !isHealthy(pod)) ?? [...condemned].reverse().find((pod) => !isHealthy(pod));

  const deleted = new Set<Pod>();
  const remove = (pod: Pod) => {
    deleted.add(pod);
    writes.push({ kind: 'delete', resource: podsResource, namespace: pod.metadata.namespace, name: pod.metadata.name ?? '' });
    event('Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${name} successful`);
  };
  const createClaims = (ordinal: number, podName: string) => {
    for (const claimObject of claimsFor(set, ordinal)) {
      if (state.get(objectStreamId({ group: '', resource: 'persistentvolumeclaims', namespace: set.metadata.namespace, name: claimObject.metadata.name ?? '' }))) continue;
      writes.push({ kind: 'create', resource: claimsResource, object: claimObject });
      event('Normal', 'SuccessfulCreate', `create Claim ${claimObject.metadata.name} Pod ${podName} in StatefulSet ${name} success`);
    }
  };
  /** `whenScaled: Delete`: a pod scaled away becomes its claims' owner, so they go with it (the garbage collector). */
  const releaseClaims = (pod: Pod) => {
    if (set.spec.persistentVolumeClaimRetentionPolicy?.whenScaled !== 'Delete') return;
    for (const template of set.spec.volumeClaimTemplates ?? []) {
      const stored = state.get(objectStreamId({ group: '', resource: 'persistentvolumeclaims', namespace: set.metadata.namespace, name: claimName(set, template.metadata?.name ?? '', ordinalOf(set, pod)) }));
      const refs = stored?.object.metadata.ownerReferences ?? [];
      if (!stored || refs.some((r) => r.uid === pod.metadata.uid)) continue;
      const owner = { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '' };
      writes.push({ kind: 'update', resource: claimsResource, object: { ...stored.object, metadata: { ...stored.object.metadata, ownerReferences: [...refs, owner] } } });
    }
  };
  const monotonic = (set.spec.podManagementPolicy ?? 'OrderedReady') !== 'Parallel';
  const minReadySeconds = set.spec.minReadySeconds ?? 0;
  const waits: number[] = [];
  const partition = set.spec.updateStrategy?.rollingUpdate?.partition ?? 0;

  /** Upstream `processReplica`: whether a monotonic sync stops at this slot. */
  const processReplica = (index: number): boolean => {
    const ordinal = start + index;
    const pod = slots[index];
    if (pod && (pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded')) {
      // Made again, under the same name, once it is gone.
      if (!isTerminating(pod)) remove(pod);
      return true;
    }
    if (!pod) {
      // Ordinals below the partition keep the current revision (upstream `newVersionedStatefulSetPod`).
      const [template, revision] = (set.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' && ordinal < start + partition ? [templateOf(set, current), currentName] : [set.spec.template, updateName];
      const fresh = newStatefulSetPod(set, template, revision, ordinal);
      const answer = answerToCreate(fresh, state, now);
      if (answer.kind === 'refused') {
        event('Warning', 'FailedCreate', `create Pod ${fresh.metadata.name} in StatefulSet ${name} failed error: ${answer.error.message}`);
        waits.push(REFUSED_CREATE_RETRY_MS);
      }
      if (answer.kind !== 'created') return true;
      createClaims(ordinal, fresh.metadata.name ?? '');
      writes.push({ kind: 'create', resource: podsResource, object: fresh });
      event('Normal', 'SuccessfulCreate', `create Pod ${fresh.metadata.name} in StatefulSet ${name} successful`);
      return monotonic;
    }
    if (pod.status?.phase === 'Pending' || !pod.status?.phase) createClaims(ordinal, pod.metadata.name ?? '');
    if (!monotonic) return false;
    if (isTerminating(pod) || !isRunningAndReady(pod)) return true;
    const available = availableInMs(pod, minReadySeconds, now);
    if (available > 0) waits.push(available);
    return available > 0;
  };

  if (!set.metadata.deletionTimestamp) {
    let blocked = false;
    for (let i = 0; i < slots.length; i++) if (processReplica(i) && monotonic) {
      blocked = true;
      break;
    }
    // Upstream `processCondemned`: scale down from the highest ordinal, one at a time when ordered.
    for (const pod of blocked ? [] : condemned) {
      if (isTerminating(pod)) {
        if (monotonic) blocked = true;
        if (monotonic) break;
        continue;
      }
      if (monotonic && !isHealthy(pod) && pod !== firstUnhealthy) {
        blocked = true;
        break;
      }
      releaseClaims(pod);
      remove(pod);
      if (monotonic) {
        blocked = true;
        break;
      }
    }
    if (!blocked && (set.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
      for (let target = slots.length - 1; target >= partition; target--) {
        const pod = slots[target];
        if (!pod) break;
        if (revisionOf(pod) !== updateName && !isTerminating(pod)) {
          remove(pod);
          break;
        }
        if (!isHealthy(pod)) break;
      }
    }
  }

  const status = statefulSetStatus(set, owned, deleted, currentName, updateName, now);
  const inUse = (r: ControllerRevision) => r.metadata.name === status.currentRevision || r.metadata.name === updateName || owned.some((pod) => revisionOf(pod) === r.metadata.name);
  for (const old of surplusRevisions(set, revisions, inUse)) writes.push({ kind: 'delete', resource: revisionsResource, namespace: old.metadata.namespace, name: old.metadata.name ?? '' });
  if (!isDeepStrictEqual(status, set.status)) writes.push({ kind: 'update', resource: statefulSetsResource, subresource: 'status', object: { ...set, status } });
  return waits.length ? { writes, requeueAfterMs: Math.min(...waits) } : { writes };
}

/**
 * Upstream `updateStatus` and `completeRollingUpdate`: pods counted as created, ready, available and
 * of each revision (those being deleted, now or before, not of any); once every pod is of the update
 * revision and ready, it is the current revision.
 */
function statefulSetStatus(set: StatefulSet, pods: Pod[], deleted: Set<Pod>, currentName: string, updateName: string, now: Date): StatefulSetStatus {
  const counts = { replicas: 0, ready: 0, available: 0, current: 0, updated: 0 };
  for (const pod of pods) {
    counts.replicas++;
    if (isRunningAndReady(pod)) {
      counts.ready++;
      if (availableInMs(pod, set.spec.minReadySeconds ?? 0, now) === 0) counts.available++;
    }
    if (isTerminating(pod) || deleted.has(pod)) continue;
    if (revisionOf(pod) === currentName) counts.current++;
    if (revisionOf(pod) === updateName) counts.updated++;
  }
  let [currentRevision, current] = [currentName, counts.current];
  if ((set.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' && counts.updated === counts.replicas && counts.ready === counts.replicas) [currentRevision, current] = [updateName, counts.updated];
  // Go's omitempty: replicas and availableReplicas are always written, the others when set.
  const status: StatefulSetStatus = { ...set.status, replicas: counts.replicas, availableReplicas: counts.available, currentRevision, updateRevision: updateName, collisionCount: set.status?.collisionCount ?? 0 };
  const optional = { observedGeneration: set.metadata.generation ?? 0, readyReplicas: counts.ready, currentReplicas: current, updatedReplicas: counts.updated };
  for (const [field, value] of Object.entries(optional) as [keyof typeof optional, number][]) {
    if (value) status[field] = value;
    else delete status[field];
  }
  return status;
}
