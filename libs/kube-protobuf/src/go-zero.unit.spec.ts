import { describe, expect, it } from 'vitest';
import { goZeroObject, withGoZeroFields, withoutOmittedFields } from './index';

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

describe('withoutOmittedFields: the object as Go’s encoding/json prints it once decoded', () => {
  it('leaves out the zero counts with omitempty and keeps those without (a ReplicaSet scaled to 0)', () => {
    const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web' }, status: { replicas: 0, fullyLabeledReplicas: 0, readyReplicas: 0, availableReplicas: 0, observedGeneration: 2 } };
    expect(withoutOmittedFields('apps/v1', 'ReplicaSet', rs).status).toEqual({ replicas: 0, observedGeneration: 2 });
    expect(rs.status.readyReplicas).toBe(0);
    const sts = { status: { replicas: 0, readyReplicas: 0, availableReplicas: 0 } };
    expect(withoutOmittedFields('apps/v1', 'StatefulSet', sts).status).toEqual({ replicas: 0, availableReplicas: 0 });
  });

  it('keeps pointers to a zero value, and leaves out nil pointers and empty slices and maps', () => {
    const deployment = {
      spec: { replicas: 0, minReadySeconds: 0, paused: false, strategy: { rollingUpdate: null }, template: { metadata: { creationTimestamp: null, labels: {} }, spec: { containers: [] } } },
      status: { readyReplicas: 0, collisionCount: 0, conditions: [] },
    };
    expect(withoutOmittedFields('apps/v1', 'Deployment', deployment)).toEqual({
      spec: { replicas: 0, strategy: {}, template: { metadata: { creationTimestamp: null }, spec: { containers: [] } } },
      status: { collisionCount: 0 },
    });
  });

  it('reaches list items and embedded structs', () => {
    const pod = { spec: { containers: [{ name: 'web', stdin: false, ports: [{ containerPort: 80, hostPort: 0 }] }], volumes: [{ name: 'data', emptyDir: { medium: '' } }] } };
    expect(withoutOmittedFields('v1', 'Pod', pod).spec).toEqual({ containers: [{ name: 'web', ports: [{ containerPort: 80 }] }], volumes: [{ name: 'data', emptyDir: {} }] });
  });

  it('returns custom resources unchanged', () => {
    const crontab = { apiVersion: 'stable.example.com/v1', kind: 'CronTab', spec: { replicas: 0 } };
    expect(withoutOmittedFields('stable.example.com/v1', 'CronTab', crontab)).toBe(crontab);
  });
});
