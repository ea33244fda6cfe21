import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import { applyDefaults, isServedKind, validateCreate, validateUpdate } from './index';
import { kinds } from './kinds';

const ns = { namespace: 'default' };
const container = { name: 'c', image: 'busybox:1.36' };
const minimal: KubeObject[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } },
  { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1.example' }, status: { capacity: { cpu: '4', memory: '8Gi', pods: '110' } } },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', ...ns }, spec: { containers: [container] } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', ...ns }, spec: { ports: [{ port: 80 }] } },
  { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 's', ...ns }, subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }] },
  { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/d' } } },
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c', ...ns }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', ...ns }, data: { 'app.properties': 'a=b' } },
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', ...ns }, data: { token: 'YQ==' } },
  { apiVersion: 'v1', kind: 'Event', metadata: { name: 'p.1', ...ns }, involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' }, reason: 'Scheduled' },
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', ...ns } },
  { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'web-1', ...ns }, revision: 1, data: {} },
  { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard' }, provisioner: 'rancher.io/local-path' },
  { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 's-1', ...ns }, addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'] }] },
  { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 },
  { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'node-1', namespace: 'kube-node-lease' }, spec: { leaseDurationSeconds: 40 } },
  {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: { name: 'p.2', ...ns },
    eventTime: '2024-01-01T00:00:00.000000Z',
    reportingController: 'kronicle.dev/scheduler',
    reportingInstance: 'scheduler-1',
    action: 'Binding',
    reason: 'Scheduled',
    type: 'Normal',
  },
  { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'p', ...ns } },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'p', ...ns }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'minimal-ingress', ...ns },
    spec: { rules: [{ http: { paths: [{ path: '/testpath', pathType: 'Prefix', backend: { service: { name: 'test', port: { number: 80 } } } }] } }] },
  },
  { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx' } },
  { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'myclass' }, handler: 'myconfiguration' } as KubeObject,
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny-ingress', ...ns }, spec: { podSelector: {} } },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'pod-reader', ...ns }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'secret-reader' }, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }] },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'read-pods', ...ns }, roleRef: { kind: 'Role', name: 'pod-reader' }, subjects: [{ kind: 'User', name: 'jane' }] },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'read-secrets' }, roleRef: { kind: 'ClusterRole', name: 'secret-reader' }, subjects: [{ kind: 'Group', name: 'manager' }] },
];

describe('the served kinds', () => {
  it.each(minimal.map((o) => [`${o.apiVersion} ${o.kind}`, o] as const))('given a minimal %s, when defaulted and validated, then there are no causes', (_, object) => {
    const defaulted = applyDefaults(object);
    expect(validateCreate(defaulted)).toEqual([]);
    expect(validateUpdate(defaulted, defaulted)).toEqual([]);
  });

  it('are all served, and nothing else is', () => {
    expect(Object.keys(kinds)).toHaveLength(33);
    expect(isServedKind({ apiVersion: 'apps/v1', kind: 'Deployment' })).toBe(true);
    expect(isServedKind({ apiVersion: 'extensions/v1beta1', kind: 'Deployment' })).toBe(false);
  });

  it('given a Node with capacity, when defaulted, then allocatable equals the canonical capacity', () => {
    expect(applyDefaults(minimal[1]).status).toEqual({ capacity: { cpu: '4', memory: '8Gi', pods: '110' }, allocatable: { cpu: '4', memory: '8Gi', pods: '110' } });
  });
});
