import { describe, expect, it } from 'vitest';
import { objectStreamId, ObjectEventType, type KubeObject, type RecordedEvent } from '@kronicle/contracts';
import { WrongExpectedVersionError, type AppendRequest, type AppendResult, type EventStore } from '@kronicle/event-store';
import { decideEviction, defaultAddressConfig, evictionAppends, objectEvent, resourceInfo, type ResourceInfo } from '@kronicle/object-lifecycle';
import { LiveCluster } from '../cluster/live-cluster';
import { ObjectService } from './object-service';

const now = new Date('2026-01-01T00:00:05Z');
const pods = resourceInfo('', 'pods');
const budgets = resourceInfo('policy', 'poddisruptionbudgets');
const request = { actor: 'user:admin', correlationId: 'c', dryRun: false };

/**
 * Just enough of the log for ObjectService: appends check every stream's version and are applied to
 * the API's projection at once; `contended` streams always lose the race, as against endless writers.
 */
class ProjectedStore {
  readonly appends: AppendRequest[][] = [];
  readonly contended = new Set<string>();
  private position = 0;

  constructor(private readonly cluster: LiveCluster) {}

  async appendAll(requests: AppendRequest[]): Promise<AppendResult[]> {
    for (const r of requests) {
      if (this.contended.has(r.streamId)) throw new WrongExpectedVersionError(r.streamId, r.expectedVersion, Number(r.expectedVersion) + 1);
      if (this.cluster.state.streamVersion(r.streamId) !== r.expectedVersion) throw new WrongExpectedVersionError(r.streamId, r.expectedVersion, this.cluster.state.streamVersion(r.streamId));
    }
    this.appends.push(requests);
    const results = requests.map((r) => {
      let version = r.expectedVersion as number;
      const recorded: RecordedEvent[] = r.events.map((e) => ({ ...e, id: `e${this.position}`, position: ++this.position, streamId: r.streamId, streamVersion: ++version }));
      void this.cluster.apply(recorded);
      return { streamId: r.streamId, nextExpectedVersion: version, positions: recorded.map((e) => e.position) };
    });
    return results;
  }

  async headPosition(): Promise<number> {
    return this.position;
  }

  create(info: ResourceInfo, object: KubeObject): Promise<AppendResult[]> {
    const streamId = objectStreamId({ group: info.group, resource: info.resource, namespace: 'default', name: object.metadata.name ?? '' });
    return this.appendAll([{ streamId, expectedVersion: 0, events: [objectEvent(ObjectEventType.Created, info, object, { correlationId: 'c', actor: 'user:test', time: now.toISOString() })] }]);
  }
}

const pod = (name: string, spec: object = { nodeName: 'n1', containers: [{ name: 'c', image: 'i' }] }, meta: object = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: { app: 'web' }, ...meta },
  spec,
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
});
const budget = (disruptionsAllowed: number): KubeObject => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name: 'web', namespace: 'default', generation: 1 },
  spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
  status: { observedGeneration: 1, disruptionsAllowed, currentHealthy: 2, desiredHealthy: 2 - disruptionsAllowed, expectedPods: 2 },
});
const disruptionTarget = { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:05Z', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' };

async function setup(...objects: [ResourceInfo, KubeObject][]) {
  const cluster = new LiveCluster();
  const store = new ProjectedStore(cluster);
  for (const [info, object] of objects) await store.create(info, object);
  const service = new ObjectService(store as unknown as EventStore, cluster, { waitFor: async () => {} }, { now: () => now }, defaultAddressConfig);
  /** pods/eviction as the API's handler runs it. */
  const evict = (name: string, dryRun = false) =>
    service.delete(pods, 'default', name, {}, { ...request, dryRun }, (current, metadata) =>
      evictionAppends(decideEviction(current.object, cluster.state.list({ group: 'policy', resource: 'poddisruptionbudgets', namespace: 'default' }), now), now, metadata),
    );
  const get = (info: ResourceInfo, name: string) => service.find(info, 'default', name)?.object;
  return { store, evict, get, appendsBefore: store.appends.length };
}

