import { isDeepStrictEqual } from 'node:util';
import { isPodReady } from '@kronicle/contracts';
import { kubeEvent, type ObjectWrite, type ReconcileResult } from '@kronicle/controller-runtime';
import { BY_CONTROLLER, CONTROLLER_REVISION_HASH, ORPHANS, REFUSED_CREATE_RETRY_MS, answerToCreate, claim, currentRevision, surplusRevisions, type ControllerRevision, type Pod, podsResource } from '@kronicle/pod-control';
import type { ClusterState } from '@kronicle/projection';
import { isPodAvailable, isPodUpdated, newDaemonPods, oldestFirst, targetNode, type NodeDaemonPods } from './daemon-pods';
import { nodeShouldRunDaemonPod } from './node-fit';
import { DAEMONSET_CONTROLLER, daemonSetsResource, revisionsResource, type DaemonSet, type DaemonSetStatus, type Node } from './objects';
import { podsToReplace } from './rolling-update';

/**
 * One sync of a DaemonSet (upstream `syncDaemonSet`): the revision of its template recorded, then
 * a daemon pod created on each node that should run one and has none, the pods deleted that
 * should not run (failed, finished, surplus, or on a node that no longer admits them), else — with
 * RollingUpdate — old pods replaced within maxUnavailable; the status as the pods give it. Each
 * step in one append; a later sync takes the next.
 */
