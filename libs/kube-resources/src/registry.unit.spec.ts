import { describe, expect, it } from 'vitest';
import { findByKind, findResource, preferredVersion, resourceTypes } from './index';

describe('resource registry', () => {
  it.each([
    ['', 'v1', 'pods', ['po']], ['', 'v1', 'services', ['svc']], ['', 'v1', 'namespaces', ['ns']],
    ['', 'v1', 'nodes', ['no']], ['', 'v1', 'persistentvolumes', ['pv']], ['', 'v1', 'persistentvolumeclaims', ['pvc']],
    ['', 'v1', 'configmaps', ['cm']], ['', 'v1', 'endpoints', ['ep']], ['', 'v1', 'events', ['ev']],
    ['', 'v1', 'serviceaccounts', ['sa']], ['', 'v1', 'secrets', []], ['', 'v1', 'bindings', []],
    ['apps', 'v1', 'deployments', ['deploy']], ['apps', 'v1', 'replicasets', ['rs']], ['apps', 'v1', 'statefulsets', ['sts']],
    ['apps', 'v1', 'daemonsets', ['ds']], ['apps', 'v1', 'controllerrevisions', []],
    ['batch', 'v1', 'jobs', []], ['batch', 'v1', 'cronjobs', ['cj']],
    ['storage.k8s.io', 'v1', 'storageclasses', ['sc']], ['discovery.k8s.io', 'v1', 'endpointslices', []],
    ['events.k8s.io', 'v1', 'events', ['ev']], ['scheduling.k8s.io', 'v1', 'priorityclasses', ['pc']],
    ['coordination.k8s.io', 'v1', 'leases', []], ['policy', 'v1', 'poddisruptionbudgets', ['pdb']],
  ])('serves %s/%s %s with short names %j', (group, version, resource, shortNames) => {
    expect(findResource(group, version, resource)?.shortNames).toEqual(shortNames);
  });

  it('puts the workloads in the "all" category and nothing else', () => {
    const all = resourceTypes.filter((r) => r.categories.includes('all')).map((r) => r.resource);
    expect(all.sort()).toEqual(['cronjobs', 'daemonsets', 'deployments', 'jobs', 'pods', 'replicasets', 'services', 'statefulsets']);
  });

  it('reports upstream verbs and scopes', () => {
    expect(findResource('', 'v1', 'namespaces')).toMatchObject({ namespaced: false, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] });
    expect(findResource('', 'v1', 'bindings')?.verbs).toEqual(['create']);
    expect(findResource('scheduling.k8s.io', 'v1', 'priorityclasses')?.namespaced).toBe(false);
    expect(findResource('apps', 'v1', 'deployments')?.verbs).toEqual(['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']);
  });

  it('serves scale as autoscaling/v1 Scale and eviction as policy/v1 Eviction', () => {
    expect(findResource('apps', 'v1', 'statefulsets')?.subresources.find((s) => s.name === 'scale')?.kind).toEqual({ group: 'autoscaling', version: 'v1', kind: 'Scale' });
    expect(findResource('', 'v1', 'pods')?.subresources.map((s) => s.name)).toEqual(['attach', 'binding', 'ephemeralcontainers', 'eviction', 'exec', 'log', 'portforward', 'proxy', 'status']);
    expect(findResource('', 'v1', 'pods')?.subresources.find((s) => s.name === 'eviction')?.kind).toEqual({ group: 'policy', version: 'v1', kind: 'Eviction' });
  });

  it('finds by apiVersion and kind, and knows preferred versions', () => {
    expect(findByKind('apps/v1', 'Deployment')?.resource).toBe('deployments');
    expect(findByKind('v1', 'Event')?.group).toBe('');
    expect(findByKind('events.k8s.io/v1', 'Event')?.group).toBe('events.k8s.io');
    expect(findByKind('apps/v1beta1', 'Deployment')).toBeUndefined();
    expect(preferredVersion('batch')).toBe('v1');
    expect(preferredVersion('extensions')).toBeUndefined();
  });
});
