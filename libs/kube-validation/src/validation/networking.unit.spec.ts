import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import { applyDefaults, fieldErrorString, validateCreate, validateUpdate } from '../index';

const messages = (o: KubeObject, old?: KubeObject) => (old ? validateUpdate(o, old) : validateCreate(o)).map(fieldErrorString);
const networking = (kind: string, spec: Record<string, unknown>, metadata: Record<string, unknown> = {}) =>
  applyDefaults({ apiVersion: 'networking.k8s.io/v1', kind, metadata: { name: 'x', ...(kind === 'IngressClass' ? {} : { namespace: 'default' }), ...metadata }, spec });
const backend = (name: string, port: Record<string, unknown>) => ({ service: { name, port } });

describe('Ingress validation', () => {
  it('given neither rules nor a default backend, when validated, then one is asked for', () => {
    expect(messages(networking('Ingress', {}))).toEqual(['spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified']);
  });

  it('given bad hosts, paths and backends, when validated, then each is reported as upstream', () => {
    const ingress = networking('Ingress', {
      rules: [
        { host: '10.0.0.1', http: { paths: [{ path: 'relative', pathType: 'Prefix', backend: backend('web', { number: 80 }) }] } },
        { host: '*.example.com', http: { paths: [{ path: '/a//b', pathType: 'Exact', backend: backend('Web', { name: 'http', number: 80 }) }, { path: '/', backend: backend('web', {}) }] } },
        { http: { paths: [{ path: '/', pathType: 'Regex', backend: {} }] } },
      ],
    });
    expect(messages(ingress)).toEqual([
      'spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address',
      'spec.rules[0].http.paths[0].path: Invalid value: "relative": must be an absolute path',
      "spec.rules[1].http.paths[0].path: Invalid value: \"/a//b\": must not contain '//'",
      expect.stringMatching(/^spec\.rules\[1\]\.http\.paths\[0\]\.backend\.service\.name: Invalid value: "Web": a DNS-1035 label must consist of lower case/),
      'spec.rules[1].http.paths[0].backend: Invalid value: "": cannot set both port name & port number',
      'spec.rules[1].http.paths[1].pathType: Required value: pathType must be specified',
      'spec.rules[2].http.paths[0].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"',
      'spec.rules[2].http.paths[0].backend: Invalid value: "": resource or service backend is required',
    ]);
  });

  it('given a class annotation that disagrees with ingressClassName, when created, then it is refused', () => {
    const rules = [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('web', { number: 80 }) }] } }];
    expect(messages(networking('Ingress', { ingressClassName: 'nginx', rules }, { annotations: { 'kubernetes.io/ingress.class': 'traefik' } }))).toEqual([
      'annotations.kubernetes.io/ingress.class: Invalid value: "traefik": must match `ingressClassName` when both are specified',
    ]);
  });
});

describe('IngressClass validation', () => {
  it('given parameters without a scope, when defaulted, then they are cluster-scoped; a Namespace scope needs its namespace', () => {
    const params = { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'external-lb' };
    expect(networking('IngressClass', { controller: 'example.com/ingress-controller', parameters: params })).toMatchObject({ spec: { parameters: { scope: 'Cluster' } } });
    expect(messages(networking('IngressClass', { controller: 'example.com/ingress-controller', parameters: { ...params, scope: 'Namespace' } }))).toEqual([
      "spec.parameters.namespace: Required value: `parameters.scope` is set to 'Namespace'",
    ]);
  });

  it('given a controller that is not a domain-prefixed path, or changes, when validated, then it is refused', () => {
    expect(messages(networking('IngressClass', { controller: 'nginx' }))).toEqual(['spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")']);
    const before = networking('IngressClass', { controller: 'example.com/a' });
    expect(messages(networking('IngressClass', { controller: 'example.com/b' }), before)).toEqual(['spec.controller: Invalid value: "example.com/b": field is immutable']);
  });
});

describe('NetworkPolicy validation', () => {
  it('given no policy types and ports without protocol, when defaulted, then Ingress (and Egress with egress rules) and TCP', () => {
    expect(networking('NetworkPolicy', { podSelector: {} }).spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    const withEgress = networking('NetworkPolicy', { podSelector: {}, egress: [{ ports: [{ port: 5978 }] }] });
    expect(withEgress.spec).toMatchObject({ policyTypes: ['Ingress', 'Egress'], egress: [{ ports: [{ port: 5978, protocol: 'TCP' }] }] });
  });

  it('given bad peers, CIDRs and ports, when validated, then each is reported as upstream', () => {
    const policy = networking('NetworkPolicy', {
      podSelector: {},
      ingress: [{ from: [{}, { ipBlock: { cidr: '172.17.0.0/16', except: ['10.0.0.0/24'] }, podSelector: {} }, { ipBlock: { cidr: '172.17.0.0/33' } }], ports: [{ protocol: 'ICMP', port: 80, endPort: 79 }] }],
      policyTypes: ['Ingress', 'Sideways'],
    });
    expect(messages(policy)).toEqual([
      'spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"',
      'spec.ingress[0].ports[0].endPort: Invalid value: 79: must be greater than or equal to `port`',
      'spec.ingress[0].from[0]: Required value: must specify a peer',
      'spec.ingress[0].from[1].ipBlock.except[0]: Invalid value: "10.0.0.0/24": must be a strict subset of `cidr`',
      'spec.ingress[0].from[1]: Forbidden: may not specify both ipBlock and another peer',
      'spec.ingress[0].from[2].ipBlock.cidr: Invalid value: "172.17.0.0/33": not a valid CIDR',
      'spec.policyTypes[1]: Unsupported value: "Sideways": supported values: "Ingress", "Egress"',
    ]);
  });
});
