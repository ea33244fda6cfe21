import { objectStreamId, type KubeObject } from '@kronicle/contracts';
import { kubeEvent, type Controller, type ObjectWrite, type ReconcileResult } from '@kronicle/controller-runtime';
import { rfc3339, resourceInfo } from '@kronicle/object-lifecycle';
import { allocatePodIp, awaitsStep, isStoppingEvent, nextWrite, specOf, statusOf, killingEvents, type KubeletEvent, type Profile } from '@kronicle/pod-lifecycle';
import { changeMayHaveField, mayHaveField, type ClusterState, type StoredObject } from '@kronicle/projection';
import { kubeletAdmitter } from './admission';
import { recoveredEvents, schedulableEvent, STARTING_REASON, startingEvents } from './node-events';
import { readyConditions, type SimulatedNode } from './simulated-nodes';

const pods = resourceInfo('', 'pods');
const nodes = resourceInfo('', 'nodes');
const BY_NODE = 'pods-by-node';
const AWAITING_BY_NODE = 'pods-awaiting-a-step-by-node';
const STOPPING_REPORTED = 'pods-whose-stopping-was-reported';
const STARTING_REPORTED = 'kubelet-starts-by-node';
const FAILURES_REPORTED = 'kubelet-start-failures-by-pod';
/** The reasons of the kubelet's Events about a start it retries (see `lastReported`). */
const START_FAILURES = new Set(['FailedMount', 'Failed']);

const podsKey = (nodeName: string) => `pods/${nodeName}`;
const nodeKey = (name: string) => `node/${name}`;

/** Upstream kubelet's nodeStatusReportFrequency: an unchanged node status is posted again this often. */
export const STATUS_REPORT_MS = 5 * 60_000;
const nodeStream = (name: string) => `k8s/core/nodes/_/${name}`;

/**
 * The kubelets of the nodes one agent hosts: registers each Node (and reports it Ready again after
 * the node lifecycle marked it Unknown), and moves the pods bound to them through the stage engine.
 *
 * Pods are reconciled per node (key `pods/<node>`): one reconcile takes every pod of the node whose
 * step is due and appends all their steps at once, and asks to be woken when the next pod's step is
 * due. Nodes decide independently (a pod's IP comes from its node's CIDR and the node's pods), so
 * `workers` nodes are reconciled at once. A pod change no stage selects (e.g. the agent's own write
 * of a pod now Running and Ready) asks for no reconcile: it has no step to take.
 */
export function nodeAgentController(hosted: SimulatedNode[], profile: Profile, options: { workers?: number; statusReportMs?: number } = {}): Controller {
  const statusReportMs = options.statusReportMs ?? STATUS_REPORT_MS;
  const byName = new Map(hosted.map((n) => [n.name, n]));
  // What each kubelet last reported of its node's spec.unschedulable; a starting kubelet takes it as false, as upstream's does.
  const reportedUnschedulable = new Map<string, boolean>();
  // How many starts each node's kubelet had reported when this process first looked: it is starting
  // until its own report is in the cache (an append refused is decided again, with the report).
  const startsBefore = new Map<string, number>();
  // Pods deleted at once (forced) while their containers ran, by node: the kubelet still stops them
  // and says so. Only those deleted while the agent runs: deletions replayed at its start are history.
  // Kept until the report is in the cache, so a refused append is decided again with it.
  const deletedAtOnce = new Map<string, KubeObject[]>();
  let replaying = true;
  return {
    name: `node-agent-${hosted[0]?.name ?? 'none'}`,
    workers: options.workers ?? 1,
    indexes: {
      [BY_NODE]: (s) => (isBoundPod(s) ? [specOf(s.object).nodeName!] : []),
      // A settled pod (e.g. Running and Ready until deleted) has no step to take until it changes: a reconcile passes it by.
      [AWAITING_BY_NODE]: (s) => (isBoundPod(s) && awaitsStep(s.object, profile) ? [specOf(s.object).nodeName!] : []),
      // The kubelet's own Events (its cache keeps no others): whether a deleting pod's stop was reported survives a restart.
      [STOPPING_REPORTED]: (s) => {
        const uid = podStopped(s);
        return uid ? [uid] : [];
      },
      [STARTING_REPORTED]: (s) => {
        const nodeName = nodeStarted(s);
        return nodeName ? [nodeName] : [];
      },
      // When a start that failed was last reported, and how often: when the kubelet tries again, also after a restart.
      [FAILURES_REPORTED]: (s) => {
        const uid = podStartFailed(s);
        return uid ? [uid] : [];
      },
    },
    initialKeys: () => {
      replaying = false;
      return hosted.flatMap((n) => [nodeKey(n.name), podsKey(n.name)]);
    },
    keysFor(change) {
      if (change.group !== '') return [];
      if (change.resource === 'nodes') return byName.has(change.object.metadata.name ?? '') ? [nodeKey(change.object.metadata.name!)] : [];
      if (change.resource !== 'pods') return [];
      // A pod that never had a node (a pod as created) is none of this kubelet's business: not read.
      if (!changeMayHaveField(change, 'nodeName')) return [];
      const nodeName = specOf(change.object).nodeName;
      if (!nodeName || !byName.has(nodeName)) return [];
      if (change.type !== 'DELETED') return awaitsStep(change.object, profile) ? [podsKey(nodeName)] : [];
      // The agent's own deletes come after the stop was reported: the reconcile tells them apart.
      if (replaying || killingEvents(change.object, profile).length === 0) return [];
      deletedAtOnce.set(nodeName, [...(deletedAtOnce.get(nodeName) ?? []), change.object]);
      return [podsKey(nodeName)];
    },
    reconcile(key, state, now) {
      const [kind, nodeName] = key.split('/');
      const node = byName.get(nodeName);
      if (!node) return { writes: [] };
      if (kind === 'node') {
        const starts = startsReported(state, nodeName);
        if (!startsBefore.has(nodeName)) startsBefore.set(nodeName, starts);
        const starting = profile.routineEvents && starts === startsBefore.get(nodeName);
        return reconcileNode(node, state, now, profile, { starting, reportedUnschedulable, statusReportMs });
      }
      const unreported = (deletedAtOnce.get(nodeName) ?? []).filter((pod) => !stoppingReported(state, pod));
      if (unreported.length > 0) deletedAtOnce.set(nodeName, unreported);
      else deletedAtOnce.delete(nodeName);
      return reconcilePods(node, state, now, profile, unreported);
    },
  };
}

