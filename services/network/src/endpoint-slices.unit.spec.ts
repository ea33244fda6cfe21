import { describe, expect, it } from 'vitest';
import { networkCluster, pod, pods, runPod, service, servicesResource } from './testing/network-fixtures';

describe('EndpointSlices of a Service', () => {
  it('given ready and unready pods, lists each with upstream conditions, node, targetRef and the resolved named port', () => {
    const cluster = networkCluster();
    cluster.run([{ kind: 'create', resource: servicesResource, object: service('web', { ports: [{ name: 'http', port: 80, targetPort: 'http' }] }) }]);
    cluster.run(runPod(cluster, pod('web-1', 'web', '10.244.0.5')));
    cluster.run(runPod(cluster, pod('web-2', 'web', '10.244.0.6', { ready: false })));
    cluster.run(runPod(cluster, pod('other', 'db', '10.244.0.7')));

    const [slice] = cluster.slices('web');
    expect(cluster.slices('web')).toHaveLength(1);
    expect(slice).toMatchObject({
      metadata: {
        generateName: 'web-',
        labels: { 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
        ownerReferences: [{ kind: 'Service', name: 'web', controller: true, blockOwnerDeletion: true }],
      },
      addressType: 'IPv4',
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    });
    expect(slice.endpoints).toEqual([
      { addresses: ['10.244.0.5'], conditions: { ready: true, serving: true, terminating: false }, nodeName: 'node-1', targetRef: expect.objectContaining({ kind: 'Pod', name: 'web-1' }) },
      { addresses: ['10.244.0.6'], conditions: { ready: false, serving: false, terminating: false }, nodeName: 'node-1', targetRef: expect.objectContaining({ kind: 'Pod', name: 'web-2' }) },
    ]);
    expect(cluster.get('endpoints', 'web')).toMatchObject({
      subsets: [{ addresses: [expect.objectContaining({ ip: '10.244.0.5', nodeName: 'node-1' })], notReadyAddresses: [expect.objectContaining({ ip: '10.244.0.6' })], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }],
    });
  });

  it('given a terminating pod, marks it terminating and not ready; with publishNotReadyAddresses every pod is ready', () => {
    const cluster = networkCluster();
    cluster.run([{ kind: 'create', resource: servicesResource, object: service('web') }, { kind: 'create', resource: servicesResource, object: service('peers', { selector: { app: 'web' }, publishNotReadyAddresses: true, clusterIP: 'None' }) }]);
    cluster.run(runPod(cluster, pod('web-1', 'web', '10.244.0.5', { ready: false })));
    cluster.run([{ kind: 'delete', resource: pods, namespace: 'default', name: 'web-1' }]);
    expect(cluster.slices('web')[0].endpoints).toEqual([expect.objectContaining({ conditions: { ready: false, serving: false, terminating: true } })]);
    expect(cluster.slices('peers')[0].endpoints).toEqual([expect.objectContaining({ conditions: { ready: true, serving: true, terminating: true } })]);
    expect(cluster.slices('peers')[0].metadata.labels).toHaveProperty('service.kubernetes.io/headless', '');
    expect(cluster.get('endpoints', 'web')).not.toHaveProperty('subsets');
  });

  it('given a service without pods, keeps one placeholder slice; given 250 pods, spreads them over slices of at most 100', () => {
    const cluster = networkCluster();
    cluster.run([{ kind: 'create', resource: servicesResource, object: service('web') }]);
    expect(cluster.slices('web')).toEqual([expect.objectContaining({ endpoints: [], ports: null })]);
    for (let i = 0; i < 250; i++) cluster.write(runPod(cluster, pod(`web-${i}`, 'web', `10.244.${Math.floor(i / 200)}.${i % 200}`)), new Date());
    cluster.settle([cluster.controller], new Date());
    const sizes = cluster.slices('web').map((s) => (s.endpoints as unknown[]).length).sort((a, b) => b - a);
    expect(sizes).toEqual([100, 100, 50]);
  });

  it('gives a pod whose subdomain is the service its hostname, and removes slices and Endpoints with the service', () => {
    const cluster = networkCluster();
    cluster.run([{ kind: 'create', resource: servicesResource, object: service('nginx', { clusterIP: 'None', selector: { app: 'nginx' } }) }]);
    cluster.run(runPod(cluster, pod('web-0', 'nginx', '10.244.0.9', { spec: { hostname: 'web-0', subdomain: 'nginx' } })));
    expect(cluster.slices('nginx')[0].endpoints).toEqual([expect.objectContaining({ hostname: 'web-0' })]);
    cluster.run([{ kind: 'delete', resource: servicesResource, namespace: 'default', name: 'nginx' }]);
    expect(cluster.slices('nginx')).toEqual([]);
    expect(cluster.get('endpoints', 'nginx')).toBeUndefined();
  });
});
