import { objectStreamId, type KubeObject } from '@kronicle/contracts';
import { kubeEvent, type Controller, type ObjectWrite, type ReconcileResult } from '@kronicle/controller-runtime';
import { resourceInfo, rfc3339 } from '@kronicle/object-lifecycle';
import { changeMayHaveField, type ClusterState } from '@kronicle/projection';
import { toleratesTaint, type Taint, type Toleration } from '@kronicle/scheduling';
import type { HeartbeatTable } from './heartbeat-table';

const nodes = resourceInfo('', 'nodes');
const pods = resourceInfo('', 'pods');
const BY_NODE = 'pods-by-node';
const NO_EXECUTE_TAINTED = 'nodes-no-execute-tainted';
/** The key of upstream podgc's periodic look for pods whose node is gone. */
const POD_GC = 'pod-gc';
export const UNREACHABLE = 'node.kubernetes.io/unreachable';

interface Condition {
  type: string;
  status: string;
  [key: string]: unknown;
}

export interface NodeLifecycleOptions {
  /** Upstream --node-monitor-grace-period: 40 s. */
  gracePeriodMs: number;
  /** How often pods bound to a node that does not exist are looked for (upstream podgc's gcCheckPeriod: 20 s). */
  podGcPeriodMs: number;
  /** How long pods stay bound to a node that does not exist before they go (upstream podgc's quarantine: 40 s). */
  orphanQuarantineMs: number;
}

const nodeKey = (name: string) => `node/${name}`;
const nodeStreamId = (name: string) => objectStreamId({ group: '', resource: 'nodes', name });
const isNoExecute = (t: Taint) => t.effect === 'NoExecute';
const taintId = (t: Taint) => `${t.key}=${t.value ?? ''}:${t.effect}`;
const taintsOf = (node: KubeObject) => ((node.spec ?? {}) as { taints?: Taint[] }).taints ?? [];
const noExecuteTainted = (node: KubeObject) => taintsOf(node).some(isNoExecute);
const conditionsOf = (node: KubeObject) => ((node.status ?? {}) as { conditions?: Condition[] }).conditions ?? [];
const readyStatus = (node: KubeObject) => conditionsOf(node).find((c) => c.type === 'Ready')?.status;

/**
 * Upstream's node lifecycle and taint eviction controllers. A node not heard of for the grace period
 * gets Ready=Unknown (one reconcile), then the unreachable NoSchedule and NoExecute taints (the next);
 * when it reports Ready again, they go. Pods on a node with NoExecute taints (those, or any a user
 * adds) that do not tolerate them all are evicted at once, those tolerating them for tolerationSeconds
 * when that has passed. Heartbeats are an input beside the state: the table the NATS subscription fills.
 * Pods bound to a node that does not exist are collected as upstream's pod garbage collector does:
 * at once for a node seen to go, else found by a look over every pod each `podGcPeriodMs`.
 * Nodes it comes to know, and those that go, it announces as upstream does (RegisteredNode, RemovingNode).
 */
