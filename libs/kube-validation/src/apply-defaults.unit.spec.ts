import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { KubeObject } from '@kronicle/contracts';
import { applyDefaults, validateCreate } from './index';

const label = fc.stringMatching(/^[a-z]([a-z0-9-]{0,10}[a-z0-9])?$/);
const labels = fc.dictionary(label, label, { minKeys: 1, maxKeys: 3 });
const image = fc.constantFrom('nginx', 'nginx:latest', 'nginx:1.27', 'registry.k8s.io/pause:3.10', 'busybox@sha256:abc');
const quantity = fc.constantFrom('100m', '0.5', '1', '128Mi', '1Gi', '1000m', '2e3');
const container = fc.record(
  {
    name: label,
    image,
    ports: fc.array(fc.record({ containerPort: fc.integer({ min: 1, max: 65535 }) }), { maxLength: 2 }),
    resources: fc.record({ limits: fc.record({ cpu: quantity }), requests: fc.record({ memory: quantity }) }, { requiredKeys: [] }),
  },
  { requiredKeys: ['name', 'image'] },
);
const podSpec = (restartPolicy?: string) =>
  fc.record({ containers: fc.uniqueArray(container, { minLength: 1, maxLength: 3, selector: (c) => c.name }) }).map((spec) => ({
    ...spec,
    ...(restartPolicy ? { restartPolicy } : {}),
  }));
const metadata = { name: 'obj', namespace: 'default', uid: '0c5d1f1e-0000-4000-8000-00000000000a' };

const deployment = fc.record({
  replicas: fc.option(fc.nat(50), { nil: undefined }),
  labels,
  spec: podSpec(),
  strategy: fc.constantFrom(undefined, { type: 'Recreate' }, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }),
}).map(
  ({ replicas, labels, spec, strategy }): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: { ...(replicas === undefined ? {} : { replicas }), ...(strategy ? { strategy } : {}), selector: { matchLabels: labels }, template: { metadata: { labels }, spec } },
  }),
);
const statefulSet = fc.record({ labels, spec: podSpec() }).map(
  ({ labels, spec }): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata,
    spec: { selector: { matchLabels: labels }, serviceName: 'obj', template: { metadata: { labels }, spec } },
  }),
);
const job = podSpec('Never').map((spec): KubeObject => ({ apiVersion: 'batch/v1', kind: 'Job', metadata, spec: { template: { spec } } }));
const cronJob = fc.record({ schedule: fc.constantFrom('* * * * *', '@hourly', '0 3 * * 1'), spec: podSpec('OnFailure') }).map(
  ({ schedule, spec }): KubeObject => ({ apiVersion: 'batch/v1', kind: 'CronJob', metadata, spec: { schedule, jobTemplate: { spec: { template: { spec } } } } }),
);
const service = fc.record({
  type: fc.constantFrom(undefined, 'ClusterIP', 'NodePort', 'LoadBalancer'),
  ports: fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { minLength: 1, maxLength: 3 }),
}).map(
  ({ type, ports }): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata,
    spec: { ...(type ? { type } : {}), ports: ports.map((port, i) => ({ name: `p${i}`, port })) },
  }),
);
const pod = podSpec().map((spec): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata, spec }));
const valid = fc.oneof(deployment, statefulSet, job, cronJob, service, pod);

describe('applyDefaults', () => {
  it('is idempotent', () => {
    fc.assert(
      fc.property(valid, (object) => {
        const once = applyDefaults(object);
        expect(applyDefaults(once)).toEqual(once);
      }),
    );
  });

  it('does not change its input', () => {
    fc.assert(
      fc.property(valid, (object) => {
        const before = structuredClone(object);
        applyDefaults(object);
        expect(object).toEqual(before);
      }),
    );
  });

  it('keeps valid objects valid', () => {
    fc.assert(
      fc.property(valid, (object) => {
        expect(validateCreate(applyDefaults(object))).toEqual([]);
      }),
    );
  });

  it('given an unknown kind, then it returns an equal copy', () => {
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { a: 1 } };
    expect(applyDefaults(widget)).toEqual(widget);
  });
});