/** `starting`: this process's kubelet has not reported its start yet. */
function reconcileNode(
  node: SimulatedNode,
  state: ClusterState,
  now: Date,
  profile: Profile,
  kubelet: { starting: boolean; reportedUnschedulable: Map<string, boolean>; statusReportMs: number },
): ReconcileResult {
  const { starting, reportedUnschedulable, statusReportMs } = kubelet;
  const events: ObjectWrite[] = starting ? startingEvents(node.name, now) : [];
  const current = state.get(nodeStream(node.name));
  if (!current) return { writes: [{ kind: 'create', resource: nodes, object: node.object }, ...events] };
  const unschedulable = Boolean((current.object.spec as { unschedulable?: boolean } | undefined)?.unschedulable);
  if (profile.routineEvents && unschedulable !== (reportedUnschedulable.get(node.name) ?? false)) events.push(schedulableEvent(node.name, unschedulable, now));
  reportedUnschedulable.set(node.name, unschedulable);
  const status = (current.object.status ?? {}) as { conditions?: { type: string; status: string; lastHeartbeatTime?: string }[] };
  const ready = status.conditions?.find((c) => c.type === 'Ready' && c.status === 'True');
  if (ready) {
    // Unchanged, the status is still posted every statusReportMs (upstream's nodeStatusReportFrequency): its heartbeat times move.
    const dueInMs = Date.parse(ready.lastHeartbeatTime ?? '') + statusReportMs - now.getTime();
    if (dueInMs > 0) return { writes: events, requeueAfterMs: dueInMs };
    const time = rfc3339(now);
    const reported = { ...status, conditions: status.conditions!.map((c) => ({ ...c, lastHeartbeatTime: time })) };
    return { writes: [{ kind: 'update', resource: nodes, subresource: 'status', object: { ...current.object, status: reported } }, ...events], requeueAfterMs: statusReportMs };
  }
  // Back after the node lifecycle gave up on it: report Ready again, as a restarted kubelet does.
  if (profile.routineEvents && !starting) events.push(...recoveredEvents(node.name, status.conditions ?? [], now));
  return { writes: [{ kind: 'update', resource: nodes, subresource: 'status', object: { ...current.object, status: { ...status, conditions: readyConditions(rfc3339(now)) } } }, ...events] };
}

/** A pod whose text has no `"nodeName"` (every pod as created) is not read to see that it is not bound. */
const isBoundPod = (s: StoredObject) => s.resource === 'pods' && s.group === '' && mayHaveField(s, 'nodeName') && Boolean(specOf(s.object).nodeName);

/** The node a kubelet's `Starting` Event is about (the agent's cache holds only its own Events). */
function nodeStarted(s: StoredObject): string | undefined {
  if (s.resource !== 'events' || s.group !== '') return undefined;
  const event = s.object as { reason?: string; involvedObject?: { kind?: string; name?: string } };
  return event.reason === STARTING_REASON && event.involvedObject?.kind === 'Node' ? event.involvedObject.name : undefined;
}

/** The starts of its kubelet a node's Events count (each start counts once more on the same Event). */
const startsReported = (state: ClusterState, nodeName: string) =>
  state.byIndex(STARTING_REPORTED, nodeName).reduce((sum, s) => sum + ((s.object as { count?: number }).count ?? 1), 0);

