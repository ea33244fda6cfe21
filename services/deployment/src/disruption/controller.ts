import { isDeepStrictEqual } from 'node:util';
import { type Pod, controllerOf, retryAfterFailingSinceMs } from '@kronicle/pod-control';
import { kubeEvent, nothingToDo, type Controller, type ObjectWrite, type ReconcileResult } from '@kronicle/controller-runtime';
import { goLabelSelector } from '@kronicle/kube-validation';
import { budgetSelects, DisruptionAllowedReason, resourceInfo, type PodDisruptionBudget, type PodDisruptionBudgetStatus } from '@kronicle/object-lifecycle';
import { isPodReady, type KubeObject } from '@kronicle/contracts';
import { changeNamespace, type ClusterState, type ObjectChange, type StoredObject } from '@kronicle/projection';
import { getObject, keyOf, splitKey } from '../shared/resources';
import { BudgetSyncError, controllerScale, expectedPods } from './expected-pods';
import { budgetStatus, countHealthy, disruptedPodMap, failSafeStatus } from './status';

const pdbResource = resourceInfo('policy', 'poddisruptionbudgets');

/** Pods and budgets by `<resource>/<namespace>`: a budget reads the pods of its namespace, a pod wakes the budgets of its own. */
export const BY_NAMESPACE = 'pods-and-budgets-by-namespace';

const isPod = (o: { group: string; resource: string }) => o.group === '' && o.resource === 'pods';
const isBudget = (o: { group: string; resource: string }) => o.group === 'policy' && o.resource === 'poddisruptionbudgets';

export const disruptionIndexes = {
  [BY_NAMESPACE]: (stored: StoredObject) => (isPod(stored) || isBudget(stored) ? [`${stored.resource}/${stored.object.metadata.namespace ?? ''}`] : []),
};

/** Whether a pod change can change a budget's status: it came or went, or its labels, readiness, deletion or controller changed. */
export function podChangeMatters(change: ObjectChange): boolean {
  const before = change.previous as Pod | undefined;
  const after = change.type === 'DELETED' ? undefined : (change.object as Pod);
  if (!before || !after) return true;
  return (
    isPodReady(before) !== isPodReady(after) ||
    Boolean(before.metadata.deletionTimestamp) !== Boolean(after.metadata.deletionTimestamp) ||
    controllerOf(before)?.uid !== controllerOf(after)?.uid ||
    !isDeepStrictEqual(before.metadata.labels, after.metadata.labels)
  );
}

/** A budget change concerns itself; a pod change that matters, the budgets that select the pod as it was or is (upstream addPod/updatePod/deletePod). */
function keysFor(change: ObjectChange, state: ClusterState): string[] {
  if (isBudget(change)) return [keyOf(change.object)];
  if (!isPod(change)) return [];
  const namespace = changeNamespace(change);
  // Without a budget in its namespace a pod concerns none: passed over unparsed.
  if (state.list({ group: 'policy', resource: 'poddisruptionbudgets', namespace }).length === 0 || !podChangeMatters(change)) return [];
  const pods = [change.object, change.previous].filter((p) => p !== undefined);
  return state
    .byIndex(BY_NAMESPACE, `poddisruptionbudgets/${namespace}`)
    .filter((b) => pods.some((pod) => budgetSelects(b.object as PodDisruptionBudget, pod)))
    .map((b) => keyOf(b.object));
}

/** Upstream's disruption controller records its Events as `controllermanager`. */
export const DISRUPTION_COMPONENT = 'controllermanager';

/**
 * One sync of a PodDisruptionBudget (upstream `trySync`): from the pods it selects and their
 * controllers' scale, the healthy pods it has and needs, and so the disruptions it allows, written
 * through the status subresource when they changed. Evictions awaited are looked at again when
 * they time out; a sync that fails (a pod's controller not found) allows no disruption and is tried
 * again later, the longer the longer it has failed. It records upstream's Events on every sync, as
 * upstream does; the runtime counts a repeat on the Event already written ("x3 over 2m").
 */
export function reconcileBudget(key: string, state: ClusterState, now: Date): ReconcileResult {
  const { namespace, name } = splitKey(key);
  const pdb = getObject<PodDisruptionBudget>(state, 'policy', 'poddisruptionbudgets', namespace, name);
  if (!pdb) return nothingToDo;
  const pods = state
    .byIndex(BY_NAMESPACE, `pods/${namespace}`)
    .map((s) => s.object as Pod)
    .filter((pod) => budgetSelects(pdb, pod));
  const event = (regarding: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string) => kubeEvent({ regarding, type, reason, message, component: DISRUPTION_COMPONENT, now });
  const writes: ObjectWrite[] = [];
  if (pods.length === 0) writes.push(event(pdb, 'Normal', 'NoPods', 'No matching pods found'));
  let status: PodDisruptionBudgetStatus | undefined;
  let requeueAfterMs: number | undefined;
  try {
    const { expectedCount, desiredHealthy, unmanagedPods } = expectedPods(pdb, pods, (ref, ns) => controllerScale(state, ref, ns));
    // Pods without a controller have no scale to count: upstream carries on with the others and says so.
    if (unmanagedPods.length > 0) writes.push(event(pdb, 'Warning', 'UnmanagedPods', unmanagedPodsMessage(pdb)));
    const { disruptedPods, recheckInMs, notDeleted } = disruptedPodMap(pods, pdb.status?.disruptedPods, now);
    // Upstream names the budget "<namespace>/<namespace>" here; its message is kept as it is.
    for (const pod of notDeleted) writes.push(event(pod, 'Warning', 'NotDeleted', `Pod was expected by PDB ${namespace}/${namespace} to be deleted but it wasn't`));
    status = budgetStatus(pdb, { currentHealthy: countHealthy(pods, disruptedPods, now), desiredHealthy, expectedCount, disruptedPods }, now);
    requeueAfterMs = recheckInMs;
  } catch (err) {
    if (!(err instanceof BudgetSyncError)) throw err;
    writes.push(event(pdb, 'Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${err.message}`));
    const failed = failSafeStatus(pdb, err.message, now);
    status = isDeepStrictEqual(failed, pdb.status) ? undefined : failed;
    requeueAfterMs = retryAfterFailingSinceMs(failed.conditions?.find((c) => c.reason === DisruptionAllowedReason.SyncFailed)?.lastTransitionTime, now);
  }
  if (status) writes.push({ kind: 'update', resource: pdbResource, subresource: 'status', object: { ...pdb, status } });
  return requeueAfterMs === undefined ? { writes } : { writes, requeueAfterMs };
}

/** Upstream's UnmanagedPods message, the selector as Go's `%v` prints a `*metav1.LabelSelector`. */
function unmanagedPodsMessage(pdb: PodDisruptionBudget): string {
  const selector = goLabelSelector(pdb.spec?.selector)?.text ?? 'nil';
  return (
    `Pods selected by this PodDisruptionBudget (selector: ${selector}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated ` +
    'correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.'
  );
}

export const disruptionController: Controller = {
  name: 'disruption-controller',
  indexes: disruptionIndexes,
  // While many pods start or go, a budget's counts change with each: written at most every 100 ms.
  statusIntervalMs: 100,
  // The pods of a namespace with a budget (or that had one).
  podsRead: { withFields: [], widenedBy: (change) => (isBudget(change) && change.type !== 'DELETED' ? { namespaces: [changeNamespace(change)] } : undefined) },
  keysFor,
  initialKeys: (state) => state.list({ group: 'policy', resource: 'poddisruptionbudgets' }).map((s) => keyOf(s.object)),
  reconcile: reconcileBudget,
};