export function nodeLifecycleController(heartbeats: HeartbeatTable, options: NodeLifecycleOptions): Controller {
  // Upstream's knownNodeSet, by name to uid: in memory, so a restarted controller registers every node again, as upstream's does.
  const known = new Map<string, string>();
  // When each NoExecute taint without a timeAdded was first seen, per node: upstream's taint manager
  // times evictions from when it processed the taint, and a restart starts its clocks again.
  const firstSeen = new Map<string, Map<string, number>>();
  /** When the node's NoExecute taints began (the earliest); taints that are gone are forgotten. */
  const taintedSince = (name: string, taints: Taint[], now: Date): number => {
    const before = firstSeen.get(name);
    const seen = new Map(taints.filter((t) => !t.timeAdded).map((t) => [taintId(t), before?.get(taintId(t)) ?? now.getTime()]));
    if (seen.size > 0) firstSeen.set(name, seen);
    else firstSeen.delete(name);
    return Math.min(...taints.map((t) => (t.timeAdded ? Date.parse(t.timeAdded) : seen.get(taintId(t))!)));
  };
  // When pods were first found bound to each missing node: upstream podgc's quarantine starts when it
  // notices the node missing, so a pod bound to a node that registers a little later is kept.
  const missingSince = new Map<string, number>();
  /** From when a missing node's pods are quarantined: the later of its last heartbeat and when its pods were first found orphaned. */
  const orphanedSince = (name: string, now: Date): number => {
    const noticed = missingSince.get(name) ?? now.getTime();
    missingSince.set(name, noticed);
    return Math.max(heartbeats.lastSeen(name), noticed);
  };
  /** Upstream podgc's gcOrphaned: the pods of every node that has pods but no Node object, each after its quarantine. */
  const collectAllOrphans = (state: ClusterState, now: Date): ReconcileResult => {
    const gone = state.indexKeys(BY_NODE).filter((name) => !state.get(nodeStreamId(name)));
    for (const name of missingSince.keys()) if (!gone.includes(name)) missingSince.delete(name);
    const results = gone.map((name) => collectOrphans(name, state, now, orphanedSince(name, now), options));
    return { writes: results.flatMap((r) => r.writes), requeueAfterMs: Math.min(options.podGcPeriodMs, ...results.map((r) => r.requeueAfterMs ?? Infinity)) };
  };
  return {
    name: 'node-lifecycle',
    indexes: {
      [BY_NODE]: (s) => (s.resource === 'pods' && s.group === '' && (s.object.spec as { nodeName?: string })?.nodeName ? [(s.object.spec as { nodeName: string }).nodeName] : []),
      [NO_EXECUTE_TAINTED]: (s) => (s.resource === 'nodes' && s.group === '' && noExecuteTainted(s.object) ? ['tainted'] : []),
    },
    // Pods on a node tainted for eviction, or on one that does not exist (podgc's orphans); those of a
    // node that gains such a taint or goes are read then. Pods on healthy nodes are never read.
    podsRead: {
      withFields: [],
      readsPodsOn: (node, state) => {
        const stored = state.get(nodeStreamId(node));
        return !stored || noExecuteTainted(stored.object);
      },
      widenedBy: (change) =>
        change.group === '' && change.resource === 'nodes' && (change.type === 'DELETED' || noExecuteTainted(change.object)) ? { nodes: [change.object.metadata.name!] } : undefined,
    },
    initialKeys: (state) => [...state.list({ group: '', resource: 'nodes' }).map((s) => nodeKey(s.object.metadata.name!)), POD_GC],
    keysFor(change, state) {
      if (change.group !== '') return [];
      // A node gone leaves its pods orphaned: its key is reconciled once more for them.
      if (change.resource === 'nodes') return [nodeKey(change.object.metadata.name!)];
      // A pod is this controller's business only on a node tainted for eviction (upstream's taint manager);
      // those on a node that does not exist are found by the periodic look, as upstream podgc finds them.
      // So no pod is parsed here while no node has a NoExecute taint.
      if (change.resource !== 'pods' || change.type === 'DELETED' || !changeMayHaveField(change, 'nodeName')) return [];
      if (state.byIndex(NO_EXECUTE_TAINTED, 'tainted').length === 0) return [];
      const nodeName = (change.object.spec as { nodeName?: string } | undefined)?.nodeName;
      const node = nodeName ? state.get(nodeStreamId(nodeName))?.object : undefined;
      return node && noExecuteTainted(node) ? [nodeKey(nodeName!)] : [];
    },
    reconcile(key, state, now) {
      if (key === POD_GC) return collectAllOrphans(state, now);
      const name = key.slice('node/'.length);
      const stored = state.get(nodeStreamId(name));
      const uid = stored?.object.metadata.uid;
      const knownUid = known.get(name);
      const events: ObjectWrite[] = [];
      if (knownUid !== undefined && knownUid !== uid) {
        events.push(nodeControllerEvent(name, knownUid, 'RemovingNode', `Removing Node ${name} from Controller`, now));
        known.delete(name);
      }
      if (uid !== undefined && !known.has(name)) {
        events.push(nodeControllerEvent(name, uid, 'RegisteredNode', `Registered Node ${name} in Controller`, now));
        known.set(name, uid);
      }
      if (!stored) firstSeen.delete(name);
      if (stored || state.byIndex(BY_NODE, name).length === 0) missingSince.delete(name);
      const since = (taints: Taint[]) => taintedSince(name, taints, now);
      const result = stored ? reconcileNode(stored.object, state, now, heartbeats.lastSeen(name), options, since) : collectOrphans(name, state, now, orphanedSince(name, now), options);
      return events.length === 0 ? result : { ...result, writes: [...events, ...result.writes] };
    },
  };
}

