import { describe, expect, it } from 'vitest';
import { nginxDeployment } from '../testing/fixtures';
import type { ReplicaSet } from '../shared/objects';
import { MAX_REPLICAS } from './annotations';
import { proportionalSizes } from './sync';

/** A ReplicaSet of `replicas`, last sized for a Deployment of `max` pods at most, created at `created`. */
function rs(name: string, replicas: number, max: number, created: string): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default', creationTimestamp: created, annotations: { [MAX_REPLICAS]: String(max) } },
    spec: { replicas, selector: {}, template: {} },
  };
}

const sizes = (replicas: number, sets: ReplicaSet[]) =>
  Object.fromEntries(proportionalSizes(nginxDeployment({ replicas, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } } }), sets).map(([r, n]) => [r.metadata.name, n]));

// Cases of upstream's TestScale (pkg/controller/deployment/sync_test.go).
describe('proportional scaling', () => {
  it('5 → 10: old 3 and new 2 become 6 and 4', () => {
    expect(sizes(10, [rs('foo-v1', 3, 5, '2026-01-01T00:00:00Z'), rs('foo-v2', 2, 5, '2026-01-01T00:01:00Z')])).toEqual({ 'foo-v1': 6, 'foo-v2': 4 });
  });

  it('5 → 3: old 3 and new 2 become 2 and 1', () => {
    expect(sizes(3, [rs('foo-v1', 3, 5, '2026-01-01T00:00:00Z'), rs('foo-v2', 2, 5, '2026-01-01T00:01:00Z')])).toEqual({ 'foo-v1': 2, 'foo-v2': 1 });
  });

  it('9 → 4: 4, 3 and 2 become 2, 1 and 1', () => {
    const sets = [rs('foo-v1', 4, 9, '2026-01-01T00:00:00Z'), rs('foo-v2', 3, 9, '2026-01-01T00:01:00Z'), rs('foo-v3', 2, 9, '2026-01-01T00:02:00Z')];
    expect(sizes(4, sets)).toEqual({ 'foo-v1': 2, 'foo-v2': 1, 'foo-v3': 1 });
  });

  it('gives rounding leftovers to the largest, newest first when growing: 7 → 8 with 4 and 3 gives the 1 to the 4', () => {
    expect(sizes(8, [rs('foo-v1', 3, 7, '2026-01-01T00:00:00Z'), rs('foo-v2', 4, 7, '2026-01-01T00:01:00Z')])).toEqual({ 'foo-v1': 3, 'foo-v2': 5 });
  });

  it('to 0 scales every ReplicaSet to 0', () => {
    expect(sizes(0, [rs('foo-v1', 3, 5, '2026-01-01T00:00:00Z'), rs('foo-v2', 2, 5, '2026-01-01T00:01:00Z')])).toEqual({ 'foo-v1': 0, 'foo-v2': 0 });
  });
});
