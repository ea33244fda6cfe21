import { isPodReady, objectStreamId, ObjectEventType, rfc3339, type EventMetadata, type KubeObject } from '@kronicle/contracts';
import type { StoredObject } from '@kronicle/projection';
import { ApiError, errors } from './api-error';
import type { StreamAppend } from './companion-appends';
import { decideUpdate } from './decide-update';
import { withCondition } from './decide-binding';
import { budgetSelects, withDisruptionAllowedCondition, type PodDisruptionBudget } from './disruption-budget';
import { objectEvent } from './object-events';
import { resourceInfo } from './resource-info';

/** Upstream's cap on evictions the controller has not confirmed yet (eviction.go MaxDisruptedPodSize). */
export const MAX_DISRUPTED_POD_SIZE = 2000;

const pdbResource = resourceInfo('policy', 'poddisruptionbudgets');

/** Upstream's DisruptionTarget condition of a pod the eviction subresource deletes (eviction.go addConditionAndDeletePod). */
const EVICTION_DISRUPTION_TARGET = { type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' } as const;

/** Each decision carries `pod`: the pod with DisruptionTarget, whose status is written before its delete. */
export type EvictionDecision =
  /** Delete the pod and leave every budget as it is. */
  | { kind: 'delete'; pod: KubeObject }
  /** Delete the pod with the budget's status as given, in one append that expects both streams unchanged. */
  | { kind: 'delete-counted'; pod: KubeObject; budget: StoredObject; status: NonNullable<PodDisruptionBudget['status']> };

interface Pod extends KubeObject {
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
}

/**
 * Decides a `pods/eviction` as upstream's EvictionREST.Create (eviction.go), given the pod and the
 * budgets of its namespace. Pods that already cost their disruption (finished, Pending, being
 * deleted) go without a budget; else the one budget that covers the pod must allow a disruption,
 * which the eviction takes: one fewer allowed, and the pod noted in `disruptedPods` so that the
 * controller no longer counts it healthy. Throws the Status upstream answers with (429, 500, 403).
 * Whatever it decides, the pod is first marked DisruptionTarget, as upstream marks every pod it
 * evicts, finished or being deleted too.
 */
export function decideEviction(object: KubeObject, budgets: StoredObject[], now: Date): EvictionDecision {
  const pod = object as Pod;
  const marked = asDisruptionTarget(pod, now);
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || pod.metadata.deletionTimestamp) return { kind: 'delete', pod: marked };
  const covering = budgets.filter((b) => budgetSelects(b.object as PodDisruptionBudget, pod));
  if (covering.length > 1) {
    throw new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.', code: 500 });
  }
  if (covering.length === 0) return { kind: 'delete', pod: marked };
  const [budget] = covering;
  const pdb = budget.object as PodDisruptionBudget;
  const status = pdb.status ?? {};
  // An unready pod is not what the budget protects: it goes untouched when the policy says so, or
  // while the application is as healthy as it must be (IfHealthyBudget, the default).
  if (!isPodReady(pod)) {
    if (pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow') return { kind: 'delete', pod: marked };
    if ((status.currentHealthy ?? 0) >= (status.desiredHealthy ?? 0) && (status.desiredHealthy ?? 0) > 0) return { kind: 'delete', pod: marked };
  }
  return { kind: 'delete-counted', pod: marked, budget, status: takeDisruption(pdb, pod.metadata.name ?? '', now) };
}

/** Upstream `UpdatePodCondition`: added now, or kept with its lastTransitionTime when it already says True. */
function asDisruptionTarget(pod: Pod, now: Date): KubeObject {
  const { type, status, reason, message } = EVICTION_DISRUPTION_TARGET;
  const conditions = withCondition(pod.status?.conditions ?? [], { type, status, lastProbeTime: null, lastTransitionTime: rfc3339(now), reason, message });
  return { ...pod, status: { ...pod.status, conditions } };
}

/** Upstream `checkAndDecrement`: the budget's status once this eviction has taken one of its disruptions. */
function takeDisruption(pdb: PodDisruptionBudget, podName: string, now: Date): NonNullable<PodDisruptionBudget['status']> {
  const name = pdb.metadata.name ?? '';
  const status = pdb.status ?? {};
  const allowed = status.disruptionsAllowed ?? 0;
  // Upstream suggests 10 s: about what the controller needs to observe the budget's new generation.
  if ((status.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) throw budgetRefusal(`The disruption budget ${name} is still being processed by the server.`, 10);
  if (allowed < 0) throw errors.forbidden('policy', 'poddisruptionbudget', name, 'pdb disruptions allowed is negative');
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_POD_SIZE) {
    throw errors.forbidden('policy', 'poddisruptionbudget', name, 'DisruptedPods map too big - too many evictions not confirmed by PDB controller');
  }
  if (allowed === 0) throw budgetRefusal(`The disruption budget ${name} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`);
  const taken = { ...status, disruptionsAllowed: allowed - 1, disruptedPods: { ...status.disruptedPods, [podName]: rfc3339(now) } };
  return taken.disruptionsAllowed === 0 ? withDisruptionAllowedCondition(taken, now) : taken;
}

/** Upstream's 429 for an eviction the budget does not allow now; clients such as kubectl drain try again. */
function budgetRefusal(cause: string, retryAfterSeconds = 0): ApiError {
  return errors.tooManyRequests("Cannot evict pod as it would violate the pod's disruption budget.", [{ reason: 'DisruptionBudget', message: cause }], retryAfterSeconds);
}


/** What goes with a pod's delete, in its append (ObjectService.delete's `alongside`). */
export interface EvictionAppends {
  /** The pod to write through its status first, in the pod's own append; the delete is decided on what it leaves. */
  statusUpdate?: KubeObject;
  /** Other streams: the budget's status write of a counted eviction, expecting the budget as decided on. */
  others: StreamAppend[];
}

/** The appends an eviction adds to the pod's delete: its DisruptionTarget and, if counted, the budget's status. */
export function evictionAppends(decision: EvictionDecision, now: Date, metadata: EventMetadata): EvictionAppends {
  if (decision.kind === 'delete') return { statusUpdate: decision.pod, others: [] };
  const { budget, status } = decision;
  const { namespace, name = '' } = budget.object.metadata;
  const update = decideUpdate({ info: pdbResource, subresource: 'status', namespace, name, body: { ...budget.object, status }, current: budget, now });
  const streamId = objectStreamId({ group: budget.group, resource: budget.resource, namespace, name });
  return {
    statusUpdate: decision.pod,
    others: [{ streamId, expectedVersion: budget.streamVersion, events: [objectEvent(ObjectEventType.Updated, pdbResource, update.object, metadata, { subresource: 'status' })] }],
  };
}
