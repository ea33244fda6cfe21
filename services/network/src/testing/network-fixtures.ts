import { InMemoryCluster, type ObjectWrite } from '@kronicle/controller-runtime';
import { resourceInfo } from '@kronicle/object-lifecycle';
import { parseAddressPool } from '../address-pool';
import { networkController } from '../network-controller';
import type { Pod, Service } from '../types';

export const now = new Date('2026-01-01T00:00:00Z');
export const pods = resourceInfo('', 'pods');
export const servicesResource = resourceInfo('', 'services');

export function service(name: string, spec: Service['spec'] = {}): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }], ...spec } };
}

export function pod(name: string, app: string, ip: string, extra: { ready?: boolean; spec?: Pod['spec'] } = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app } },
    spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }] as never, ...extra.spec },
    status: { phase: 'Running', podIP: ip, conditions: [{ type: 'Ready', status: extra.ready === false ? 'False' : 'True' }] },
  };
}

/** Creates a pod and gives it the status a node agent would (create ignores status). */
export function runPod(cluster: InMemoryCluster, p: Pod): ObjectWrite[] {
  cluster.write([{ kind: 'create', resource: pods, object: p }], now);
  const created = cluster.state.list({ group: '', resource: 'pods', namespace: 'default' }).find((s) => s.object.metadata.name === p.metadata.name)!.object;
  return [{ kind: 'update', resource: pods, subresource: 'status', object: { ...created, status: p.status } }];
}

export function networkCluster(pool = '172.18.255.200-172.18.255.201') {
  const controller = networkController(parseAddressPool(pool));
  const cluster = new InMemoryCluster(controller.indexes);
  cluster.write([{ kind: 'create', resource: resourceInfo('', 'namespaces'), object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } } }], now);
  return Object.assign(cluster, {
    controller,
    run: (writes: ObjectWrite[]) => cluster.act(writes, [controller], now),
    slices: (svc: string) => cluster.state.list({ group: 'discovery.k8s.io', resource: 'endpointslices' }).map((s) => s.object).filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc),
    get: (resource: string, name: string) => cluster.state.list({ group: '', resource, namespace: 'default' }).find((s) => s.object.metadata.name === name)?.object,
  });
}
