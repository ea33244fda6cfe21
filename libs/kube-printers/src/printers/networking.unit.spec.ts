import type { KubeObject } from '@kronicle/contracts';
import { describe, expect, it } from 'vitest';
import { ingressClassPrinter, ingressPrinter, networkPolicyPrinter } from './networking';

const now = new Date('2025-01-01T12:00:00Z');
const object = (fields: object): KubeObject => ({ apiVersion: 'networking.k8s.io/v1', kind: 'X', metadata: { name: 'x', creationTimestamp: '2025-01-01T11:00:00Z' }, ...fields });

describe('networking printers', () => {
  it.each([
    ['no class, no host, no TLS', {}, {}, ['<none>', '*', '', '80']],
    ['a class, hosts and TLS', { ingressClassName: 'nginx', rules: [{ host: 'a.com' }, {}, { host: 'b.com' }], tls: [{}] }, { loadBalancer: { ingress: [{ ip: '10.0.0.2' }, { hostname: 'lb.example' }, { ip: '10.0.0.2' }] } }, ['nginx', 'a.com,b.com', '10.0.0.2,lb.example', '80, 443']],
    ['more than three hosts', { rules: ['a', 'b', 'c', 'd', 'e'].map((h) => ({ host: `${h}.com` })) }, {}, ['<none>', 'a.com,b.com,c.com + 2 more...', '', '80']],
  ])('given an Ingress with %s, then CLASS, HOSTS, ADDRESS and PORTS as upstream', (_, spec, status, expected) => {
    expect(ingressPrinter.cells(object({ spec, status }), now)).toEqual(['x', ...expected, '60m']);
  });

  it('given an IngressClass, then CONTROLLER and PARAMETERS as kind.group/name', () => {
    const spec = { controller: 'example.com/ingress-controller', parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'external-lb' } };
    expect(ingressClassPrinter.cells(object({ spec }), now)).toEqual(['x', 'example.com/ingress-controller', 'IngressParameters.k8s.example.com/external-lb', '60m']);
    expect(ingressClassPrinter.cells(object({ spec: { controller: 'k8s.io/ingress-nginx' } }), now)[2]).toBe('<none>');
  });

  it('given a NetworkPolicy, then POD-SELECTOR, <none> when it selects every pod', () => {
    expect(networkPolicyPrinter.cells(object({ spec: { podSelector: { matchLabels: { role: 'db' } } } }), now)).toEqual(['x', 'role=db', '60m']);
    expect(networkPolicyPrinter.cells(object({ spec: { podSelector: {} } }), now)).toEqual(['x', '<none>', '60m']);
  });
});
