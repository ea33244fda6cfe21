import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import { applyDefaults, fieldErrorString, validateCreate, validateUpdate } from '../index';

const service = (spec: Record<string, unknown>, name = 'web'): KubeObject =>
  applyDefaults({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec });
const messages = (object: KubeObject, old?: KubeObject) => (old ? validateUpdate(object, old) : validateCreate(object)).map(fieldErrorString);

describe('Service validation', () => {
  it('given a ClusterIP service, when defaulted, then upstream defaults are set and it validates', () => {
    const svc = service({ ports: [{ port: 80 }], selector: { app: 'web' } });
    expect(svc.spec).toEqual({
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      selector: { app: 'web' },
      sessionAffinity: 'None',
      type: 'ClusterIP',
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
    });
    expect(messages(svc)).toEqual([]);
  });

  it('given a name that is not a DNS-1035 label, when validated, then it is refused', () => {
    expect(messages(service({ ports: [{ port: 80 }] }, '1web'))[0]).toMatch(/^metadata.name: Invalid value: "1web": a DNS-1035 label must consist of/);
  });

  it('given no ports on a normal service, when validated, then ports are required; a headless one needs none', () => {
    expect(messages(service({}))).toEqual(['spec.ports: Required value']);
    expect(messages(service({ clusterIP: 'None' }))).toEqual([]);
  });

  it('given several unnamed ports and a bad port, when validated, then names are required and the port is out of range', () => {
    expect(messages(service({ ports: [{ port: 80 }, { port: 0, targetPort: 8080 }] }))).toEqual([
      'spec.ports[0].name: Required value',
      'spec.ports[1].name: Required value',
      'spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive',
    ]);
  });

  it('given duplicate ports, when validated, then upstream\'s ServicePort key is shown', () => {
    expect(messages(service({ ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80 }] }))).toEqual([
      'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
    ]);
  });

  it('given node ports, when validated, then they are forbidden on ClusterIP and must be in range otherwise', () => {
    expect(messages(service({ ports: [{ port: 80, nodePort: 30080 }] }))).toEqual(["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]);
    expect(messages(service({ type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] }))).toEqual([
      'spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    ]);
  });

  it('given an unknown type or protocol, when validated, then the supported values are listed', () => {
    expect(messages(service({ type: 'Ingress', ports: [{ port: 80, protocol: 'HTTP' }] }))).toEqual([
      'spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      'spec.type: Unsupported value: "Ingress": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ]);
  });

  it('given a bad clusterIP, when validated, then it is reported at clusterIPs[0]', () => {
    expect(messages(service({ clusterIP: '10.0.0.300', ports: [{ port: 80 }] }))).toEqual([
      'spec.clusterIPs[0]: Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ]);
  });

  it('given an ExternalName service, when validated, then externalName is required and no IP fields are defaulted', () => {
    expect(messages(service({ type: 'ExternalName' }))).toEqual(['spec.externalName: Required value']);
    expect(messages(service({ type: 'ExternalName', externalName: 'db.example.com.' }))).toEqual([]);
  });

  it('given a headless NodePort service, when validated, then None is refused', () => {
    expect(messages(service({ type: 'NodePort', clusterIP: 'None', ports: [{ port: 80 }] }))).toEqual([
      "spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services",
    ]);
  });

  it('given a changed cluster IP, when updated, then it may not change once set', () => {
    const old = service({ clusterIP: '10.96.0.10', ports: [{ port: 80 }] });
    const next = service({ clusterIP: '10.96.0.11', ports: [{ port: 80 }] });
    expect(messages(next, old)).toEqual(['spec.clusterIPs[0]: Invalid value: []string{"10.96.0.11"}: may not change once set']);
  });
});
