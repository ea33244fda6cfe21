import type { KubeObject } from '@kronicle/contracts';
import { kubeEvent, type Controller, type ObjectWrite, type ReconcileResult } from '@kronicle/controller-runtime';
import { resourceInfo, rfc3339, withCondition } from '@kronicle/object-lifecycle';
import type { ClusterState, StoredObject } from '@kronicle/projection';
import {
  addPod,
  comparePods,
  defaultProfile,
  nodeAllocatable,
  nodeInfo,
  NodeOrder,
  podInfo,
  removePod,
  scheduleOrPreempt,
  Snapshot,
  type DisruptionBudget,
  type LabelSelector,
  type NodeInfo,
  type PodInfo,
  type Profile,
} from '@kronicle/scheduling';
import { claimsWithSelectedNode, podClaimNames, podClaimsFit, podClaimsRejection, type Pod } from '@kronicle/storage';
import { changedItself, placedOrRelabelled, schedulingPropertiesChanged, waitsFor } from './queueing-hints';

const pods = resourceInfo('', 'pods');
const claims = resourceInfo('', 'persistentvolumeclaims');
const SCHEDULER_NAME = 'default-scheduler';

/** Keys: new pods to place, and every pending pod again (the cluster changed). */
export const NEW = 'new';
export const RETRY = 'retry';

export interface SchedulerOptions {
  /** Most pods placed per reconcile: one snapshot and one atomic append for the lot. */
  batchSize: number;
  /** Pending pods are tried again at least this often even if nothing changes (upstream: 5 min). */
  retryIntervalMs: number;
  /** Upstream's KubeSchedulerConfiguration.percentageOfNodesToScore, 0 to 100; 0 (default) adapts to the cluster's size. */
  percentageOfNodesToScore?: number;
}

/** A node as an earlier batch saw it, with the pods placed on it added up. */
interface PlacedNode {
  node: KubeObject;
  info: NodeInfo;
}

/**
 * What a batch reuses from earlier ones. Cached objects are never mutated, so what was computed from
 * them holds until they change: a node's sums change only by the pods that went from it or came onto
 * it (a node itself changed is added up again), a pod is not parsed again. And where the search over
 * nodes goes on.
 */
interface SchedulerMemory {
  /** The state the last batch read, its position then, its pods in the state's order and the node each occupied. */
  state?: ClusterState;
  position: number;
  pods: StoredObject[];
  podNodes: (string | undefined)[];
  nodes: Map<string, PlacedNode>;
  /** The node objects the last batch listed, in the state's order, and their infos in search order. */
  nodeList: StoredObject[];
  order?: NodeOrder;
  placedPodInfo: WeakMap<KubeObject, PodInfo>;
  /** Pending pods parsed while they wait, valid for the PriorityClasses listed then (a pod without spec.priority takes its class's value). */
  pendingPodInfo: WeakMap<KubeObject, PodInfo>;
  priorityClasses: StoredObject[];
  /** Upstream's nextStartNodeIndex: each pod's search starts where the previous pod's stopped, across batches. */
  nextStartNodeIndex: number;
  /**
   * Upstream's moveRequestCycle: the log position of the last change that moves parked pods, and
   * the position each pod was last found unschedulable at (by uid, until its park is read). A pod
   * whose park comes after such a change was tried before it: it is tried again, not parked.
   */
  movedAt: number;
  triedAt: Map<string, number>;
}

interface PodStatus {
  phase?: string;
  conditions?: { type: string; status: string; reason?: string }[];
  nominatedNodeName?: string;
}

const statusOf = (pod: KubeObject) => (pod.status ?? {}) as PodStatus;
const specOf = (pod: KubeObject) => (pod.spec ?? {}) as { nodeName?: string; schedulerName?: string; schedulingGates?: unknown[] };
const finished = (pod: KubeObject) => statusOf(pod).phase === 'Succeeded' || statusOf(pod).phase === 'Failed';

