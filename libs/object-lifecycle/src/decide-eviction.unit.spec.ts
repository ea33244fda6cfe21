import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { objectStreamId, ObjectEventType, type KubeObject } from '@kronicle/contracts';
import { ClusterState, type StoredObject } from '@kronicle/projection';
import { ApiError } from './api-error';
import type { StreamAppend } from './companion-appends';
import { decideDelete } from './decide-delete';
import { decideEviction, evictionAppends, MAX_DISRUPTED_POD_SIZE } from './decide-eviction';
import type { PodDisruptionBudget } from './disruption-budget';
import { objectEvent } from './object-events';
import { resourceInfo, type ResourceInfo } from './resource-info';
import { refusalOf } from './test-support';

const now = new Date('2026-01-01T00:00:05Z');
const metadata = { correlationId: 'c', actor: 'user:test', time: now.toISOString() };
const podsInfo = resourceInfo('', 'pods');

const pod = (name: string, status: object = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] }, meta: object = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: { app: 'web' }, ...meta },
  status,
});

const stored = (object: KubeObject, streamVersion = 3): StoredObject => ({ group: 'policy', resource: 'poddisruptionbudgets', object, streamVersion, position: 9 });

const budget = (name: string, status: PodDisruptionBudget['status'], spec: PodDisruptionBudget['spec'] = { minAvailable: 2, selector: { matchLabels: { app: 'web' } } }): StoredObject =>
  stored({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: 'default', generation: 1 }, spec, status } as PodDisruptionBudget);

const healthy = (allowed: number, extra: object = {}) => ({ observedGeneration: 1, disruptionsAllowed: allowed, currentHealthy: 3, desiredHealthy: 3 - allowed, expectedPods: 3, ...extra });

/** The condition upstream's eviction adds before deleting, and the pod with it. */
const disruptionTarget = { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:05Z', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' };
const marked = (p: KubeObject): KubeObject => {
  const status = (p.status ?? {}) as { conditions?: object[] };
  return { ...p, status: { ...status, conditions: [...(status.conditions ?? []), disruptionTarget] } };
};


