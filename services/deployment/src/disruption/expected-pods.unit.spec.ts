import { describe, expect, it } from 'vitest';
import { type Pod } from '@kronicle/pod-control';
import type { PodDisruptionBudget } from '@kronicle/object-lifecycle';
import { World } from '../testing/world';
import { nginxDeployment } from '../testing/fixtures';
import { replicaSetController } from '../replicaset/controller';
import { deploymentController } from '../deployment/controller';
import { BudgetSyncError, controllerScale, expectedPods, type ControllerScale } from './expected-pods';

const budget = (spec: PodDisruptionBudget['spec']): PodDisruptionBudget => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'b', namespace: 'default' }, spec });
const owned = (name: string, controller: string | undefined): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', ...(controller ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: controller, uid: controller, controller: true }] } : {}) },
});
/** Two ReplicaSets of one Deployment of 4 (uid d), and a lone ReplicaSet of 3. */
const scales: Record<string, ControllerScale> = { old: { uid: 'd', replicas: 4 }, new: { uid: 'd', replicas: 4 }, lone: { uid: 'lone', replicas: 3 } };
const scaleOf = (ref: { uid: string }) => scales[ref.uid];

describe('expectedPods (upstream getExpectedPodCount)', () => {
  it('given an integer minAvailable, then the matching pods are expected, with or without controllers', () => {
    expect(expectedPods(budget({ minAvailable: 2 }), [owned('a', 'old'), owned('b', undefined), owned('c', 'gone')], scaleOf)).toEqual({ expectedCount: 3, desiredHealthy: 2, unmanagedPods: [] });
  });

  it('given a percentage minAvailable, then the controllers\' scale, each counted once, rounded up', () => {
    // A Deployment of 4 (two ReplicaSets of it) and a ReplicaSet of 3: 7 expected, 50% is 3.5, so 4.
    const pods = [owned('a', 'old'), owned('b', 'new'), owned('c', 'new'), owned('d', 'lone')];
    expect(expectedPods(budget({ minAvailable: '50%' }), pods, scaleOf)).toEqual({ expectedCount: 7, desiredHealthy: 4, unmanagedPods: [] });
  });

  it('given maxUnavailable, then desired is the scale less it (rounded up), never below 0', () => {
    // 4 replicas, 25% unavailable is 1: 3 must be healthy.
    expect(expectedPods(budget({ maxUnavailable: '25%' }), [owned('a', 'new')], scaleOf)).toEqual({ expectedCount: 4, desiredHealthy: 3, unmanagedPods: [] });
    expect(expectedPods(budget({ maxUnavailable: 1 }), [owned('a', 'lone')], scaleOf).desiredHealthy).toBe(2);
    expect(expectedPods(budget({ maxUnavailable: 9 }), [owned('a', 'lone')], scaleOf).desiredHealthy).toBe(0);
  });

  it('given pods without a controller, then they are reported and count for nothing', () => {
    expect(expectedPods(budget({ maxUnavailable: 1 }), [owned('a', 'lone'), owned('x', undefined)], scaleOf)).toEqual({ expectedCount: 3, desiredHealthy: 2, unmanagedPods: ['x'] });
  });

  it('given a pod whose controller is not found or a bad percentage, then the sync fails with upstream message', () => {
    expect(() => expectedPods(budget({ maxUnavailable: 1 }), [owned('a', 'gone')], scaleOf)).toThrow(new BudgetSyncError('found no controllers for pod "a"'));
    expect(() => expectedPods(budget({ minAvailable: 'half' }), [owned('a', 'lone')], scaleOf)).toThrow('invalid type: string is not a percentage');
  });

  it('given neither bound, then nothing is expected', () => {
    expect(expectedPods(budget({}), [owned('a', 'lone')], scaleOf)).toEqual({ expectedCount: 0, desiredHealthy: 0, unmanagedPods: [] });
  });
});

