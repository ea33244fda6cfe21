import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { KubeObject } from '@kronicle/contracts';
import { ApiError } from '../api-error';
import { claimChanges } from './address-claims';
import { allocateServiceAddresses, defaultAddressConfig, firstServiceAddress, takenAddresses, type AddressConfig } from './allocate-addresses';

// Small enough that random picks collide often.
const smallRange: AddressConfig = { serviceCidr: '10.0.0.0/24', nodePortRange: { first: 30000, last: 30100 } };

const service = (name: string, spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { type: 'ClusterIP', ports: [{ port: 80, protocol: 'TCP' }], ...spec } });
const none = () => takenAddresses([]);

describe('allocateServiceAddresses', () => {
  const lowest = () => 0;

  it('picks within the range, the first address being the one the kubernetes Service asks for', () => {
    expect(firstServiceAddress(defaultAddressConfig)).toBe('10.96.0.1');
    const picked = allocateServiceAddresses(service('a', { type: 'NodePort' }), none(), defaultAddressConfig).spec as { clusterIP: string; ports: { nodePort: number }[] };
    expect(picked.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    expect(picked.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(picked.ports[0].nodePort).toBeLessThanOrEqual(32767);
  });

  it('skips taken addresses and ports', () => {
    const first = allocateServiceAddresses(service('a', { type: 'NodePort' }), none(), defaultAddressConfig, undefined, lowest);
    const second = allocateServiceAddresses(service('b', { type: 'NodePort' }), takenAddresses([first]), defaultAddressConfig, undefined, lowest);
    expect(first.spec).toMatchObject({ clusterIP: '10.96.0.1', ports: [{ nodePort: 30000 }] });
    expect(second.spec).toMatchObject({ clusterIP: '10.96.0.2', ports: [{ nodePort: 30001 }] });
  });

  it('refuses a requested address that is taken or outside the range, with upstream messages', () => {
    const taken = takenAddresses([allocateServiceAddresses(service('a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }), none(), defaultAddressConfig, undefined, lowest)]);
    const attempt = (spec: Record<string, unknown>) => () => allocateServiceAddresses(service('b', spec), taken, defaultAddressConfig);
    expect(attempt({ clusterIP: '10.96.0.1' })).toThrow('spec.clusterIPs: Invalid value: []string{"10.96.0.1"}: failed to allocate IP 10.96.0.1: provided IP is already allocated');
    expect(attempt({ clusterIP: '192.168.0.1' })).toThrow('the provided IP (192.168.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12');
    expect(attempt({ type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })).toThrow('spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
    expect(attempt({ type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] })).toThrow('provided port is not in the valid range. The range of valid ports is 30000-32767');
    try {
      attempt({ clusterIP: '10.96.0.1' })();
    } catch (err) {
      expect((err as ApiError).code).toBe(422);
    }
  });

  it('leaves headless and ExternalName Services without a ClusterIP', () => {
    expect(allocateServiceAddresses(service('h', { clusterIP: 'None' }), none(), defaultAddressConfig).spec).toMatchObject({ clusterIP: 'None' });
    expect((allocateServiceAddresses(service('e', { type: 'ExternalName', externalName: 'x.example' }), none(), defaultAddressConfig).spec as { clusterIP?: string }).clusterIP).toBeUndefined();
  });

  it('keeps its own ports on update and releases them when the type no longer needs them', () => {
    const nodePort = allocateServiceAddresses(service('a', { type: 'NodePort' }), none(), defaultAddressConfig, undefined, lowest);
    const again = allocateServiceAddresses(nodePort, takenAddresses([nodePort]), defaultAddressConfig, nodePort);
    expect(again.spec).toEqual(nodePort.spec);
    const clusterIpOnly = allocateServiceAddresses({ ...nodePort, spec: { ...(nodePort.spec as object), type: 'ClusterIP' } }, takenAddresses([nodePort]), defaultAddressConfig, nodePort);
    expect(claimChanges(nodePort, clusterIpOnly)).toEqual({ claim: [], release: ['nodeport/tcp/30000'] });
  });

  it('never hands out an address twice, whatever Services come and go', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.nat(10)), { maxLength: 60 }), fc.double({ min: 0, max: 0.999, noNaN: true }), (steps, r) => {
        let live: KubeObject[] = [];
        steps.forEach(([create, pick], i) => {
          if (create || live.length === 0) live.push(allocateServiceAddresses(service(`s${i}`, { type: 'NodePort' }), takenAddresses(live), smallRange, undefined, () => r));
          else live = live.filter((_, j) => j !== pick % live.length);
        });
        const ips = live.map((s) => (s.spec as { clusterIP: string }).clusterIP);
        const ports = live.map((s) => (s.spec as { ports: { nodePort: number }[] }).ports[0].nodePort);
        expect(new Set(ips).size).toBe(live.length);
        expect(new Set(ports).size).toBe(live.length);
      }),
    );
  });
});