function reconcileNode(
  node: KubeObject,
  state: ClusterState,
  now: Date,
  lastSeen: number,
  options: NodeLifecycleOptions,
  taintedSince: (taints: Taint[]) => number,
): ReconcileResult {
  const silentFor = now.getTime() - lastSeen;
  const silent = silentFor > options.gracePeriodMs;
  const ready = readyStatus(node);
  const taints = taintsOf(node);
  const tainted = taints.some((t) => t.key === UNREACHABLE);
  const untilSilent = options.gracePeriodMs - silentFor + 1;

  if (silent && ready !== 'Unknown') return { writes: markUnknown(node, now) };
  if (silent && !tainted) {
    const time = rfc3339(now);
    const added: Taint[] = [
      { key: UNREACHABLE, effect: 'NoSchedule', timeAdded: time },
      { key: UNREACHABLE, effect: 'NoExecute', timeAdded: time },
    ];
    return { writes: [{ kind: 'update', resource: nodes, object: { ...node, spec: { ...(node.spec as object), taints: [...taints, ...added] } } }] };
  }
  if (!silent && ready === 'True' && tainted) {
    return { writes: [{ kind: 'update', resource: nodes, object: { ...node, spec: { ...(node.spec as object), taints: taints.filter((t) => t.key !== UNREACHABLE) } } }], requeueAfterMs: untilSilent };
  }
  const untilChecked = Math.max(untilSilent, 1);
  const noExecute = taints.filter(isNoExecute);
  // Asked even without taints, so that removed ones are forgotten.
  const since = taintedSince(noExecute);
  if (noExecute.length === 0) return { writes: [], requeueAfterMs: untilChecked };
  const evicted = evictions(node, noExecute, since, state, now);
  // A silent node is tainted already: only the evictions' own times matter then.
  const requeueAfterMs = silent ? evicted.requeueAfterMs : Math.min(evicted.requeueAfterMs ?? Infinity, untilChecked);
  return { writes: evicted.writes, ...(requeueAfterMs !== undefined ? { requeueAfterMs } : {}) };
}

/** Upstream's RecordNodeEvent: "Node <name> event: <what>", about the node by its uid. */
function nodeControllerEvent(name: string, uid: string, reason: string, what: string, now: Date): ObjectWrite {
  return kubeEvent({ regarding: { apiVersion: 'v1', kind: 'Node', metadata: { name, uid } }, type: 'Normal', reason, message: `Node ${name} event: ${what}`, component: 'node-controller', now });
}

/** Upstream: every condition becomes Unknown, "Kubelet stopped posting node status." */
function markUnknown(node: KubeObject, now: Date): ObjectWrite[] {
  const time = rfc3339(now);
  const conditions = conditionsOf(node).map((c) => ({ ...c, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: time }));
  return [
    { kind: 'update', resource: nodes, subresource: 'status', object: { ...node, status: { ...(node.status as object), conditions } } },
    kubeEvent({ regarding: node, type: 'Normal', reason: 'NodeNotReady', message: `Node ${node.metadata.name} status is now: NodeNotReady`, component: 'node-controller', now }),
  ];
}

/**
 * Upstream's `getMinTolerationTime` over the tolerations that match the taints: 0 when a taint is not
 * tolerated or a toleration allows no time, else the shortest tolerationSeconds given; none given is forever.
 */