const stoppingReported = (state: ClusterState, pod: KubeObject) => state.byIndex(STOPPING_REPORTED, pod.metadata.uid ?? '').length > 0;

/** The pod a kubelet's Event reports a failed start of (a volume it could not set up, a container it could not configure). */
function podStartFailed(s: StoredObject): string | undefined {
  if (s.resource !== 'events' || s.group !== '') return undefined;
  const event = s.object as { reason?: string; involvedObject?: { kind?: string; uid?: string } };
  return START_FAILURES.has(event.reason ?? '') && event.involvedObject?.kind === 'Pod' ? event.involvedObject.uid : undefined;
}

/** The latest of the kubelet's Events of this reason about the pod: its count, and its lastTimestamp. */
function lastReported(state: ClusterState, pod: KubeObject, reason: string): { count: number; at: string } | undefined {
  let latest: { count: number; at: string } | undefined;
  for (const { object } of state.byIndex(FAILURES_REPORTED, pod.metadata.uid ?? '')) {
    const event = object as { reason?: string; count?: number; lastTimestamp?: string };
    if (event.reason !== reason || !event.lastTimestamp) continue;
    if (!latest || Date.parse(event.lastTimestamp) > Date.parse(latest.at)) latest = { count: event.count ?? 1, at: event.lastTimestamp };
  }
  return latest;
}

/** The pod a kubelet's Event reports the stopping of, for its deletion. */
function podStopped(s: StoredObject): string | undefined {
  if (s.resource !== 'events' || s.group !== '') return undefined;
  const event = s.object as { reason?: string; message?: string; involvedObject?: { uid?: string } };
  return isStoppingEvent(event) ? event.involvedObject?.uid : undefined;
}

/**
 * Every due step of the node's pods, in one atomic append; woken again when the next one is due.
 * Pods `deletedAtOnce` (whose stop was not reported yet) get it now.
 */
function reconcilePods(node: SimulatedNode, state: ClusterState, now: Date, profile: Profile, deletedAtOnce: KubeObject[]): ReconcileResult {
  // Addresses taken, including those given out in this reconcile; gathered when a pod first needs one.
  let used: Set<string> | undefined;
  const context = {
    name: node.name,
    internalIP: node.internalIP,
    allocatePodIp: () => {
      used ??= usedIps(state.byIndex(BY_NODE, node.name));
      const ip = allocatePodIp(node.podCIDR, used);
      if (ip) used.add(ip);
      return ip;
    },
    stoppingReported: (pod: KubeObject) => stoppingReported(state, pod),
    admit: kubeletAdmitter(state.get(nodeStream(node.name))?.object ?? node.object, () => state.byIndex(BY_NODE, node.name)),
    references: (namespace: string) => ({
      configMap: (name: string) => state.get(objectStreamId({ group: '', resource: 'configmaps', namespace, name }))?.object as { data?: Record<string, string>; binaryData?: Record<string, string> } | undefined,
      secret: (name: string) => state.get(objectStreamId({ group: '', resource: 'secrets', namespace, name }))?.object as { data?: Record<string, string> } | undefined,
    }),
    lastReported: (pod: KubeObject, reason: string) => lastReported(state, pod, reason),
  };
  const kubelet = (pod: KubeObject, e: KubeletEvent) => kubeEvent({ regarding: pod, ...e, component: 'kubelet', host: node.name, now });
  const writes: ObjectWrite[] = [];
  for (const pod of deletedAtOnce) for (const e of killingEvents(pod, profile)) writes.push(kubelet(pod, e));
  let requeueAfterMs: number | undefined;
  for (const { object: pod } of state.byIndex(AWAITING_BY_NODE, node.name)) {
    const step = nextWrite(pod, now, context, profile);
    switch (step.kind) {
      case 'none':
        break;
      case 'wait':
      case 'stop':
      case 'report':
        requeueAfterMs = Math.min(requeueAfterMs ?? step.ms, step.ms);
        break;
      case 'delete':
        if (step.status) writes.push({ kind: 'update', resource: pods, subresource: 'status', object: { ...pod, status: step.status } });
        writes.push({ kind: 'delete', resource: pods, namespace: pod.metadata.namespace, name: pod.metadata.name!, options: { gracePeriodSeconds: 0 } });
        break;
      case 'status':
        // The pod's own change brings the node back here for its next stage.
        writes.push({ kind: 'update', resource: pods, subresource: 'status', object: { ...pod, status: step.status } });
    }
    if (step.kind === 'delete' || step.kind === 'status' || step.kind === 'stop' || step.kind === 'report') {
      for (const e of step.events) writes.push(kubelet(pod, e));
    }
  }
  return requeueAfterMs === undefined ? { writes } : { writes, requeueAfterMs };
}

function usedIps(podsOfNode: { object: KubeObject }[]): Set<string> {
  const used = new Set<string>();
  for (const { object } of podsOfNode) {
    const ip = statusOf(object).podIP;
    if (ip) used.add(ip);
  }
  return used;
}
