import { describe, expect, it } from 'vitest';
import { aggregatedDiscovery, apiGroupList, apiResourceList, negotiateDiscovery } from './index';

// What kubectl 1.30–1.33 (client-go discovery) sends on /api and /apis.
const KUBECTL_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

describe('legacy discovery', () => {
  it('lists core resources with subresources as upstream /api/v1 does', () => {
    const list = apiResourceList('', 'v1')!;
    expect(list).not.toHaveProperty('apiVersion');
    expect(list.groupVersion).toBe('v1');
    expect(list.resources.find((r) => r.name === 'pods')).toEqual({
      name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['po'], categories: ['all'], storageVersionHash: 'xPOwRZ+Yhw8=',
    });
    expect(list.resources.find((r) => r.name === 'pods/status')).toEqual({ name: 'pods/status', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get', 'patch', 'update'] });
    expect(list.resources.find((r) => r.name === 'pods/eviction')).toEqual({ name: 'pods/eviction', singularName: '', namespaced: true, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] });
    expect(list.resources.find((r) => r.name === 'bindings')).toEqual({ name: 'bindings', singularName: 'binding', namespaced: true, kind: 'Binding', verbs: ['create'] });
  });

  it('lists groups with their preferred version', () => {
    expect(apiGroupList().groups.find((g) => g.name === 'apps')).toEqual({
      name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
    });
    expect(apiResourceList('apps', 'v1')).toMatchObject({ kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'apps/v1' });
    expect(apiResourceList('apps', 'v2')).toBeUndefined();
  });
});

describe('aggregated discovery', () => {
  it('describes deployments as upstream apidiscovery.k8s.io/v2 does', () => {
    const doc = aggregatedDiscovery('apis');
    expect(doc).toMatchObject({ kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {} });
    const apps = doc.items.find((i) => i.metadata.name === 'apps')!;
    expect(apps.versions[0]).toMatchObject({ version: 'v1', freshness: 'Current' });
    expect(apps.versions[0].resources.find((r) => r.resource === 'deployments')).toEqual({
      resource: 'deployments',
      responseKind: { group: '', version: '', kind: 'Deployment' },
      scope: 'Namespaced',
      singularResource: 'deployment',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['deploy'],
      categories: ['all'],
      subresources: [
        { subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] },
        { subresource: 'status', responseKind: { group: '', version: '', kind: 'Deployment' }, verbs: ['get', 'patch', 'update'] },
      ],
    });
  });

  it('serves only the core group on /api, without a name', () => {
    const doc = aggregatedDiscovery('api');
    expect(doc.items).toHaveLength(1);
    expect(doc.items[0].metadata).toEqual({ creationTimestamp: null });
    expect(doc.items[0].versions[0].resources.find((r) => r.resource === 'nodes')?.scope).toBe('Cluster');
  });
});

describe('discovery negotiation', () => {
  it('answers kubectl with aggregated v2', () => {
    const answer = negotiateDiscovery('apis', KUBECTL_ACCEPT, '10.0.0.1:6443')!;
    expect(answer.contentType).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    expect(answer.body).toMatchObject({ apiVersion: 'apidiscovery.k8s.io/v2' });
  });

  it('answers a client that only knows v2beta1 with v2beta1', () => {
    const answer = negotiateDiscovery('api', 'application/json;as=APIGroupDiscoveryList;v=v2beta1;g=apidiscovery.k8s.io', 'x')!;
    expect(answer.contentType).toBe('application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList');
    expect(answer.body).toMatchObject({ apiVersion: 'apidiscovery.k8s.io/v2beta1' });
  });

  it.each([undefined, '', '*/*', 'application/json', 'application/json, */*'])('answers Accept %j with the legacy document', (accept) => {
    expect(negotiateDiscovery('api', accept, '10.0.0.1:6443')).toEqual({
      contentType: 'application/json',
      body: { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '10.0.0.1:6443' }] },
    });
  });

  it('refuses what it cannot produce', () => {
    expect(negotiateDiscovery('apis', 'application/vnd.kubernetes.protobuf', 'x')).toBeUndefined();
  });
});
