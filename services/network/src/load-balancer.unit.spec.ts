import { describe, expect, it } from 'vitest';
import { parseAddressPool } from './address-pool';
import { networkCluster, service, servicesResource } from './testing/network-fixtures';

const lb = (name: string) => ({ kind: 'create' as const, resource: servicesResource, object: service(name, { type: 'LoadBalancer' }) });
const ingress = (cluster: ReturnType<typeof networkCluster>, name: string) => (cluster.get('services', name)?.status as { loadBalancer?: { ingress?: { ip: string }[] } }).loadBalancer?.ingress?.map((i) => i.ip);

describe('LoadBalancer addresses from a pool (MetalLB-style)', () => {
  it('parses ranges and CIDRs', () => {
    expect(parseAddressPool('172.18.255.200-172.18.255.202').addresses).toEqual(['172.18.255.200', '172.18.255.201', '172.18.255.202']);
    expect(parseAddressPool('192.168.10.0/30').addresses).toHaveLength(4);
    expect(parseAddressPool('').addresses).toEqual([]);
  });

  it('gives each LoadBalancer a distinct address, leaves the next pending when the pool is empty, and hands a released address on', () => {
    const cluster = networkCluster('172.18.255.200-172.18.255.201');
    cluster.run([lb('a')]);
    cluster.run([lb('b')]);
    cluster.run([lb('c')]);
    expect([ingress(cluster, 'a'), ingress(cluster, 'b'), ingress(cluster, 'c')]).toEqual([['172.18.255.200'], ['172.18.255.201'], undefined]);
    const events = cluster.state.list({ group: '', resource: 'events' }).map((s) => [s.object.reason, s.object.message]);
    expect(events).toContainEqual(['IPAllocated', 'Assigned IP ["172.18.255.200"]']);
    expect(events).toContainEqual(['AllocationFailed', 'Failed to allocate IP for "default/c": no available IPs']);

    cluster.run([{ kind: 'delete', resource: servicesResource, namespace: 'default', name: 'a' }]);
    expect(ingress(cluster, 'c')).toEqual(['172.18.255.200']);

    const b = cluster.get('services', 'b')!;
    const { externalTrafficPolicy: _policy, allocateLoadBalancerNodePorts: _allocate, ...spec } = b.spec as Record<string, unknown>;
    const ports = (spec.ports as { nodePort?: number }[]).map(({ nodePort: _nodePort, ...port }) => port);
    cluster.run([{ kind: 'update', resource: servicesResource, object: { ...b, spec: { ...spec, ports, type: 'ClusterIP' } } }]);
    expect(ingress(cluster, 'b')).toBeUndefined();
  });
});
