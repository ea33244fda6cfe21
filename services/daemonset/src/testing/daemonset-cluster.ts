import type { KubeObject } from '@kronicle/contracts';
import { InMemoryCluster, type ObjectWrite } from '@kronicle/controller-runtime';
import { resourceInfo } from '@kronicle/object-lifecycle';
import { podsResource, type Pod } from '@kronicle/pod-control';
import { daemonSetController } from '../daemonset/controller';
import { targetNode } from '../daemonset/daemon-pods';
import { daemonSetsResource, type DaemonSet } from '../daemonset/objects';

const t0 = Date.parse('2026-01-01T00:00:00Z');
export const at = (s: number) => new Date(t0 + s * 1000);
const nodesResource = resourceInfo('', 'nodes');

/** The docs' fluentd-elasticsearch DaemonSet (daemonset.yaml). */
export function fluentd(): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'fluentd-elasticsearch', namespace: 'kube-system', labels: { 'k8s-app': 'fluentd-logging' } },
    spec: {
      selector: { matchLabels: { name: 'fluentd-elasticsearch' } },
      template: {
        metadata: { labels: { name: 'fluentd-elasticsearch' } },
        spec: {
          tolerations: [
            { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
            { key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule' },
          ],
          containers: [{ name: 'fluentd-elasticsearch', image: 'quay.io/fluentd_elasticsearch/fluentd:v5.0.1', resources: { limits: { memory: '200Mi' }, requests: { cpu: '100m', memory: '200Mi' } } }],
          terminationGracePeriodSeconds: 30,
        },
      },
    },
  };
}

/** The DaemonSet controller on an in-memory cluster; the test plays scheduler, kubelets and user. */
export class DaemonSetCluster {
  readonly cluster = new InMemoryCluster(daemonSetController.indexes);

  constructor(nodes: KubeObject[]) {
    for (const name of ['default', 'kube-system']) this.cluster.write([{ kind: 'create', resource: resourceInfo('', 'namespaces'), object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } }], at(0));
    for (const node of nodes) this.cluster.write([{ kind: 'create', resource: nodesResource, object: node }], at(0));
  }

  act(writes: ObjectWrite[], s: number): void {
    this.cluster.act(writes, [daemonSetController], at(s));
  }

  create(ds: DaemonSet, s = 0): void {
    this.act([{ kind: 'create', resource: daemonSetsResource, object: structuredClone(ds) }], s);
  }

  update(change: (ds: DaemonSet) => DaemonSet, s: number): void {
    this.act([{ kind: 'update', resource: daemonSetsResource, object: change(structuredClone(this.ds())) }], s);
  }

  ds(): DaemonSet {
    return this.cluster.state.get('k8s/apps/daemonsets/kube-system/fluentd-elasticsearch')!.object as DaemonSet;
  }

  pods(): Pod[] {
    return this.cluster.state.list({ group: '', resource: 'pods', namespace: 'kube-system' }).map((s) => s.object as Pod);
  }

  /** Pods by the node they are for, names sorted: e.g. `node-1: 1`. */
  podsByNode(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const pod of this.pods()) if (!pod.metadata.deletionTimestamp) counts[targetNode(pod) ?? '?'] = (counts[targetNode(pod) ?? '?'] ?? 0) + 1;
    return counts;
  }

  /** The scheduler binds every daemon pod to its node, and each kubelet reports it running and ready. */
  runAll(s: number): void {
    const time = at(s).toISOString().replace(/\.\d{3}Z$/, 'Z');
    for (const pod of this.pods().filter((p) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Running')) {
      if (!pod.spec?.nodeName) this.act([{ kind: 'bind', namespace: 'kube-system', name: pod.metadata.name!, nodeName: targetNode(pod)! }], s);
      const bound = this.cluster.state.get(`k8s/core/pods/kube-system/${pod.metadata.name}`)!.object;
      this.act([{ kind: 'update', resource: podsResource, subresource: 'status', object: { ...bound, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: time }] } } as KubeObject }], s);
    }
  }

  /** Each kubelet finishes stopping its deleted pods (a delete at grace 0). */
  finishDeletes(s: number): void {
    for (const pod of this.pods().filter((p) => p.metadata.deletionTimestamp)) this.act([{ kind: 'delete', resource: podsResource, namespace: 'kube-system', name: pod.metadata.name!, options: { gracePeriodSeconds: 0 } }], s);
  }

  setNode(node: KubeObject, s: number): void {
    const exists = this.cluster.state.get(`k8s/core/nodes/_/${node.metadata.name}`);
    this.act([{ kind: exists ? 'update' : 'create', resource: nodesResource, object: exists ? { ...exists.object, ...node, metadata: { ...exists.object.metadata, ...node.metadata } } : node } as ObjectWrite], s);
  }

  events(): string[] {
    return this.cluster.state
      .list({ group: '', resource: 'events', namespace: 'kube-system' })
      .map((s) => s.object as KubeObject & { reason: string; message: string })
      .map((e) => `${e.reason}: ${e.message}`);
  }
}

export const node = (name: string, spec: object = {}, labels: Record<string, string> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } }, spec });
