import { describe, expect, it } from 'vitest';
import { type Pod } from '@kronicle/pod-control';
import { decideEviction, resourceInfo, type PodDisruptionBudget } from '@kronicle/object-lifecycle';
import type { ObjectWrite } from '@kronicle/controller-runtime';
import type { ObjectChange } from '@kronicle/projection';
import { deploymentController } from '../deployment/controller';
import { replicaSetController } from '../replicaset/controller';
import { nginxDeployment } from '../testing/fixtures';
import { World } from '../testing/world';
import { podsResource } from '../shared/resources';
import { disruptionController, disruptionIndexes, podChangeMatters } from './controller';
import { DELETION_TIMEOUT_MS } from './status';

const pdb = (spec: PodDisruptionBudget['spec'], name = 'nginx-pdb'): PodDisruptionBudget => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: 'default' }, spec });
const nginx = { matchLabels: { app: 'nginx' } };
const pdbResource = resourceInfo('policy', 'poddisruptionbudgets');

/** A Deployment of `replicas` nginx pods, all Ready, with the disruption controller beside the others. */
function world(replicas: number): World {
  const w = new World([replicaSetController, deploymentController, disruptionController]);
  for (const [name, keysOf] of Object.entries(disruptionIndexes)) w.state.addIndex(name, keysOf);
  w.create('apps/deployments', nginxDeployment({ replicas }));
  w.converge();
  return w;
}

const budgetOf = (w: World, name = 'nginx-pdb') => w.state.list({ group: 'policy', resource: 'poddisruptionbudgets' }).find((s) => s.object.metadata.name === name)!;

/** What the API does on pods/eviction: the pod's DisruptionTarget, the budget's status and the pod's delete in one append. */
function evict(w: World, pod: Pod): void {
  const { pod: marked } = decideEviction(pod, [], w.now);
  w.write(
    [{ kind: 'update', resource: podsResource, subresource: 'status', object: marked }, ...budgetWrite(w, pod), { kind: 'delete', resource: podsResource, namespace: 'default', name: pod.metadata.name! }],
    'user:admin',
  );
}

/** The Events the disruption controller recorded with this reason. */
const eventsOf = (w: World, reason: string) => w.events(reason).filter((e) => (e.source as { component?: string }).component === 'controllermanager');

/** The budget's status write a counted eviction of the pod makes. */
function budgetWrite(w: World, pod: Pod): ObjectWrite[] {
  const decision = decideEviction(pod, w.state.list({ group: 'policy', resource: 'poddisruptionbudgets', namespace: 'default' }), w.now);
  if (decision.kind !== 'delete-counted') throw new Error('expected a counted eviction');
  return [{ kind: 'update', resource: pdbResource, subresource: 'status', object: { ...decision.budget.object, status: decision.status } }];
}