describe('decideEviction (upstream eviction.go)', () => {
  it.each([
    ['Succeeded', pod('p', { phase: 'Succeeded' })],
    ['Failed', pod('p', { phase: 'Failed' })],
    ['Pending', pod('p', { phase: 'Pending' })],
    ['being deleted', pod('p', undefined, { deletionTimestamp: '2026-01-01T00:00:00Z' })],
  ])('given a pod %s, then it is deleted without looking at budgets, even two of them, and marked DisruptionTarget all the same', (_, p) => {
    expect(decideEviction(p, [budget('a', healthy(0)), budget('b', healthy(0))], now)).toEqual({ kind: 'delete', pod: marked(p) });
  });

  it('every eviction marks the pod DisruptionTarget (upstream addConditionAndDeletePod), keeping its other conditions', () => {
    const decision = decideEviction(pod('p'), [budget('web', healthy(1))], now);
    expect(decision.pod.status).toEqual({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }, disruptionTarget] });
  });

  it('given the pod is marked already, then its condition keeps when it was added', () => {
    const earlier = { ...disruptionTarget, lastTransitionTime: '2025-12-31T00:00:00Z' };
    const p = pod('p', { phase: 'Running', conditions: [earlier] }, { deletionTimestamp: '2026-01-01T00:00:00Z' });
    expect(decideEviction(p, [], now).pod.status).toEqual({ phase: 'Running', conditions: [earlier] });
  });

  it('given no budget covers the pod, then it is deleted', () => {
    const other = budget('other', healthy(0), { minAvailable: 1, selector: { matchLabels: { app: 'db' } } });
    const nullSelector = budget('none', healthy(0), { minAvailable: 1 });
    expect(decideEviction(pod('p'), [other, nullSelector], now)).toEqual({ kind: 'delete', pod: marked(pod('p')) });
  });

  it('given an empty selector, then the budget covers every pod of its namespace (policy/v1), and none of another', () => {
    const all = budget('all', healthy(0), { minAvailable: 1, selector: {} });
    expect(refusalOf(() => decideEviction(pod('p'), [all], now)).code).toBe(429);
    expect(decideEviction(pod('p', undefined, { namespace: 'other' }), [all], now).kind).toBe('delete');
  });

  it('given two budgets cover the pod, then 500 with upstream message', () => {
    expect(refusalOf(() => decideEviction(pod('p'), [budget('a', healthy(1)), budget('b', healthy(1))], now))).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
      code: 500,
    });
  });

  it('given the budget allows no disruption, then 429 with the DisruptionBudget cause and no retry time', () => {
    const status = refusalOf(() => decideEviction(pod('p'), [budget('web', { ...healthy(0), currentHealthy: 2, desiredHealthy: 2 })], now));
    expect(status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      code: 429,
      reason: 'TooManyRequests',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web needs 2 healthy pods and has 2 currently' }] },
    });
  });

  it('given the controller has not observed the budget spec yet, then 429 "still being processed", to retry after 10 s', () => {
    const status = refusalOf(() => decideEviction(pod('p'), [budget('web', { ...healthy(1), observedGeneration: 0 })], now));
    expect(status).toMatchObject({
      code: 429,
      details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web is still being processed by the server.' }], retryAfterSeconds: 10 },
    });
  });

  it('given a negative count or too many unconfirmed evictions, then 403 as upstream', () => {
    expect(refusalOf(() => decideEviction(pod('p'), [budget('web', healthy(-1))], now))).toMatchObject({
      code: 403,
      message: 'poddisruptionbudget.policy "web" is forbidden: pdb disruptions allowed is negative',
    });
    const disruptedPods = Object.fromEntries(Array.from({ length: MAX_DISRUPTED_POD_SIZE + 1 }, (_, i) => [`p${i}`, '2026-01-01T00:00:00Z']));
    expect(refusalOf(() => decideEviction(pod('p'), [budget('web', healthy(1, { disruptedPods }))], now)).message).toMatch(/DisruptedPods map too big/);
  });

  it('given the budget allows one, then it takes it: one fewer allowed, the pod noted as disrupted, DisruptionAllowed False', () => {
    const pdb = budget('web', { ...healthy(1), conditions: [{ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', observedGeneration: 1, lastTransitionTime: '2025-12-31T00:00:00Z' }] });
    expect(decideEviction(pod('p'), [pdb], now)).toEqual({
      kind: 'delete-counted',
      pod: marked(pod('p')),
      budget: pdb,
      status: {
        ...healthy(0),
        currentHealthy: 3,
        desiredHealthy: 2,
        disruptedPods: { p: '2026-01-01T00:00:05Z' },
        conditions: [{ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '', observedGeneration: 1, lastTransitionTime: '2026-01-01T00:00:05Z' }],
      },
    });
  });

  it('given it allows two, then the condition stays as it is', () => {
    const decision = decideEviction(pod('p'), [budget('web', healthy(2, { disruptedPods: { q: '2026-01-01T00:00:01Z' } }))], now);
    expect(decision).toMatchObject({ kind: 'delete-counted', status: { disruptionsAllowed: 1, disruptedPods: { q: '2026-01-01T00:00:01Z', p: '2026-01-01T00:00:05Z' } } });
    expect(decision.kind === 'delete-counted' && decision.status.conditions).toBeUndefined();
  });

  describe('an unready pod', () => {
    const unready = pod('p', { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] });

    it('with AlwaysAllow, then it is deleted without touching the budget', () => {
      const spec = { minAvailable: 3, selector: { matchLabels: { app: 'web' } }, unhealthyPodEvictionPolicy: 'AlwaysAllow' as const };
      expect(decideEviction(unready, [budget('web', { ...healthy(0), currentHealthy: 2 }, spec)], now)).toEqual({ kind: 'delete', pod: marked(unready) });
    });

    it('with IfHealthyBudget (the default), then it is deleted untouched while currentHealthy >= desiredHealthy', () => {
      expect(decideEviction(unready, [budget('web', healthy(0))], now)).toEqual({ kind: 'delete', pod: marked(unready) });
    });

    it('with IfHealthyBudget and too few healthy, then the budget decides as for a ready pod', () => {
      expect(refusalOf(() => decideEviction(unready, [budget('web', { ...healthy(0), currentHealthy: 2 })], now)).code).toBe(429);
      expect(decideEviction(unready, [budget('web', { ...healthy(1), currentHealthy: 1, desiredHealthy: 2 })], now).kind).toBe('delete-counted');
    });

    it('with a budget that wants no healthy pod, then the budget decides', () => {
      expect(refusalOf(() => decideEviction(unready, [budget('web', { ...healthy(0), currentHealthy: 0, desiredHealthy: 0 })], now)).code).toBe(429);
    });
  });

  it('evictionAppends: the pod\'s status update first, and the budget status write expecting the budget stream as decided on; no budget write for a plain delete', () => {
    const pdb = budget('web', healthy(1));
    const { statusUpdate, others } = evictionAppends(decideEviction(pod('p'), [pdb], now), now, metadata);
    expect(statusUpdate).toEqual(marked(pod('p')));
    expect(others).toHaveLength(1);
    expect(others[0]).toMatchObject({ streamId: objectStreamId({ group: 'policy', resource: 'poddisruptionbudgets', namespace: 'default', name: 'web' }), expectedVersion: 3 });
    expect(others[0].events).toHaveLength(1);
    expect(others[0].events[0]).toMatchObject({ type: ObjectEventType.Updated, data: { subresource: 'status', object: { status: { disruptionsAllowed: 0, disruptedPods: { p: '2026-01-01T00:00:05Z' } } } } });
    expect(evictionAppends({ kind: 'delete', pod: marked(pod('p')) }, now, metadata)).toEqual({ statusUpdate: marked(pod('p')), others: [] });
  });
});

describe('concurrent evictions against one budget', () => {
  /**
   * Evictions as the API runs them: read the pod and the budgets, decide, append the pod's delete with
   * the budget's status, each expecting its stream as read; a lost race reads and decides again. The
   * steps of several evictions interleave in any order; the budget's controller does not run meanwhile.
   */
  it('never delete more pods than the budget allowed when they started', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 6 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 10 }),
        fc.array(fc.nat(), { maxLength: 80 }),
        (podCount, allowedAtStart, targets, schedule) => {
          const allowed = Math.min(allowedAtStart, podCount);
          const state = new ClusterState();
          let position = 0;
          const commit = (requests: StreamAppend[]) => {
            if (requests.some((r) => state.streamVersion(r.streamId) !== r.expectedVersion)) return false;
            for (const r of requests) {
              let version = r.expectedVersion;
              for (const event of r.events) state.apply({ ...event, id: `e${position}`, position: ++position, streamId: r.streamId, streamVersion: ++version });
            }
            return true;
          };
          const create = (info: ResourceInfo, object: KubeObject) =>
            commit([{ streamId: objectStreamId({ group: info.group, resource: info.resource, namespace: 'default', name: object.metadata.name ?? '' }), expectedVersion: 0, events: [objectEvent(ObjectEventType.Created, info, object, metadata)] }]);
          const names = Array.from({ length: podCount }, (_, i) => `p${i}`);
          for (const name of names) create(podsInfo, pod(name));
          const pdb = budget('web', { observedGeneration: 1, disruptionsAllowed: allowed, currentHealthy: podCount, desiredHealthy: podCount - allowed, expectedPods: podCount }).object;
          create(resourceInfo('policy', 'poddisruptionbudgets'), pdb);

          // Each eviction: undefined before reading, else the appends it decided on what it read.
          const evictions = targets.map((t) => ({ pod: names[t % podCount], planned: undefined as StreamAppend[] | undefined, done: false }));
          const deleted = new Set<string>();
          const step = (e: (typeof evictions)[number]) => {
            if (e.done) return;
            if (!e.planned) {
              const current = state.get(objectStreamId({ group: '', resource: 'pods', namespace: 'default', name: e.pod }));
              if (!current) return void (e.done = true); // 404
              try {
                const budgets = state.list({ group: 'policy', resource: 'poddisruptionbudgets', namespace: 'default' });
                const { statusUpdate, others } = evictionAppends(decideEviction(current.object, budgets, now), now, metadata);
                const decision = decideDelete(podsInfo, current, {}, now);
                const marking = objectEvent(ObjectEventType.Updated, podsInfo, statusUpdate!, metadata, { subresource: 'status' });
                const event = objectEvent(decision.kind === 'delete' ? ObjectEventType.Deleted : ObjectEventType.Updated, podsInfo, decision.object, metadata);
                e.planned = [{ streamId: objectStreamId({ group: '', resource: 'pods', namespace: 'default', name: e.pod }), expectedVersion: current.streamVersion, events: [marking, event] }, ...others];
              } catch (err) {
                if (!(err instanceof ApiError)) throw err;
                e.done = true; // 429: refused
              }
              return;
            }
            if (commit(e.planned)) {
              deleted.add(e.pod);
              e.done = true;
            } else e.planned = undefined; // lost the race: read again
          };
          for (const pick of schedule) step(evictions[pick % evictions.length]);
          for (let round = 0; evictions.some((e) => !e.done) && round < 100; round++) for (const e of evictions) step(e);

          expect(evictions.every((e) => e.done)).toBe(true);
          expect(deleted.size).toBeLessThanOrEqual(allowed);
          // Every eviction the budget allowed went through: as many pods as allowed, or as were asked for.
          expect(deleted.size).toBe(Math.min(allowed, new Set(evictions.map((e) => e.pod)).size));
        },
      ),
      { numRuns: 300 },
    );
  });
});