const typesOf = (requests: AppendRequest[]) => requests.map((r) => [r.streamId, r.events.map((e) => `${e.type}${(e.data as { subresource?: string }).subresource ? '/status' : ''}`)]);

describe('ObjectService.delete for pods/eviction', () => {
  it('given a pod on a node and a budget allowing one, then its DisruptionTarget, its graceful delete and the budget\'s status in one append', async () => {
    const { store, evict, get, appendsBefore } = await setup([pods, pod('p')], [budgets, budget(1)]);
    await evict('p');
    expect(store.appends.slice(appendsBefore).map(typesOf)).toEqual([
      [
        ['k8s/core/pods/default/p', ['ObjectUpdated/status', 'ObjectUpdated']],
        ['k8s/policy/poddisruptionbudgets/default/web', ['ObjectUpdated/status']],
      ],
    ]);
    const evicted = get(pods, 'p')!;
    expect(evicted.metadata.deletionTimestamp).toBe('2026-01-01T00:00:35Z');
    expect((evicted.status as { conditions: object[] }).conditions).toEqual([{ type: 'Ready', status: 'True' }, disruptionTarget]);
    expect(get(budgets, 'web')!.status).toMatchObject({ disruptionsAllowed: 0, disruptedPods: { p: '2026-01-01T00:00:05Z' } });
  });

  it('given a pod on no node, then it is gone, its last state showing DisruptionTarget', async () => {
    const { store, evict, get, appendsBefore } = await setup([pods, pod('p', { containers: [{ name: 'c', image: 'i' }] })]);
    expect(await evict('p')).toMatchObject({ status: 'Success' });
    const [[own]] = store.appends.slice(appendsBefore);
    expect(typesOf([own])).toEqual([['k8s/core/pods/default/p', ['ObjectUpdated/status', 'ObjectDeleted']]]);
    expect((own.events[1].data as { object: KubeObject }).object.status).toMatchObject({ conditions: [{ type: 'Ready' }, disruptionTarget] });
    expect(get(pods, 'p')).toBeUndefined();
  });

  it('given a pod already being deleted, then it only gets the condition, as upstream\'s second delete changes nothing', async () => {
    const { store, evict, get, appendsBefore } = await setup([pods, pod('p', undefined, { deletionTimestamp: '2026-01-01T00:00:30Z', deletionGracePeriodSeconds: 30 })]);
    await evict('p');
    expect(store.appends.slice(appendsBefore).map(typesOf)).toEqual([[['k8s/core/pods/default/p', ['ObjectUpdated/status']]]]);
    expect(get(pods, 'p')!.metadata.deletionTimestamp).toBe('2026-01-01T00:00:30Z');
    // Evicted again: the condition is there already, nothing to append.
    await evict('p');
    expect(store.appends.slice(appendsBefore)).toHaveLength(1);
  });

  it('given a dry run, then nothing is appended', async () => {
    const { store, evict, appendsBefore } = await setup([pods, pod('p')], [budgets, budget(1)]);
    await evict('p', true);
    expect(store.appends.length).toBe(appendsBefore);
  });

  it('given the budget keeps changing under it, then after the retries 409 Conflict naming the budget, as upstream\'s last UpdateStatus answer, and nothing appended', async () => {
    const { store, evict, get, appendsBefore } = await setup([pods, pod('p')], [budgets, budget(1)]);
    store.contended.add('k8s/policy/poddisruptionbudgets/default/web');
    await expect(evict('p')).rejects.toHaveProperty('status', {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Operation cannot be fulfilled on poddisruptionbudgets.policy "web": the object has been modified; please apply your changes to the latest version and try again',
      reason: 'Conflict',
      details: { name: 'web', group: 'policy', kind: 'poddisruptionbudgets' },
      code: 409,
    });
    expect(store.appends.length).toBe(appendsBefore);
    expect(get(pods, 'p')!.metadata.deletionTimestamp).toBeUndefined();
  });
});
