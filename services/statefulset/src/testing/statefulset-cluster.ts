import type { KubeObject } from '@kronicle/contracts';
import { InMemoryCluster, type ObjectWrite } from '@kronicle/controller-runtime';
import { resourceInfo } from '@kronicle/object-lifecycle';
import { podsResource, type Pod } from '@kronicle/pod-control';
import { statefulSetController } from '../statefulset/controller';
import { statefulSetsResource, type StatefulSet } from '../statefulset/objects';

const t0 = Date.parse('2026-01-01T00:00:00Z');
export const at = (s: number) => new Date(t0 + s * 1000);

/** The docs' web StatefulSet (web.yaml), with spec fields to override. */
export function web(spec: Partial<StatefulSet['spec']> = {}): StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      serviceName: 'nginx',
      replicas: 2,
      selector: { matchLabels: { app: 'nginx' } },
      template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.21', ports: [{ containerPort: 80, name: 'web' }], volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }] } },
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      ...spec,
    },
  };
}

/** The StatefulSet controller on an in-memory cluster; the test plays scheduler, kubelets and user. */
export class StatefulSetCluster {
  readonly cluster = new InMemoryCluster(statefulSetController.indexes);

  constructor() {
    this.cluster.write([{ kind: 'create', resource: resourceInfo('', 'namespaces'), object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } } }], at(0));
  }

  act(writes: ObjectWrite[], s: number): void {
    this.cluster.act(writes, [statefulSetController], at(s));
  }

  create(set: StatefulSet, s = 0): void {
    this.act([{ kind: 'create', resource: statefulSetsResource, object: structuredClone(set) }], s);
  }

  update(change: (set: StatefulSet) => StatefulSet, s: number): void {
    this.act([{ kind: 'update', resource: statefulSetsResource, object: change(structuredClone(this.set())) }], s);
  }

  set(): StatefulSet {
    return this.cluster.state.get('k8s/apps/statefulsets/default/web')!.object as StatefulSet;
  }

  pod(name: string): Pod | undefined {
    return this.cluster.state.get(`k8s/core/pods/default/${name}`)?.object as Pod | undefined;
  }

  /** Pod names, sorted, with `~` for those being deleted. */
  podNames(): string[] {
    return this.cluster.state
      .list({ group: '', resource: 'pods', namespace: 'default' })
      .map((s) => s.object as Pod)
      .map((p) => `${p.metadata.name}${p.metadata.deletionTimestamp ? '~' : ''}`)
      .sort();
  }

  claimNames(): string[] {
    return this.cluster.state.list({ group: '', resource: 'persistentvolumeclaims', namespace: 'default' }).map((s) => s.object.metadata.name ?? '').sort();
  }

  /** The scheduler binds a pod, its kubelet reports it running and ready. */
  run(name: string, s: number): void {
    const pod = this.pod(name)!;
    if (!pod.spec?.nodeName) this.act([{ kind: 'bind', namespace: 'default', name, nodeName: 'node-1' }], s);
    const bound = this.pod(name)!;
    const time = at(s).toISOString().replace(/\.\d{3}Z$/, 'Z');
    this.act([{ kind: 'update', resource: podsResource, subresource: 'status', object: { ...bound, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: time }] } } as KubeObject }], s);
  }

  setPhase(name: string, phase: string, s: number): void {
    this.act([{ kind: 'update', resource: podsResource, subresource: 'status', object: { ...this.pod(name)!, status: { phase } } as KubeObject }], s);
  }

  /** A deleted pod's kubelet is done (a delete at grace 0). */
  gone(name: string, s: number): void {
    this.act([{ kind: 'delete', resource: podsResource, namespace: 'default', name, options: { gracePeriodSeconds: 0 } }], s);
  }

  events(): string[] {
    return this.cluster.state
      .list({ group: '', resource: 'events', namespace: 'default' })
      .map((s) => s.object as KubeObject & { reason: string; message: string })
      .map((e) => `${e.reason}: ${e.message}`);
  }
}
