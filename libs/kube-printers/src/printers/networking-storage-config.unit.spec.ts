import type { KubeObject } from '@kronicle/contracts';
import { describe, expect, it } from 'vitest';
import { configMapPrinter } from './config-map';
import { endpointSlicePrinter } from './endpoint-slice';
import { endpointsPrinter } from './endpoints';
import { coreEventPrinter, eventsV1EventPrinter } from './event';
import { persistentVolumePrinter } from './persistent-volume';
import { persistentVolumeClaimPrinter } from './persistent-volume-claim';
import { secretPrinter } from './secret';
import { servicePrinter } from './service';
import { storageClassPrinter } from './storage-class';

const now = new Date('2025-01-01T12:00:00Z');
const object = (fields: object, metadata: object = {}): KubeObject => ({
  apiVersion: 'v1', kind: 'X', metadata: { name: 'x', creationTimestamp: '2025-01-01T11:00:00Z', ...metadata }, ...fields,
});

describe('service printer', () => {
  it.each([
    ['a ClusterIP service', { type: 'ClusterIP', clusterIPs: ['10.96.0.10'], ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }, {}, ['ClusterIP', '10.96.0.10', '<none>', '53/UDP,53/TCP']],
    ['a NodePort service', { type: 'NodePort', clusterIP: '10.96.0.11', ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] }, {}, ['NodePort', '10.96.0.11', '<none>', '80:30080/TCP']],
    ['a LoadBalancer waiting for an address', { type: 'LoadBalancer', clusterIPs: ['10.96.0.12'], ports: [{ port: 80, nodePort: 31000, protocol: 'TCP' }] }, {}, ['LoadBalancer', '10.96.0.12', '<pending>', '80:31000/TCP']],
    ['a LoadBalancer with ingress', { type: 'LoadBalancer', clusterIPs: ['10.96.0.12'], ports: [] }, { loadBalancer: { ingress: [{ ip: '203.0.113.9' }, { hostname: 'lb.example.com' }] } }, ['LoadBalancer', '10.96.0.12', '203.0.113.9,lb.example.com', '<none>']],
    ['an ExternalName service', { type: 'ExternalName', externalName: 'db.example.com' }, {}, ['ExternalName', '<none>', 'db.example.com', '<none>']],
  ])('given %s, then TYPE, CLUSTER-IP, EXTERNAL-IP and PORT(S)', (_, spec, status, expected) => {
    expect(servicePrinter.cells(object({ spec, status }), now).slice(1, 5)).toEqual(expected);
  });

  it('given a selector, then the wide SELECTOR cell lists it', () => {
    expect(servicePrinter.cells(object({ spec: { type: 'ClusterIP', selector: { app: 'web' } } }), now)[6]).toBe('app=web');
  });
});

describe('endpoint printers', () => {
  it('given more than three endpoints, then ENDPOINTS shows three and how many more', () => {
    const subsets = [{ addresses: [{ ip: '10.1.0.20' }, { ip: '10.1.0.21' }], ports: [{ port: 53 }, { port: 9153 }] }];
    expect(endpointsPrinter.cells(object({ subsets }), now)).toEqual(['x', '10.1.0.20:53,10.1.0.21:53,10.1.0.20:9153 + 1 more...', '60m']);
    expect(endpointsPrinter.cells(object({}), now)[1]).toBe('<none>');
  });

  it('given an endpoint slice, then ADDRESSTYPE, PORTS and ENDPOINTS', () => {
    const slice = object({ addressType: 'IPv4', ports: [{ port: 80 }, { name: 'http' }], endpoints: [{ addresses: ['10.1.0.5'] }] });
    expect(endpointSlicePrinter.cells(slice, now)).toEqual(['x', 'IPv4', '80,http', '10.1.0.5', '60m']);
    expect(endpointSlicePrinter.cells(object({ addressType: 'IPv4' }), now).slice(2, 4)).toEqual(['<unset>', '<unset>']);
  });
});

