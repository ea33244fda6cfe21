import { describe, expect, it } from 'vitest';
import { goZeroObject, withGoZeroFields } from './index';

describe('goZeroObject: a built-in kind’s Go zero value as Go’s encoding/json prints it', () => {
  it('non-pointer structs are there, pointers are not, fields without omitempty are at zero', () => {
    expect(goZeroObject('apps/v1', 'ReplicaSet')).toEqual({
      metadata: { creationTimestamp: null },
      spec: { selector: null, template: { metadata: { creationTimestamp: null }, spec: { containers: null } } },
      status: { replicas: 0 },
    });
    expect(goZeroObject('apps/v1', 'Deployment')).toMatchObject({ spec: { strategy: {} }, status: {} });
  });

  it('knows the +optional fields without omitempty, which OpenAPI does not list as required', () => {
    expect(goZeroObject('apps/v1', 'StatefulSet')?.status).toEqual({ replicas: 0, availableReplicas: 0 });
    expect(goZeroObject('v1', 'Event')).toMatchObject({ reportingComponent: '', reportingInstance: '' });
  });

  it('nil slices, maps and struct pointers without omitempty are [] and {} when asked, as structured-merge-diff sees them', () => {
    expect(goZeroObject('apps/v1', 'Deployment', { nilAsEmpty: true })?.spec).toEqual({
      selector: {},
      template: { metadata: { creationTimestamp: null }, spec: { containers: [] } },
      strategy: {},
    });
  });

  it('has nothing for custom resources, even in a group that shares a built-in name’s first label', () => {
    expect(goZeroObject('stable.example.com/v1', 'CronTab')).toBeUndefined();
    expect(goZeroObject('apps.example.com/v1', 'Deployment')).toBeUndefined();
    expect(goZeroObject('apps/v1', 'NoSuchKind')).toBeUndefined();
  });
});

describe('withGoZeroFields: the object as upstream holds it once decoded', () => {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      containers: [{ name: 'web', image: 'nginx', readinessProbe: { httpGet: { port: 80 } } }],
      volumes: [{ name: 'token', projected: {} }],
    },
  };

  it('fills list items and embedded structs, and leaves what is there as it is', () => {
    const original = structuredClone(pod);
    expect(withGoZeroFields('v1', 'Pod', pod)).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', labels: { app: 'web' }, creationTimestamp: null },
      spec: {
        containers: [{ name: 'web', image: 'nginx', readinessProbe: { httpGet: { port: 80 } }, resources: {} }],
        volumes: [{ name: 'token', projected: { sources: null } }],
      },
      status: {},
    });
    expect(pod).toEqual(original);
  });

  it('returns custom resources unchanged', () => {
    const crontab = { apiVersion: 'stable.example.com/v1', kind: 'CronTab', spec: {} };
    expect(withGoZeroFields('stable.example.com/v1', 'CronTab', crontab)).toBe(crontab);
  });
});
