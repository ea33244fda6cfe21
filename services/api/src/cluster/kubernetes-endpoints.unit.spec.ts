import { describe, expect, it } from 'vitest';
import { validateCreate } from '@kronicle/kube-validation';
import { apiserverEndpoints, apiserverEndpointSlice, hostAddress } from './kubernetes-endpoints';

const api = { address: '192.0.2.2', port: 6443 };

describe("the kubernetes Service's endpoints", () => {
  it('name the API as upstream names kube-apiserver: one address, the https port, skipped by mirroring', () => {
    const endpoints = apiserverEndpoints(undefined, api);
    expect(endpoints).toEqual({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
      subsets: [{ addresses: [{ ip: '192.0.2.2' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
    });
    expect(apiserverEndpointSlice(undefined, api)).toEqual({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['192.0.2.2'], conditions: { ready: true } }],
      ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
    });
  });

  it('put back what a user changed, keeping the object itself', () => {
    const edited = {
      ...apiserverEndpoints(undefined, { address: '198.51.100.7', port: 443 }),
      metadata: { name: 'kubernetes', namespace: 'default', uid: 'u1', labels: { mine: 'yes' }, annotations: { note: 'kept' } },
    };
    const restored = apiserverEndpoints(edited, api);
    expect(restored.metadata).toEqual({ name: 'kubernetes', namespace: 'default', uid: 'u1', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' }, annotations: { note: 'kept' } });
    expect(restored.subsets).toEqual(apiserverEndpoints(undefined, api).subsets);
  });

  it('are valid objects of their kinds', () => {
    expect(validateCreate(apiserverEndpoints(undefined, api))).toEqual([]);
    expect(validateCreate(apiserverEndpointSlice(undefined, api))).toEqual([]);
  });

  it("advertise the host's network address, never loopback", () => {
    const lo = { address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' } as const;
    const v6 = { address: 'fe80::1', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '02:42:ac:11:00:02', internal: false, cidr: 'fe80::1/64', scopeid: 2 } as const;
    const eth = { ...lo, address: '172.17.0.2', netmask: '255.255.0.0', internal: false, cidr: '172.17.0.2/16' };
    expect(hostAddress({ lo: [lo], eth0: [v6, eth] })).toBe('172.17.0.2');
    expect(hostAddress({ lo: [lo] })).toBeUndefined();
  });
});
