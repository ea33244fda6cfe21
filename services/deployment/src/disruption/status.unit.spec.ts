import { describe, expect, it } from 'vitest';
import { type Pod } from '@kronicle/pod-control';
import type { PodDisruptionBudget } from '@kronicle/object-lifecycle';
import { budgetStatus, countHealthy, DELETION_TIMEOUT_MS, disruptedPodMap, failSafeStatus } from './status';

const now = new Date('2026-01-01T12:00:00Z');
const at = (secondsAgo: number) => new Date(now.getTime() - secondsAgo * 1000).toISOString().replace('.000Z', 'Z');
const pod = (name: string, ready = true, deleting = false): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, ...(deleting ? { deletionTimestamp: at(0) } : {}) },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});
const budget = (status: PodDisruptionBudget['status'], generation = 2): PodDisruptionBudget => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'b', generation }, spec: { minAvailable: 2 }, status });
const allowed = (lastTransitionTime = at(0)) => ({ type: 'DisruptionAllowed', status: 'True' as const, observedGeneration: 2, lastTransitionTime, reason: 'SufficientPods', message: '' });

describe('disruptedPodMap (upstream buildDisruptedPodMap)', () => {
  it('keeps evictions still awaited and rechecks when the first times out; drops pods gone, being deleted or timed out, these noted as not deleted', () => {
    const pods = [pod('a'), pod('b'), pod('c', true, true), pod('d')];
    const disrupted = { a: at(60), b: at(10), c: at(5), d: at(121), gone: at(1) };
    expect(disruptedPodMap(pods, disrupted, now)).toEqual({ disruptedPods: { a: at(60), b: at(10) }, recheckInMs: DELETION_TIMEOUT_MS - 60_000, notDeleted: [pod('d')] });
  });

  it('given none, then none and no recheck', () => {
    expect(disruptedPodMap([pod('a')], undefined, now)).toEqual({ disruptedPods: {}, notDeleted: [] });
  });
});

describe('countHealthy (upstream countHealthyPods)', () => {
  it('counts Ready pods, not those being deleted, unready or awaited as evicted', () => {
    expect(countHealthy([pod('a'), pod('b', false), pod('c', true, true), pod('d'), pod('e')], { d: at(30), e: at(121) }, now)).toBe(2);
  });
});

describe('budgetStatus (upstream updatePdbStatus)', () => {
  it('given 3 healthy of 3 and 2 desired, then 1 allowed, observed, DisruptionAllowed True/SufficientPods', () => {
    expect(budgetStatus(budget({}), { currentHealthy: 3, desiredHealthy: 2, expectedCount: 3, disruptedPods: {} }, now)).toEqual({
      observedGeneration: 2,
      disruptionsAllowed: 1,
      currentHealthy: 3,
      desiredHealthy: 2,
      expectedPods: 3,
      conditions: [allowed()],
    });
  });

  it('given too few healthy or no pod expected, then none allowed, False/InsufficientPods; the evictions awaited are kept', () => {
    const status = budgetStatus(budget({ conditions: [allowed(at(300))] }), { currentHealthy: 1, desiredHealthy: 2, expectedCount: 2, disruptedPods: { a: at(3) } }, now);
    expect(status).toMatchObject({ disruptionsAllowed: 0, disruptedPods: { a: at(3) }, conditions: [{ status: 'False', reason: 'InsufficientPods', lastTransitionTime: at(0) }] });
    expect(budgetStatus(budget({}), { currentHealthy: 2, desiredHealthy: 0, expectedCount: 0, disruptedPods: {} }, now)?.disruptionsAllowed).toBe(0);
  });

  it('given the status already says so, then nothing to write; a newer generation is written', () => {
    const counts = { currentHealthy: 3, desiredHealthy: 2, expectedCount: 3, disruptedPods: {} };
    const current = budgetStatus(budget({}), counts, now);
    expect(budgetStatus(budget(current), counts, now)).toBeUndefined();
    expect(budgetStatus(budget(current, 3), counts, now)?.observedGeneration).toBe(3);
  });
});

describe('failSafeStatus (upstream failSafe)', () => {
  it('allows nothing and says why in SyncFailed, keeping the rest and the generation observed', () => {
    const before = { observedGeneration: 1, disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, conditions: [{ ...allowed(at(300)), observedGeneration: 1 }] };
    expect(failSafeStatus(budget(before), 'found no controllers for pod "a"', now)).toEqual({
      ...before,
      disruptionsAllowed: 0,
      conditions: [{ type: 'DisruptionAllowed', status: 'False', observedGeneration: 1, lastTransitionTime: at(0), reason: 'SyncFailed', message: 'found no controllers for pod "a"' }],
    });
  });
});
