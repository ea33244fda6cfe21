import type { KubeObject } from '@kronicle/contracts';
import { kubeEvent, type Controller, type ObjectWrite, type ReconcileResult } from '@kronicle/controller-runtime';
import { rfc3339, resourceInfo } from '@kronicle/object-lifecycle';
import { allocatePodIp, nextStep, specOf, statusOf, type Profile } from '@kronicle/pod-lifecycle';
import type { ClusterState } from '@kronicle/projection';
import { readyConditions, type SimulatedNode } from './simulated-nodes';

const pods = resourceInfo('', 'pods');
const nodes = resourceInfo('', 'nodes');
const BY_NODE = 'pods-by-node';

const podKey = (namespace: string, name: string) => `pod/${namespace}/${name}`;
const nodeKey = (name: string) => `node/${name}`;
const podStream = (namespace: string, name: string) => `k8s/core/pods/${namespace}/${name}`;
const nodeStream = (name: string) => `k8s/core/nodes/_/${name}`;

/**
 * The kubelets of the nodes one agent hosts: registers each Node (and reports it Ready again after
 * the node lifecycle marked it Unknown), and moves the pods bound to them through the stage engine.
 */
export function nodeAgentController(hosted: SimulatedNode[], profile: Profile): Controller {
  const byName = new Map(hosted.map((n) => [n.name, n]));
  return {
    name: `node-agent-${hosted[0]?.name ?? 'none'}`,
    indexes: { [BY_NODE]: (s) => (s.resource === 'pods' && s.group === '' && specOf(s.object).nodeName ? [specOf(s.object).nodeName!] : []) },
    initialKeys: (state) => hosted.flatMap((n) => [nodeKey(n.name), ...state.byIndex(BY_NODE, n.name).map((s) => podKey(s.object.metadata.namespace!, s.object.metadata.name!))]),
    keysFor(change) {
      if (change.group !== '') return [];
      if (change.resource === 'nodes') return byName.has(change.object.metadata.name ?? '') ? [nodeKey(change.object.metadata.name!)] : [];
      if (change.resource !== 'pods' || change.type === 'DELETED') return [];
      const nodeName = specOf(change.object).nodeName;
      return nodeName && byName.has(nodeName) ? [podKey(change.object.metadata.namespace!, change.object.metadata.name!)] : [];
    },
    reconcile(key, state, now) {
      const [kind, ...rest] = key.split('/');
      if (kind === 'node') return reconcileNode(byName.get(rest[0])!, state, now);
      return reconcilePod(rest[0], rest[1], state, now, byName, profile);
    },
  };
}

function reconcileNode(node: SimulatedNode, state: ClusterState, now: Date): ReconcileResult {
  const current = state.get(nodeStream(node.name));
  if (!current) return { writes: [{ kind: 'create', resource: nodes, object: node.object }] };
  const status = (current.object.status ?? {}) as { conditions?: { type: string; status: string }[] };
  if (status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) return { writes: [] };
  // Back after the node lifecycle gave up on it: report Ready again, as a restarted kubelet does.
  return { writes: [{ kind: 'update', resource: nodes, subresource: 'status', object: { ...current.object, status: { ...status, conditions: readyConditions(rfc3339(now)) } } }] };
}

function reconcilePod(namespace: string, name: string, state: ClusterState, now: Date, byName: Map<string, SimulatedNode>, profile: Profile): ReconcileResult {
  const stored = state.get(podStream(namespace, name));
  const nodeName = stored && specOf(stored.object).nodeName;
  const node = nodeName ? byName.get(nodeName) : undefined;
  if (!stored || !node) return { writes: [] };
  const pod = stored.object;
  const step = nextStep(pod, now, {
    name: node.name,
    internalIP: node.internalIP,
    allocatePodIp: () => allocatePodIp(node.podCIDR, usedIps(state, node.name)),
  }, profile);
  switch (step.kind) {
    case 'none':
      return { writes: [] };
    case 'wait':
      return { writes: [], requeueAfterMs: step.ms };
    case 'delete':
      return { writes: [{ kind: 'delete', resource: pods, namespace, name, options: { gracePeriodSeconds: 0 } }] };
    case 'status': {
      const writes: ObjectWrite[] = [{ kind: 'update', resource: pods, subresource: 'status', object: { ...pod, status: step.status } }];
      for (const e of step.events) writes.push(kubeEvent({ regarding: pod, ...e, component: 'kubelet', host: node.name, now }));
      // The pod's own change brings it back here for the next stage.
      return { writes };
    }
  }
}

function usedIps(state: ClusterState, nodeName: string): string[] {
  return state.byIndex(BY_NODE, nodeName).flatMap((s: { object: KubeObject }) => {
    const ip = statusOf(s.object).podIP;
    return ip ? [ip] : [];
  });
}