/** A pod this scheduler must place: unassigned, ours, alive, and no longer held back by scheduling gates (upstream's SchedulingGates PreEnqueue). */
function isPending(pod: KubeObject): boolean {
  const spec = specOf(pod);
  return !spec.nodeName && (spec.schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME && !pod.metadata.deletionTimestamp && !finished(pod) && !spec.schedulingGates?.length;
}

/** Parked after a failed attempt: waits for a cluster change (upstream's unschedulable pods pool). A pod whose gates were removed is new. */
function isParked(pod: KubeObject): boolean {
  return statusOf(pod).conditions?.some((c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason !== 'SchedulingGated') ?? false;
}

/** Parked pods by what other objects' changes may make them schedulable: `pods`, `volumes`. */
const PARKED_WAITING_FOR = 'parkedWaitingFor';
const STORAGE_RESOURCES = new Set(['/persistentvolumeclaims', '/persistentvolumes', 'storage.k8s.io/storageclasses']);

/** Occupies its node: bound and not finished. */
function occupiesNode(pod: KubeObject): boolean {
  return Boolean(specOf(pod).nodeName) && !finished(pod);
}

/**
 * kube-scheduler as a controller. Each reconcile takes a batch of pending pods in priority order,
 * builds one snapshot of nodes and placed pods, places the pods one after the other (each assumed
 * into the snapshot, so the batch never overcommits a node), and appends every bind, status and
 * Event of the batch atomically. Binds are fenced: a second instance deciding on a stale view loses
 * the append and decides again on fresh state.
 */
export function schedulerController(options: SchedulerOptions): Controller {
  const memory: SchedulerMemory = { position: 0, pods: [], podNodes: [], nodes: new Map(), nodeList: [], placedPodInfo: new WeakMap(), pendingPodInfo: new WeakMap(), priorityClasses: [], nextStartNodeIndex: 0, movedAt: 0, triedAt: new Map() };
  /** A change that may make parked pods schedulable: noted (for pods tried before it), then asked of them. */
  const moves = (state: ClusterState, parkedMayCare: boolean): string[] => {
    memory.movedAt = state.position;
    return parkedMayCare ? [RETRY] : [];
  };
  return {
    name: 'scheduler',
    indexes: {
      pending: (s) => (s.resource === 'pods' && s.group === '' && isPending(s.object) ? ['all'] : []),
      [PARKED_WAITING_FOR]: (s) => (s.resource === 'pods' && s.group === '' && isPending(s.object) && isParked(s.object) ? waitsFor(s.object) : []),
    },
    initialKeys: () => [RETRY],
    keysFor(change, state) {
      const { group, resource, type } = change;
      if (group === '' && resource === 'nodes') return type === 'MODIFIED' && change.previous && !schedulingPropertiesChanged(change.previous, change.object) ? [] : moves(state, true);
      // A claim, volume or class that comes or changes may be what a parked pod's volumes wait for (VolumeBinding's events).
      if (STORAGE_RESOURCES.has(`${group}/${resource}`)) return moves(state, state.byIndex(PARKED_WAITING_FOR, 'volumes').length > 0);
      // Read only after the resource says it is a pod: a Kubernetes Event (one per pod placed) is passed over unparsed.
      if (group !== '' || resource !== 'pods') return [];
      const { object } = change;
      if (type !== 'DELETED' && isPending(object)) {
        if (!isParked(object)) return [NEW];
        // Parked by an attempt that came before a change that moves parked pods: it missed that change.
        const tried = memory.triedAt.get(object.metadata.uid ?? '');
        memory.triedAt.delete(object.metadata.uid ?? '');
        if (tried !== undefined && memory.movedAt > tried) return [RETRY];
        // A parked pod whose own spec or labels changed (a toleration added, a gated pod's nodeSelector) may fit now.
        return changedItself(change) ? [RETRY] : [];
      }
      // Placed, gone or finished: no longer tried.
      if (memory.triedAt.size > 0) memory.triedAt.delete(object.metadata.uid ?? '');
      // A pod leaving a node (deleted or finished) frees room for parked pods.
      const freed = type === 'DELETED' ? Boolean(specOf(object).nodeName) : finished(object) && Boolean(specOf(object).nodeName);
      if (freed) return moves(state, true);
      // A pod placed, or relabelled on its node, may be what a parked pod's affinity or spread waits for.
      return type !== 'DELETED' && state.byIndex(PARKED_WAITING_FOR, 'pods').length > 0 && placedOrRelabelled(change) ? [RETRY] : [];
    },
    reconcile(key, state, now) {
      return scheduleBatch(state, now, key === RETRY, options, memory);
    },
  };
}

/** For pods without `spec.priority` (appended before the API's Priority admission set it): the class's value, or the global default class's, or 0. */
function priorityResolver(listed: StoredObject[]): (className: string | undefined) => number {
  const classes = listed.map((s) => s.object as KubeObject & { value?: number; globalDefault?: boolean });
  const byName = new Map(classes.map((c) => [c.metadata.name, c.value ?? 0]));
  const fallback = classes.find((c) => c.globalDefault)?.value ?? 0;
  return (name) => (name ? (byName.get(name) ?? fallback) : fallback);
}

/**
 * NEW places up to a batch of pods that were never tried and asks again at once while more wait.
 * RETRY tries every pending pod once, parked ones included (the cluster changed), and comes back
 * only after the retry interval: parked pods cannot make it cycle.
 */
function scheduleBatch(state: ClusterState, now: Date, retry: boolean, options: SchedulerOptions, memory: SchedulerMemory): ReconcileResult {
  const parsed = pendingPodInfo(state, memory);
  const all = state.byIndex('pending', 'all');
  const pending = all
    .filter((s) => retry || !isParked(s.object))
    .map((s) => parsed(s.object))
    .sort(comparePods);
  if (pending.length === 0) return { writes: [] };
  const batch = retry ? pending : pending.slice(0, options.batchSize);
  const snapshot = new Snapshot(placedNodes(state, memory));
  snapshot.searchStart = memory.nextStartNodeIndex;
  const nominations = new Nominations(all.filter((s) => statusOf(s.object).nominatedNodeName).map((s) => parsed(s.object)), new Set(batch.map((p) => p.object)));
  const profile: Profile = { ...withVolumeBinding(state), percentageOfNodesToScore: options.percentageOfNodesToScore };
  const budgets = () => disruptionBudgets(state);
  const writes: ObjectWrite[] = [];
  const preempted = new Set<KubeObject>();
  let parked = 0;
  for (const pod of batch) {
    nominations.reserveFor(pod, snapshot);
    const outcome = scheduleOrPreempt(pod, snapshot, profile, budgets);
    if (outcome.kind === 'bound') {
      writes.push(...bound(pod, outcome.nodeName, now, state));
      continue;
    }
    parked++;
    memory.triedAt.set(pod.object.metadata.uid ?? '', state.position);
    if (outcome.kind === 'unschedulable') {
      writes.push(...unschedulable(pod, outcome.message, now, nominations.of(pod)));
      continue;
    }
    // Nominated: later pods of the batch see the node as taken by it, as upstream's nominated pods.
    snapshot.assume(pod, outcome.nodeName);
    writes.push(...unschedulable(pod, outcome.message, now, outcome.nodeName), ...nominations.nominate(pod, outcome.nodeName));
    for (const victim of outcome.victims.filter((v) => !preempted.has(v.object))) {
      preempted.add(victim.object);
      writes.push(...preemptedWrites(victim, pod, outcome.nodeName, now));
    }
  }
  memory.nextStartNodeIndex = snapshot.searchStart;
  if (pending.length > batch.length) return { writes, requeueAfterMs: 0 };
  return { writes, ...(parked > 0 ? { requeueAfterMs: options.retryIntervalMs } : {}) };
}

/**
 * The pending pods a preemption nominated to a node (upstream's nominated pods), as one batch works
 * with them. One waiting outside the batch holds its node against pods of its priority or lower: it is
 * taken into the snapshot before the first of them (the batch comes in priority order). A preemption
 * takes the nomination away from pods of lower priority nominated to its node, as upstream's
 * prepareCandidate does: such a pod in the batch loses it with its own status write.
 */
class Nominations {
  private readonly waiting: PodInfo[];
  private reserved = 0;
  private readonly taken = new Set<KubeObject>();

  constructor(
    private readonly nominated: PodInfo[],
    private readonly inBatch: Set<KubeObject>,
  ) {
    this.waiting = nominated.filter((p) => !inBatch.has(p.object)).sort(comparePods);
  }

  reserveFor(pod: PodInfo, snapshot: Snapshot): void {
    for (; this.reserved < this.waiting.length && this.waiting[this.reserved].priority >= pod.priority; this.reserved++) {
      const waiting = this.waiting[this.reserved];
      if (!this.taken.has(waiting.object)) snapshot.assume(waiting, nominatedNode(waiting)!);
    }
  }

  /** The node the pod is still nominated to. */
  of(pod: PodInfo): string | undefined {
    return this.taken.has(pod.object) ? undefined : nominatedNode(pod);
  }

  /** `pod` is nominated to `nodeName`: the status writes that take the nomination from lower pods there. */
  nominate(pod: PodInfo, nodeName: string): ObjectWrite[] {
    const writes: ObjectWrite[] = [];
    for (const other of this.nominated) {
      if (other.object === pod.object || nominatedNode(other) !== nodeName || other.priority >= pod.priority || this.taken.has(other.object)) continue;
      this.taken.add(other.object);
      if (!this.inBatch.has(other.object)) writes.push({ kind: 'update', resource: pods, subresource: 'status', object: { ...other.object, status: withNomination(statusOf(other.object), undefined) } });
    }
    return writes;
  }
}

const nominatedNode = (pod: PodInfo) => statusOf(pod.object).nominatedNodeName;

/**
 * Every node with the pods placed on it. The snapshot copies a node before assuming pods into it, so
 * the sums stay as they are for the next batch. While the same node objects are listed, their order
 * is kept and only the pods that changed since the last batch move (of 10,000 pods, the few a batch
 * placed or the kubelet updated); a node that changed, came or went has the order and the changed
 * nodes' sums built again.
 */
function placedNodes(state: ClusterState, memory: SchedulerMemory): NodeOrder {
  const { pods, podNodes, went, came } = podsSinceLastBatch(state, memory);
  const list = state.list({ group: '', resource: 'nodes' });
  if (memory.order && list.length === memory.nodeList.length && list.every((stored, i) => stored === memory.nodeList[i])) {
    for (const [pod, name] of went) {
      const info = memory.nodes.get(name)?.info;
      if (info) removePod(info, placedPodInfo(memory, pod));
    }
    for (const [pod, name] of came) {
      const info = memory.nodes.get(name)?.info;
      if (info) addPod(info, placedPodInfo(memory, pod));
    }
    return memory.order;
  }
  const changed = new Set([...went, ...came].map(([, name]) => name));
  const stale = new Map<string, NodeInfo>();
  const nodes = list.map(({ object: node }) => {
    const name = node.metadata.name!;
    let placed = memory.nodes.get(name);
    if (!placed || placed.node !== node || changed.has(name)) {
      placed = { node, info: nodeInfo(node, placed?.node === node ? placed.info.allocatable : nodeAllocatable(node)) };
      memory.nodes.set(name, placed);
      stale.set(name, placed.info);
    }
    return placed.info;
  });
  // Every listed node is remembered, so more remembered ones means some went.
  if (memory.nodes.size > list.length) memory.nodes = new Map(list.map(({ object }) => [object.metadata.name!, memory.nodes.get(object.metadata.name!)!]));
  for (let i = 0; i < pods.length; i++) {
    const info = podNodes[i] === undefined ? undefined : stale.get(podNodes[i]!);
    if (info) addPod(info, placedPodInfo(memory, pods[i].object));
  }
  memory.nodeList = list;
  memory.order = new NodeOrder(nodes);
  return memory.order;
}

/**
 * The pods, the node each occupies, and the placed pods that went from a node or came onto one since
 * the last batch (a changed pod does both). A pod unchanged since then (its position is not past the
 * state's position then) was listed then, in the same order, with its node: only pods that changed
 * or came are looked at, and those listed in between that are gone or changed went from their node.
 */
function podsSinceLastBatch(state: ClusterState, memory: SchedulerMemory) {
  const pods = state.list({ group: '', resource: 'pods' });
  const podNodes = new Array<string | undefined>(pods.length);
  const went: [KubeObject, string][] = [];
  const came: [KubeObject, string][] = [];
  const [before, beforeNodes, position] = memory.state === state ? [memory.pods, memory.podNodes, memory.position] : [[], [], -1];
  const leave = (j: number) => {
    if (beforeNodes[j] !== undefined) went.push([before[j].object, beforeNodes[j]!]);
  };
  let j = 0;
  for (let i = 0; i < pods.length; i++) {
    const pod = pods[i];
    // Most pods are the very ones listed then: compared first, they are not even read.
    if (before[j] === pod) {
      podNodes[i] = beforeNodes[j++];
      continue;
    }
    if (pod.position <= position) for (; j < before.length && before[j] !== pod; j++) leave(j);
    if (before[j] === pod) podNodes[i] = beforeNodes[j++];
    else {
      const node = occupiesNode(pod.object) ? specOf(pod.object).nodeName : undefined;
      podNodes[i] = node;
      if (node !== undefined) came.push([pod.object, node]);
    }
  }
  for (; j < before.length; j++) leave(j);
  Object.assign(memory, { state, position: state.position, pods, podNodes });
  return { pods, podNodes, went, came };
}

/** The pod's info, parsed once per pod object: cached objects are never mutated. */
function parsedOnce(cache: WeakMap<KubeObject, PodInfo>, pod: KubeObject, parse: (pod: KubeObject) => PodInfo): PodInfo {
  let info = cache.get(pod);
  if (!info) cache.set(pod, (info = parse(pod)));
  return info;
}

function placedPodInfo(memory: SchedulerMemory, pod: KubeObject): PodInfo {
  return parsedOnce(memory.placedPodInfo, pod, (p) => podInfo(p));
}

/** Pending pods are parsed once while they wait (batch after batch when more wait than one takes), again if the PriorityClasses change. */
function pendingPodInfo(state: ClusterState, memory: SchedulerMemory): (pod: KubeObject) => PodInfo {
  const classes = state.list({ group: 'scheduling.k8s.io', resource: 'priorityclasses' });
  if (classes.length !== memory.priorityClasses.length || classes.some((c, i) => c !== memory.priorityClasses[i])) {
    Object.assign(memory, { priorityClasses: classes, pendingPodInfo: new WeakMap() });
  }
  const priorityOf = priorityResolver(classes);
  return (pod) => parsedOnce(memory.pendingPodInfo, pod, (p) => podInfo(p, priorityOf));
}

/** The PodDisruptionBudgets preemption tries not to break, read only when a pod preempts. */
function disruptionBudgets(state: ClusterState): DisruptionBudget[] {
  return state.list({ group: 'policy', resource: 'poddisruptionbudgets' }).map(({ object }) => {
    const { spec, status } = object as KubeObject & { spec?: { selector?: LabelSelector }; status?: { disruptionsAllowed?: number; disruptedPods?: Record<string, unknown> } };
    return { namespace: object.metadata.namespace ?? '', selector: spec?.selector, disruptionsAllowed: status?.disruptionsAllowed ?? 0, disruptedPods: status?.disruptedPods };
  });
}

/** Upstream's VolumeBinding filter, from libs/storage: it reads claims, volumes and classes from the state. */
function withVolumeBinding(state: ClusterState): Profile {
  return {
    ...defaultProfile,
    filters: [
      ...defaultProfile.filters,
      {
        name: 'VolumeBinding',
        preFilter(pod) {
          const rejection = podClaimsRejection(pod.object as Pod, state);
          return rejection ? { reasons: [rejection], unresolvable: true } : undefined;
        },
        // Skipped, as upstream's PreFilter does, for a pod without claims.
        prepare(pod) {
          if (podClaimNames(pod.object as Pod).length === 0) return undefined;
          return (node) => {
            const fit = podClaimsFit(pod.object as Pod, node, state);
            return fit.fits ? undefined : { reasons: [fit.reason], unresolvable: true };
          };
        },
      },
    ],
  };
}

/** The bind, the Scheduled event, and the chosen node on the pod's WaitForFirstConsumer claims (VolumeBinding PreBind). */
function bound(pod: PodInfo, nodeName: string, now: Date, state: ClusterState): ObjectWrite[] {
  return [
    ...claimsWithSelectedNode(pod.object as Pod, nodeName, state).map((object): ObjectWrite => ({ kind: 'update', resource: claims, object })),
    { kind: 'bind', namespace: pod.namespace, name: pod.name, nodeName, fence: SCHEDULER_NAME },
    kubeEvent({ regarding: pod.object, type: 'Normal', reason: 'Scheduled', message: `Successfully assigned ${pod.key} to ${nodeName}`, component: SCHEDULER_NAME, now }),
  ];
}

/** PodScheduled False with the FitError message, and the node the pod is nominated to, if any (status.nominatedNodeName). */
function unschedulable(pod: PodInfo, message: string, now: Date, nomination: string | undefined): ObjectWrite[] {
  const status = statusOf(pod.object);
  const previous = status.conditions?.find((c) => c.type === 'PodScheduled') as { status: string; message?: string } | undefined;
  // Upstream's recorder folds repeated events into one (count++); here an unchanged failure writes nothing.
  if (previous?.status === 'False' && previous.message === message && nomination === status.nominatedNodeName) return [];
  const condition = { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: rfc3339(now), reason: 'Unschedulable', message };
  const written = { ...withNomination(status, nomination), conditions: withCondition(status.conditions ?? [], condition) };
  return [
    { kind: 'update', resource: pods, subresource: 'status', object: { ...pod.object, status: written } },
    kubeEvent({ regarding: pod.object, type: 'Warning', reason: 'FailedScheduling', message, component: SCHEDULER_NAME, now }),
  ];
}

function withNomination(status: PodStatus, nodeName: string | undefined): PodStatus {
  const { nominatedNodeName: _previous, ...rest } = status;
  return nodeName ? { ...rest, nominatedNodeName: nodeName } : rest;
}

/**
 * A preemption's victim, as upstream's scheduler takes it: the DisruptionTarget condition saying why,
 * then a delete with the pod's own grace period, and a `Preempted` Event naming the preemptor's uid.
 */
function preemptedWrites(victim: PodInfo, preemptor: PodInfo, nodeName: string, now: Date): ObjectWrite[] {
  const status = statusOf(victim.object);
  const condition = {
    type: 'DisruptionTarget',
    status: 'True',
    lastProbeTime: null,
    lastTransitionTime: rfc3339(now),
    reason: 'PreemptionByScheduler',
    message: `${SCHEDULER_NAME}: preempting to accommodate a higher priority pod`,
  };
  return [
    { kind: 'update', resource: pods, subresource: 'status', object: { ...victim.object, status: { ...status, conditions: withCondition(status.conditions ?? [], condition) } } },
    { kind: 'delete', resource: pods, namespace: victim.namespace, name: victim.name },
    kubeEvent({ regarding: victim.object, type: 'Normal', reason: 'Preempted', message: `Preempted by pod ${preemptor.object.metadata.uid} on node ${nodeName}`, component: SCHEDULER_NAME, now }),
  ];
}
