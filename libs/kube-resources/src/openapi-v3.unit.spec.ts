import { describe, expect, it } from 'vitest';
import { openApiV3Document, openApiV3Root } from './index';

describe('OpenAPI v3', () => {
  it('lists a document per served group version, addressed by content hash', () => {
    const root = openApiV3Root();
    expect(Object.keys(root.paths).sort()).toEqual([
      'api/v1', 'apis/apps/v1', 'apis/authentication.k8s.io/v1', 'apis/authorization.k8s.io/v1', 'apis/batch/v1', 'apis/coordination.k8s.io/v1', 'apis/discovery.k8s.io/v1',
      'apis/events.k8s.io/v1', 'apis/networking.k8s.io/v1', 'apis/node.k8s.io/v1', 'apis/policy/v1', 'apis/rbac.authorization.k8s.io/v1', 'apis/scheduling.k8s.io/v1', 'apis/storage.k8s.io/v1',
    ]);
    expect(root.paths['apis/apps/v1'].serverRelativeURL).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/);
  });

  it('declares fieldValidation on each PATCH, so kubectl validates on the server', () => {
    const doc = openApiV3Document('apis/apps/v1') as any;
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', version: 'v1', kind: 'Deployment' });
    expect(patch.parameters).toContainEqual(expect.objectContaining({ name: 'fieldValidation', in: 'query' }));
    expect(patch).not.toHaveProperty('servers');
  });

  it('carries the kinds\' schemas with their Kubernetes extensions', () => {
    const schemas = (openApiV3Document('/api/v1') as any).components.schemas;
    expect(schemas['io.k8s.api.core.v1.Pod']['x-kubernetes-group-version-kind']).toEqual([{ group: '', kind: 'Pod', version: 'v1' }]);
    expect(schemas['io.k8s.api.core.v1.PodSpec'].properties.containers).toMatchObject({
      'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge',
    });
    expect(schemas['io.k8s.api.policy.v1.Eviction']).toBeDefined();
    expect(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']).toBeDefined();
  });

  it('serves only what Kronicle serves', () => {
    const paths = Object.keys((openApiV3Document('api/v1') as any).paths);
    expect(paths).toContain('/api/v1/namespaces/{namespace}/pods/{name}/log');
    expect(paths).toContain('/api/v1/namespaces/{namespace}/pods/{name}/exec');
    expect(paths).toContain('/api/v1/namespaces/{namespace}/pods/{name}/proxy');
    expect(paths).not.toContain('/api/v1/namespaces/{namespace}/pods/{name}/resize');
    expect(paths.some((p) => p.includes('limitranges'))).toBe(false);
    expect(openApiV3Document('apis/autoscaling/v2')).toBeUndefined();
    expect(openApiV3Document('apis/apps')).toBeUndefined();
  });
});