export function syncDaemonSet(ds: DaemonSet, state: ClusterState, now: Date): ReconcileResult {
  const writes: ObjectWrite[] = [];
  const event = (type: 'Normal' | 'Warning', reason: string, message: string) => writes.push(kubeEvent({ regarding: ds, type, reason, message, component: DAEMONSET_CONTROLLER, now }));
  const revisions = state.byIndex(BY_CONTROLLER, `controllerrevisions/${ds.metadata.uid}`).map((s) => s.object as ControllerRevision);
  const { revision, hash, write } = currentRevision(ds, revisions);
  if (write) writes.push({ kind: write, resource: revisionsResource, object: revision });

  const candidates = [...state.byIndex(BY_CONTROLLER, `pods/${ds.metadata.uid}`), ...state.byIndex(ORPHANS, `pods/${ds.metadata.namespace}`)].map((s) => s.object as Pod);
  const { owned, changed } = claim(ds, ds.spec.selector, candidates);
  writes.push(...changed.map((pod) => ({ kind: 'update', resource: podsResource, object: pod }) as ObjectWrite));
  const nodes = state
    .list({ group: '', resource: 'nodes' })
    .map((s) => s.object as Node)
    .sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  const onNodes: NodeDaemonPods[] = nodes.map((node) => {
    const pods = owned.filter((pod) => targetNode(pod) === node.metadata.name).sort(oldestFirst);
    return { node: node.metadata.name ?? '', fit: nodeShouldRunDaemonPod(node, ds), pods, live: pods.filter((pod) => !pod.metadata.deletionTimestamp) };
  });

  let refused = false;
  if (!ds.metadata.deletionTimestamp) {
    const managed = manage(ds, onNodes, hash, state, now, event);
    writes.push(...managed.writes);
    refused = managed.refused;
    if (managed.writes.length === 0 && (ds.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
      for (const pod of podsToReplace(ds, onNodes, hash, now)) writes.push(...deletePod(pod, event));
    }
  }

  const podHashes = new Set(owned.map((pod) => pod.metadata.labels?.[CONTROLLER_REVISION_HASH]));
  const inUse = (r: ControllerRevision) => [hash, ...podHashes].includes(r.metadata.labels?.[CONTROLLER_REVISION_HASH]);
  for (const old of surplusRevisions(ds, revisions, inUse)) writes.push({ kind: 'delete', resource: revisionsResource, namespace: old.metadata.namespace, name: old.metadata.name ?? '' });

  const status = daemonSetStatus(ds, onNodes, hash, now);
  if (!isDeepStrictEqual(status, ds.status)) writes.push({ kind: 'update', resource: daemonSetsResource, subresource: 'status', object: { ...ds, status } });
  return refused ? { writes, requeueAfterMs: REFUSED_CREATE_RETRY_MS } : { writes };
}

/** Upstream `manage` and `podsShouldBeOnNode`: the creates and deletes that put one daemon pod on each node that should run one. */
function manage(ds: DaemonSet, onNodes: NodeDaemonPods[], hash: string, state: ClusterState, now: Date, event: (type: 'Normal' | 'Warning', reason: string, message: string) => void): { writes: ObjectWrite[]; refused: boolean } {
  const writes: ObjectWrite[] = [];
  const needing: string[] = [];
  for (const { node, fit, pods, live } of onNodes) {
    if (fit.shouldRun && pods.length === 0) needing.push(node);
    else if (fit.shouldContinueRunning) {
      const running: Pod[] = [];
      for (const pod of live) {
        if (pod.status?.phase === 'Failed') {
          event('Warning', 'FailedDaemonPod', `Found failed daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${node}, will try to kill it`);
          writes.push(...deletePod(pod, event));
        } else if (pod.status?.phase === 'Succeeded') writes.push(...deletePod(pod, event));
        else running.push(pod);
      }
      // More than one on a node: all but the oldest go.
      for (const pod of running.slice(1)) writes.push(...deletePod(pod, event));
    } else for (const pod of live) writes.push(...deletePod(pod, event));
  }
  if (needing.length === 0) return { writes, refused: false };
  const created = newDaemonPods(ds, hash, needing, state);
  const answer = answerToCreate(created[0], state, now);
  if (answer.kind === 'namespaceTerminating') return { writes, refused: false };
  if (answer.kind === 'refused') {
    event('Warning', 'FailedCreate', `Error creating: ${answer.error.message}`);
    return { writes, refused: true };
  }
  for (const pod of created) {
    writes.push({ kind: 'create', resource: podsResource, object: pod });
    event('Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
  }
  return { writes, refused: false };
}

function deletePod(pod: Pod, event: (type: 'Normal' | 'Warning', reason: string, message: string) => void): ObjectWrite[] {
  event('Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
  return [{ kind: 'delete', resource: podsResource, namespace: pod.metadata.namespace, name: pod.metadata.name ?? '' }];
}

/** Upstream `updateDaemonSetStatus`: counted by node, each node's oldest daemon pod standing for it. */
function daemonSetStatus(ds: DaemonSet, onNodes: NodeDaemonPods[], hash: string, now: Date): DaemonSetStatus {
  const counts = { desired: 0, current: 0, misscheduled: 0, ready: 0, available: 0, updated: 0 };
  for (const { fit, pods } of onNodes) {
    if (!fit.shouldRun) {
      if (pods.length > 0) counts.misscheduled++;
      continue;
    }
    counts.desired++;
    if (pods.length === 0) continue;
    counts.current++;
    const [pod] = pods;
    if (isPodReady(pod)) {
      counts.ready++;
      if (isPodAvailable(pod, ds.spec.minReadySeconds ?? 0, now)) counts.available++;
    }
    if (isPodUpdated(pod, hash, ds.metadata.generation)) counts.updated++;
  }
  // Go's omitempty: the first four are always written, the others only when not 0.
  const status: DaemonSetStatus = { ...ds.status, currentNumberScheduled: counts.current, numberMisscheduled: counts.misscheduled, desiredNumberScheduled: counts.desired, numberReady: counts.ready };
  const optional = { observedGeneration: ds.metadata.generation ?? 0, updatedNumberScheduled: counts.updated, numberAvailable: counts.available, numberUnavailable: counts.desired - counts.available };
  for (const [field, value] of Object.entries(optional) as [keyof typeof optional, number][]) {
    if (value) status[field] = value;
    else delete status[field];
  }
  return status;
}