function tolerationSeconds(tolerations: Toleration[], taints: Taint[]): number {
  if (!taints.every((taint) => tolerations.some((t) => toleratesTaint(t, taint)))) return 0;
  const given = tolerations.filter((t) => taints.some((taint) => toleratesTaint(t, taint)) && t.tolerationSeconds !== undefined).map((t) => t.tolerationSeconds!);
  return given.length === 0 ? Infinity : Math.max(0, Math.min(...given));
}

/**
 * Upstream's taint eviction: pods not tolerating the taints go now, those tolerating them for a while
 * when that ends (counted from `since`), each marked DisruptionTarget first, as upstream does.
 */
function evictions(node: KubeObject, taints: Taint[], since: number, state: ClusterState, now: Date): ReconcileResult {
  const writes: ObjectWrite[] = [];
  let next = Infinity;
  for (const { object: pod } of state.byIndex(BY_NODE, node.metadata.name!)) {
    if (pod.metadata.deletionTimestamp) continue;
    const seconds = tolerationSeconds(((pod.spec ?? {}) as { tolerations?: Toleration[] }).tolerations ?? [], taints);
    if (seconds === Infinity) continue;
    const due = since + seconds * 1000;
    if (due > now.getTime()) {
      next = Math.min(next, due - now.getTime());
      continue;
    }
    const status = (pod.status ?? {}) as object;
    writes.push(
      { kind: 'update', resource: pods, subresource: 'status', object: { ...pod, status: { ...status, conditions: withDisruptionTarget(pod, 'DeletionByTaintManager', 'Taint manager: deleting due to NoExecute taint', now) } } },
      { kind: 'delete', resource: pods, namespace: pod.metadata.namespace, name: pod.metadata.name! },
      kubeEvent({ regarding: pod, type: 'Normal', reason: 'TaintManagerEviction', message: `Marking for deletion Pod ${pod.metadata.namespace}/${pod.metadata.name}`, component: 'taint-eviction-controller', now }),
    );
  }
  return { writes, ...(Number.isFinite(next) ? { requeueAfterMs: next } : {}) };
}

/** The pod's conditions with DisruptionTarget=True, as the controllers that delete a pod set it first. */
function withDisruptionTarget(pod: KubeObject, reason: string, message: string, now: Date): Condition[] {
  const conditions = ((pod.status ?? {}) as { conditions?: Condition[] }).conditions ?? [];
  return [...conditions.filter((c) => c.type !== 'DisruptionTarget'), { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: rfc3339(now), reason, message }];
}

/**
 * Upstream podgc's `gcOrphaned`: pods bound to a node that does not exist, once the quarantine since
 * `since` is over (a node registering late keeps its pods), are marked Failed with the DisruptionTarget
 * condition and deleted at once — no kubelet is left to finish a graceful delete.
 */
function collectOrphans(nodeName: string, state: ClusterState, now: Date, since: number, options: NodeLifecycleOptions): ReconcileResult {
  const orphans = state.byIndex(BY_NODE, nodeName).map((s) => s.object);
  if (orphans.length === 0) return { writes: [] };
  const quarantineLeft = since + options.orphanQuarantineMs - now.getTime();
  if (quarantineLeft > 0) return { writes: [], requeueAfterMs: quarantineLeft + 1 };
  return {
    writes: orphans.flatMap((pod): ObjectWrite[] => {
      const status = (pod.status ?? {}) as { phase?: string };
      const terminal = status.phase === 'Succeeded' || status.phase === 'Failed';
      const conditions = withDisruptionTarget(pod, 'DeletionByPodGC', 'PodGC: node no longer exists', now);
      return [
        { kind: 'update', resource: pods, subresource: 'status', object: { ...pod, status: { ...status, ...(terminal ? {} : { phase: 'Failed' }), conditions } } },
        { kind: 'delete', resource: pods, namespace: pod.metadata.namespace, name: pod.metadata.name!, options: { gracePeriodSeconds: 0 } },
      ];
    }),
  };
}