describe('disruption controller', () => {
  it('given 2 ready replicas and minAvailable 2, then the budget allows no disruption', () => {
    const w = world(2);
    w.create('policy/poddisruptionbudgets', pdb({ minAvailable: 2, selector: nginx }));
    w.settle();
    expect(budgetOf(w).object.status).toEqual({
      observedGeneration: 1,
      disruptionsAllowed: 0,
      currentHealthy: 2,
      desiredHealthy: 2,
      expectedPods: 2,
      conditions: [{ type: 'DisruptionAllowed', status: 'False', observedGeneration: 1, lastTransitionTime: expect.any(String), reason: 'InsufficientPods', message: '' }],
    });
  });

  it('given the budget lowered to minAvailable 1, then its new generation is observed and one disruption allowed', () => {
    const w = world(2);
    w.create('policy/poddisruptionbudgets', pdb({ minAvailable: 2, selector: nginx }));
    w.settle();
    w.update('policy/poddisruptionbudgets', { ...budgetOf(w).object, spec: { minAvailable: 1, selector: nginx } });
    w.settle();
    expect(budgetOf(w).object.status).toMatchObject({ observedGeneration: 2, disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, conditions: [{ status: 'True', reason: 'SufficientPods' }] });
  });

  it('given maxUnavailable 25% of a Deployment of 4, then expected 4, desired 3, one allowed', () => {
    const w = world(4);
    w.create('policy/poddisruptionbudgets', pdb({ maxUnavailable: '25%', selector: nginx }));
    w.settle();
    expect(budgetOf(w).object.status).toMatchObject({ expectedPods: 4, desiredHealthy: 3, currentHealthy: 4, disruptionsAllowed: 1 });
  });

  it('given an eviction, then the pod is not counted meanwhile, and the budget allows one again once its replacement is Ready', () => {
    const w = world(3);
    w.create('policy/poddisruptionbudgets', pdb({ minAvailable: 2, selector: nginx }));
    w.settle();
    evict(w, w.pods()[0]);
    w.settle();
    // The ReplicaSet replaced the pod; until the replacement is Ready the budget allows nothing.
    expect(budgetOf(w).object.status).toMatchObject({ currentHealthy: 2, disruptionsAllowed: 0 });
    expect(budgetOf(w).object.status).not.toHaveProperty('disruptedPods');
    w.converge();
    expect(budgetOf(w).object.status).toMatchObject({ currentHealthy: 3, disruptionsAllowed: 1 });
  });

  it('given an eviction whose pod is not deleted, then the pod is not counted for 2 minutes, then again', () => {
    const w = world(3);
    w.create('policy/poddisruptionbudgets', pdb({ minAvailable: 2, selector: nginx }));
    w.settle();
    const [pod] = w.pods();
    w.write(budgetWrite(w, pod), 'user:admin');
    w.settle();
    expect(budgetOf(w).object.status).toMatchObject({ currentHealthy: 2, disruptionsAllowed: 0, disruptedPods: { [pod.metadata.name!]: expect.any(String) } });
    w.advance(DELETION_TIMEOUT_MS - 1000);
    w.settle();
    expect(budgetOf(w).object.status).toMatchObject({ currentHealthy: 2 });
    expect(eventsOf(w, 'NotDeleted')).toEqual([]);
    w.advance(2000);
    w.settle();
    expect(budgetOf(w).object.status).toMatchObject({ currentHealthy: 3, disruptionsAllowed: 1 });
    expect(budgetOf(w).object.status).not.toHaveProperty('disruptedPods');
    // Upstream's message names the budget by its namespace twice.
    expect(eventsOf(w, 'NotDeleted')).toEqual([
      expect.objectContaining({ type: 'Warning', message: "Pod was expected by PDB default/default to be deleted but it wasn't", count: 1, involvedObject: expect.objectContaining({ kind: 'Pod', name: pod.metadata.name }) }),
    ]);
  });

  it('given a selected pod whose controller cannot be found, then SyncFailed allows nothing and the sync is retried', () => {
    const w = world(2);
    w.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', namespace: 'default', labels: { app: 'nginx', tier: 'x' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'ghost', uid: 'ghost', controller: true }] }, spec: { containers: [{ name: 'c', image: 'i' }] } });
    w.create('policy/poddisruptionbudgets', pdb({ maxUnavailable: 1, selector: { matchLabels: { tier: 'x' } } }));
    w.settle();
    expect(budgetOf(w).object.status).toMatchObject({ disruptionsAllowed: 0, conditions: [{ type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message: 'found no controllers for pod "stray"' }] });
    // Recorded on each sync (the first, and the one after its status write), counted on one Event.
    expect(eventsOf(w, 'CalculateExpectedPodCountFailed')).toEqual([
      expect.objectContaining({ type: 'Warning', message: 'Failed to calculate the number of expected pods: found no controllers for pod "stray"', count: 2, involvedObject: expect.objectContaining({ kind: 'PodDisruptionBudget', name: 'nginx-pdb' }) }),
    ]);
    const result = disruptionController.reconcile('default/nginx-pdb', w.state, w.now);
    expect(result.requeueAfterMs).toBe(1000);
    expect(result.writes).toEqual([expect.objectContaining({ resource: expect.objectContaining({ resource: 'events' }) })]);
  });

  it('given pods of a Job (no scale subresource) and maxUnavailable, then SyncFailed says so, as upstream\'s getScaleController', () => {
    const w = world(1);
    const jobPod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pi-x', namespace: 'default', labels: { job: 'pi' }, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: 'pi', controller: true }] }, spec: { containers: [{ name: 'c', image: 'i' }] } };
    w.create('pods', jobPod);
    w.create('policy/poddisruptionbudgets', pdb({ maxUnavailable: 1, selector: { matchLabels: { job: 'pi' } } }));
    w.settle();
    expect(budgetOf(w).object.status).toMatchObject({ disruptionsAllowed: 0, conditions: [{ type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message: 'jobs.batch does not implement the scale subresource' }] });
    expect(eventsOf(w, 'CalculateExpectedPodCountFailed').map((e) => e.message)).toEqual(['Failed to calculate the number of expected pods: jobs.batch does not implement the scale subresource']);
    // An integer minAvailable needs no scale: the same pods then count as they are.
    w.update('policy/poddisruptionbudgets', { ...budgetOf(w).object, spec: { minAvailable: 1, selector: { matchLabels: { job: 'pi' } } } });
    w.settle();
    expect(budgetOf(w).object.status).toMatchObject({ expectedPods: 1, desiredHealthy: 1, conditions: [{ reason: 'InsufficientPods' }] });
  });

  it('given a bare pod beside a Deployment\'s and a percentage, then a Warning UnmanagedPods Event naming the selector, and the rest still counted', () => {
    const w = world(2);
    w.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare', namespace: 'default', labels: { app: 'nginx' } }, spec: { containers: [{ name: 'c', image: 'i' }] } });
    w.create('policy/poddisruptionbudgets', pdb({ minAvailable: '50%', selector: { matchLabels: { app: 'nginx' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db', 'cache'] }] } }));
    w.settle();
    expect(budgetOf(w).object.status).toMatchObject({ expectedPods: 2, desiredHealthy: 1, currentHealthy: 2, disruptionsAllowed: 1 });
    expect(eventsOf(w, 'UnmanagedPods')).toEqual([
      expect.objectContaining({
        type: 'Warning',
        message:
          'Pods selected by this PodDisruptionBudget (selector: &LabelSelector{MatchLabels:map[string]string{app: nginx,},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:tier,Operator:NotIn,Values:[db cache],},},}) were found to be unmanaged. ' +
          'As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.',
        involvedObject: expect.objectContaining({ kind: 'PodDisruptionBudget', name: 'nginx-pdb' }),
      }),
    ]);
    // An integer minAvailable counts the pods as they are: nothing to say.
    const w2 = world(2);
    w2.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare', namespace: 'default', labels: { app: 'nginx' } }, spec: { containers: [{ name: 'c', image: 'i' }] } });
    w2.create('policy/poddisruptionbudgets', pdb({ minAvailable: 1, selector: nginx }));
    w2.settle();
    expect(eventsOf(w2, 'UnmanagedPods')).toEqual([]);
  });

  it('given a budget that selects no pod, then a Normal NoPods Event, counted on every sync rather than written again', () => {
    const w = world(1);
    w.create('policy/poddisruptionbudgets', pdb({ minAvailable: 1, selector: { matchLabels: { app: 'none' } } }));
    w.settle();
    expect(eventsOf(w, 'NoPods')).toEqual([expect.objectContaining({ type: 'Normal', message: 'No matching pods found', count: 2, involvedObject: expect.objectContaining({ kind: 'PodDisruptionBudget', name: 'nginx-pdb' }) })]);
    // A restart syncs every budget again.
    w.start();
    w.settle();
    expect(eventsOf(w, 'NoPods')).toEqual([expect.objectContaining({ count: 3 })]);
  });

  it('an empty selector selects every pod of the namespace; a missing one none', () => {
    const w = world(2);
    w.create('policy/poddisruptionbudgets', pdb({ minAvailable: 1, selector: {} }, 'all'));
    w.create('policy/poddisruptionbudgets', pdb({ minAvailable: 1 }, 'none'));
    w.settle();
    expect(budgetOf(w, 'all').object.status).toMatchObject({ expectedPods: 2, currentHealthy: 2, disruptionsAllowed: 1 });
    expect(budgetOf(w, 'none').object.status).toMatchObject({ expectedPods: 0, currentHealthy: 0, disruptionsAllowed: 0 });
  });

  it('a pod change wakes the budgets that select the pod as it was or is, and no other', () => {
    const w = world(1);
    w.create('policy/poddisruptionbudgets', pdb({ minAvailable: 1, selector: nginx }));
    w.create('policy/poddisruptionbudgets', pdb({ minAvailable: 1, selector: { matchLabels: { app: 'db' } } }, 'db'));
    w.settle();
    const [pod] = w.pods();
    const relabelled = { ...pod, metadata: { ...pod.metadata, labels: { app: 'db' } } };
    const change = (object: Pod, previous?: Pod): ObjectChange => ({ type: 'MODIFIED', streamId: 's', group: '', resource: 'pods', object, previous, position: 1, streamVersion: 1 });
    expect(disruptionController.keysFor(change(relabelled, pod), w.state)).toEqual(['default/nginx-pdb', 'default/db']);
    expect(disruptionController.keysFor(change({ ...pod, metadata: { ...pod.metadata, namespace: 'other' } }), w.state)).toEqual([]);
    expect(disruptionController.keysFor(change({ ...pod, spec: { nodeName: 'n2' } }, pod), w.state)).toEqual([]);
  });
});

describe('podChangeMatters', () => {
  const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { a: 'b' } }, status: { conditions: [{ type: 'Ready', status: 'True' }] } };
  const change = (type: ObjectChange['type'], object: Pod, previous?: Pod): ObjectChange => ({ type, streamId: 's', group: '', resource: 'pods', object, previous, position: 1, streamVersion: 1 });

  it('a pod added or deleted, becoming unready, being deleted, relabelled or adopted', () => {
    expect(podChangeMatters(change('ADDED', pod))).toBe(true);
    expect(podChangeMatters(change('DELETED', pod, pod))).toBe(true);
    expect(podChangeMatters(change('MODIFIED', { ...pod, status: {} }, pod))).toBe(true);
    expect(podChangeMatters(change('MODIFIED', { ...pod, metadata: { ...pod.metadata, deletionTimestamp: 't' } }, pod))).toBe(true);
    expect(podChangeMatters(change('MODIFIED', { ...pod, metadata: { ...pod.metadata, labels: {} } }, pod))).toBe(true);
    expect(podChangeMatters(change('MODIFIED', { ...pod, metadata: { ...pod.metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'r', uid: 'r', controller: true }] } }, pod))).toBe(true);
  });

  it('not a change of anything else (a binding, an IP)', () => {
    expect(podChangeMatters(change('MODIFIED', { ...pod, spec: { nodeName: 'n' }, status: { ...pod.status, podIP: '10.0.0.1' } as Pod['status'] }, pod))).toBe(false);
  });
});
