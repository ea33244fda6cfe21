import type { KubeObject } from '@kronicle/contracts';
import { describe, expect, it } from 'vitest';
import { applyPatch, PatchType } from './apply-patch';

const now = new Date('2025-03-01T10:00:00Z');
const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', uid: 'u1' },
  spec: { replicas: 1, template: { spec: { containers: [{ name: 'app', image: 'app:1' }] } } },
};
const crd: KubeObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };

describe('applyPatch', () => {
  it('given a deployment, when kubectl set image sends a strategic patch, then the image changes and the user agent becomes the manager', () => {
    const patch = JSON.stringify({ spec: { template: { spec: { containers: [{ name: 'app', image: 'app:2' }] } } } });
    const { object } = applyPatch({ contentType: 'application/strategic-merge-patch+json; charset=utf-8', patch, current: deployment, userAgent: 'kubectl/v1.32.0 (linux/amd64) kubernetes/abc', now });
    expect(object.spec).toEqual({ replicas: 1, template: { spec: { containers: [{ name: 'app', image: 'app:2' }] } } });
    expect(object.metadata.managedFields).toEqual([
      expect.objectContaining({ manager: 'kubectl', operation: 'Update', fieldsV1: { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { 'f:image': {} } } } } } } }),
    ]);
  });

  it('given no object, when a server-side apply arrives, then it creates the object', () => {
    const patch = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: b\n';
    const { object } = applyPatch({ contentType: PatchType.ApplyYaml, patch, current: undefined, fieldManager: 'kubectl', now });
    expect(object).toMatchObject({ kind: 'ConfigMap', data: { a: 'b' }, metadata: { name: 'c', managedFields: [expect.objectContaining({ manager: 'kubectl', operation: 'Apply' })] } });
  });

  it.each([
    ['an unknown content type', { contentType: 'application/xml', current: deployment }, 415,
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml'],
    ['a strategic patch for a custom resource', { contentType: PatchType.StrategicMerge, current: crd }, 415,
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml'],
    ['an apply without field manager', { contentType: PatchType.ApplyYaml, current: deployment }, 422,
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch'],
    ['force on a merge patch', { contentType: PatchType.Merge, current: deployment, force: true }, 422,
      'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch'],
    ['an apply body that is not YAML', { contentType: PatchType.ApplyYaml, current: deployment, fieldManager: 'm', patch: 'a: [' }, 400, expect.stringMatching(/^error decoding YAML: /)],
  ])('when the request has %s, then it fails as upstream does', (_, request, httpStatus, message) => {
    expect(() => applyPatch({ patch: '{}', now, ...request })).toThrowError(expect.objectContaining({ httpStatus, message }));
  });

  it('given a merge patch that turns the object into a list, then it is a 422', () => {
    expect(() => applyPatch({ contentType: PatchType.Merge, patch: '[1]', current: deployment, now })).toThrowError(expect.objectContaining({ httpStatus: 422 }));
  });
});