describe('storage printers', () => {
  it('given a bound volume, then its cells as kubectl shows them', () => {
    const pv = object({
      spec: { capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce', 'ReadOnlyMany'], persistentVolumeReclaimPolicy: 'Retain', claimRef: { namespace: 'default', name: 'data' }, storageClassName: 'manual' },
      status: { phase: 'Bound' },
    });
    expect(persistentVolumePrinter.columns.map((c) => c.name)).toEqual([
      'Name', 'Capacity', 'Access Modes', 'Reclaim Policy', 'Status', 'Claim', 'StorageClass', 'VolumeAttributesClass', 'Reason', 'Age', 'VolumeMode',
    ]);
    expect(persistentVolumePrinter.cells(pv, now)).toEqual(['x', '10Gi', 'RWO,ROX', 'Retain', 'Bound', 'default/data', 'manual', '<unset>', '', '60m', '<unset>']);
  });

  it('given claims pending and bound, then CAPACITY and ACCESS MODES appear once bound', () => {
    const pending = object({ spec: { storageClassName: 'standard', resources: { requests: { storage: '3Gi' } } }, status: { phase: 'Pending' } });
    expect(persistentVolumeClaimPrinter.cells(pending, now)).toEqual(['x', 'Pending', '', '', '', 'standard', '<unset>', '60m', '<unset>']);
    const bound = object({ spec: { volumeName: 'pv1', volumeMode: 'Filesystem' }, status: { phase: 'Bound', capacity: { storage: '1.5Gi' }, accessModes: ['ReadWriteOnce'] } }, { deletionTimestamp: '2025-01-01T11:59:00Z' });
    expect(persistentVolumeClaimPrinter.cells(bound, now)).toEqual(['x', 'Terminating', 'pv1', '1536Mi', 'RWO', '', '<unset>', '60m', 'Filesystem']);
  });

  it('given the default storage class, then NAME says (default) and unset fields show their defaults', () => {
    const standard = object({ provisioner: 'rancher.io/local-path' }, { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } });
    expect(storageClassPrinter.cells(standard, now)).toEqual(['standard (default)', 'rancher.io/local-path', 'Delete', 'Immediate', false, '60m']);
  });
});

describe('config printers', () => {
  it('given config maps and secrets, then DATA counts their keys', () => {
    expect(configMapPrinter.cells(object({ data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }), now)).toEqual(['x', 3, '60m']);
    expect(secretPrinter.cells(object({ type: 'Opaque', data: { a: 'MQ==' }, stringData: { a: '1', b: '2' } }), now)).toEqual(['x', 'Opaque', 2, '60m']);
  });
});

describe('event printers', () => {
  it('has upstream columns, wide ones last', () => {
    expect(coreEventPrinter.columns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      'Last Seen:0', 'Type:0', 'Reason:0', 'Object:0', 'Subobject:1', 'Source:1', 'Message:0', 'First Seen:1', 'Count:1', 'Name:1',
    ]);
  });

  it('given a core event, then its cells', () => {
    const event = object({
      involvedObject: { kind: 'Pod', name: 'web-1', fieldPath: 'spec.containers{app}' },
      type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container\n', source: { component: 'kubelet', host: 'node-1' },
      firstTimestamp: '2025-01-01T11:00:00Z', lastTimestamp: '2025-01-01T11:59:30Z', count: 5,
    }, { name: 'web-1.17' });
    expect(coreEventPrinter.cells(event, now)).toEqual([
      '30s', 'Warning', 'BackOff', 'pod/web-1', 'spec.containers{app}', 'kubelet, node-1', 'Back-off restarting failed container', '60m', 5, 'web-1.17',
    ]);
  });

  it('given an events.k8s.io event in a series, then it prints like the core event it is', () => {
    const event = object({
      regarding: { kind: 'Deployment', name: 'web' }, type: 'Normal', reason: 'ScalingReplicaSet', note: 'Scaled up replica set web-5d to 3',
      reportingController: 'deployment-controller', eventTime: '2025-01-01T11:50:00.000000Z', series: { count: 2, lastObservedTime: '2025-01-01T11:55:00.000000Z' },
    }, { name: 'web.18' });
    expect(eventsV1EventPrinter.cells(event, now)).toEqual([
      '5m', 'Normal', 'ScalingReplicaSet', 'deployment/web', '', 'deployment-controller', 'Scaled up replica set web-5d to 3', '10m', 2, 'web.18',
    ]);
  });

  it('given a singleton event without timestamps, then it counts once and its times are unknown', () => {
    expect(coreEventPrinter.cells(object({ involvedObject: { kind: 'Node' } }), now)).toEqual(['<unknown>', '', '', 'node', '', '', '', '<unknown>', 1, 'x']);
  });
});