describe('controllerScale (upstream finders)', () => {
  const world = new World([replicaSetController, deploymentController]);
  world.create('apps/deployments', nginxDeployment({ replicas: 3 }));
  world.converge();
  const [rs] = world.replicaSets();
  const ref = (kind: string, name: string, uid: string) => ({ apiVersion: 'apps/v1', kind, name, uid, controller: true });

  it('given a ReplicaSet of a Deployment, then the Deployment\'s replicas', () => {
    expect(controllerScale(world.state, ref('ReplicaSet', rs.metadata.name!, rs.metadata.uid!), 'default')).toEqual({ uid: world.deployment('nginx-deployment').metadata.uid, replicas: 3 });
  });

  it('given a reference to another object of the name, or to none, then none', () => {
    expect(controllerScale(world.state, ref('ReplicaSet', rs.metadata.name!, 'stale'), 'default')).toBeUndefined();
    expect(controllerScale(world.state, ref('Deployment', 'gone', 'gone'), 'default')).toBeUndefined();
  });

  it('given a Deployment as the controller itself, then its scale (upstream getScaleController)', () => {
    const d = world.deployment('nginx-deployment');
    expect(controllerScale(world.state, ref('Deployment', 'nginx-deployment', d.metadata.uid!), 'default')).toEqual({ uid: d.metadata.uid, replicas: 3 });
  });

  it('given a kind without a scale subresource, or not served, then the sync fails with upstream message', () => {
    const fails = (r: ReturnType<typeof ref>) => () => controllerScale(world.state, r, 'default');
    expect(fails({ ...ref('Job', 'j', 'j'), apiVersion: 'batch/v1' })).toThrow(new BudgetSyncError('jobs.batch does not implement the scale subresource'));
    expect(fails(ref('DaemonSet', 'd', 'd'))).toThrow(new BudgetSyncError('daemonsets.apps does not implement the scale subresource'));
    expect(fails({ ...ref('Pod', 'p', 'p'), apiVersion: 'v1' })).toThrow(new BudgetSyncError('pods does not implement the scale subresource'));
    expect(fails({ ...ref('Thing', 't', 't'), apiVersion: 'example.com/v1' })).toThrow(new BudgetSyncError('no matches for kind "Thing" in version "example.com/v1"'));
    expect(fails({ ...ref('ReplicaSet', rs.metadata.name!, rs.metadata.uid!), apiVersion: 'example.com/v1' })).toThrow('no matches for kind "ReplicaSet" in version "example.com/v1"');
  });

  it('given a lone ReplicaSet or a StatefulSet, then its own replicas', () => {
    world.create('apps/replicasets', { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'lone', namespace: 'default' }, spec: { replicas: 2, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } });
    world.create('apps/statefulsets', { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 5, serviceName: 'web', selector: { matchLabels: { s: 't' } }, template: { metadata: { labels: { s: 't' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } });
    const lone = world.replicaSets().find((r) => r.metadata.name === 'lone')!;
    const sts = world.state.list({ group: 'apps', resource: 'statefulsets' })[0].object;
    expect(controllerScale(world.state, ref('ReplicaSet', 'lone', lone.metadata.uid!), 'default')).toEqual({ uid: lone.metadata.uid, replicas: 2 });
    expect(controllerScale(world.state, ref('StatefulSet', 'web', sts.metadata.uid!), 'default')).toEqual({ uid: sts.metadata.uid, replicas: 5 });
  });

  it('given a ReplicaSet whose Deployment is gone, then the ReplicaSet\'s own scale', () => {
    world.create('apps/replicasets', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'orphaned', namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'gone', uid: 'gone', controller: true }] },
      spec: { replicas: 4, selector: { matchLabels: { o: 'p' } }, template: { metadata: { labels: { o: 'p' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
    });
    const orphaned = world.replicaSets().find((r) => r.metadata.name === 'orphaned')!;
    expect(controllerScale(world.state, ref('ReplicaSet', 'orphaned', orphaned.metadata.uid!), 'default')).toEqual({ uid: orphaned.metadata.uid, replicas: 4 });
  });
});
