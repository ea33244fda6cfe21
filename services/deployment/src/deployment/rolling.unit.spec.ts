import fc from 'fast-check';
import { controllerOf } from '@kronicle/pod-control';
import { describe, expect, it } from 'vitest';
import { replicaSetController } from '../replicaset/controller';
import { isPodReady } from '@kronicle/contracts';
import { isPodActive } from '@kronicle/pod-control';
import { nginxDeployment, withImage } from '../testing/fixtures';
import { World } from '../testing/world';
import type { IntOrPercent } from '../shared/objects';
import { deploymentController } from './controller';
import { resolveFenceposts } from './fenceposts';
import { specReplicas } from './replica-sets';

const intOrPercent = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 100 }).map((p) => `${p}%`));
const isZero = (v: IntOrPercent) => v === 0 || v === '0%';
const rollout = fc
  .record({ replicas: fc.integer({ min: 1, max: 10 }), maxSurge: intOrPercent, maxUnavailable: intOrPercent })
  .filter((r) => !(isZero(r.maxSurge) && isZero(r.maxUnavailable)));
/** What happens next: a reconcile (which one is picked by the number), a pod becoming ready, or time passing. */
const action = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('reconcile' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('ready' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tick' as const), pick: fc.nat() }) },
);

function play(w: World, actions: { kind: 'reconcile' | 'ready' | 'tick'; pick: number }[]): void {
  for (const a of actions) {
    if (a.kind === 'reconcile') w.step(a.pick);
    else if (a.kind === 'tick') w.advance(1000);
    else {
      const waiting = w.pods().filter((p) => isPodActive(p) && !isPodReady(p));
      if (waiting.length) w.markReady(waiting[a.pick % waiting.length]);
    }
  }
}

function startedWorld(r: { replicas: number; maxSurge: IntOrPercent; maxUnavailable: IntOrPercent }): World {
  const w = new World([deploymentController, replicaSetController]);
  w.create('apps/deployments', nginxDeployment({ replicas: r.replicas, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: r.maxSurge, maxUnavailable: r.maxUnavailable } } }));
  w.converge();
  return w;
}

describe('RollingUpdate', () => {
  it('keeps available ≥ replicas − maxUnavailable and pods ≤ replicas + maxSurge at every log position, and converges', () => {
    fc.assert(
      fc.property(rollout, fc.array(action, { maxLength: 300 }), (r, actions) => {
        const w = startedWorld(r);
        const { surge, unavailable } = resolveFenceposts(r.maxSurge, r.maxUnavailable, r.replicas);
        w.onAppend = () => {
          const active = w.pods().filter(isPodActive);
          expect(active.length).toBeLessThanOrEqual(r.replicas + surge);
          expect(active.filter(isPodReady).length).toBeGreaterThanOrEqual(r.replicas - unavailable);
        };
        w.update('apps/deployments', withImage(w.deployment('nginx-deployment'), 'nginx:1.16.1'));
        play(w, actions);
        w.converge();

        const d = w.deployment('nginx-deployment');
        expect(d.status).toMatchObject({ replicas: r.replicas, updatedReplicas: r.replicas, availableReplicas: r.replicas });
        expect(d.status).not.toHaveProperty('unavailableReplicas'); // 0, which omitempty leaves out
        expect(d.status?.conditions?.find((c) => c.type === 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
        const images = w.pods().map((p) => (p.spec as { containers: { image: string }[] }).containers[0].image);
        expect(images).toEqual(Array(r.replicas).fill('nginx:1.16.1'));
      }),
      { numRuns: 150 },
    );
  });

  it('scaled mid-rollout, shares the new size in proportion (all ReplicaSets sum to replicas + maxSurge) and converges', () => {
    fc.assert(
      fc.property(rollout, fc.array(action, { maxLength: 120 }), fc.integer({ min: 0, max: 20 }), (r, actions, newReplicas) => {
        fc.pre(newReplicas !== r.replicas);
        const w = startedWorld(r);
        w.update('apps/deployments', withImage(w.deployment('nginx-deployment'), 'nginx:1.16.1'));
        play(w, actions);
        w.settle();
        const before = w.replicaSets().filter((rs) => (rs.spec.replicas ?? 0) > 0);
        const d = w.deployment('nginx-deployment');
        w.update('apps/deployments', { ...d, spec: { ...d.spec, replicas: newReplicas } });
        // The Deployment's next reconcile is the scaling step.
        while (w.deployment('nginx-deployment').status?.observedGeneration !== w.deployment('nginx-deployment').metadata.generation) w.step(0);
        const after = w.replicaSets();
        if (before.length > 1) {
          // Upstream shares by size ratio, so one ReplicaSet may even shrink while the total grows
          // (8 new + 3 old, max 15 → 12: new 6 + leftover 4 = 10, old 2); the total is what is exact.
          const { surge } = resolveFenceposts(r.maxSurge, r.maxUnavailable, newReplicas);
          const allowed = newReplicas > 0 ? newReplicas + surge : 0;
          const total = specReplicas(after);
          // Only a leftover clamped at 0 makes the total miss.
          if (total !== allowed) expect(after.some((rs) => rs.spec.replicas === 0)).toBe(true);
        }
        w.converge();
        // Scaled to 0, the counts are 0 and omitempty leaves them out.
        const { replicas = 0, updatedReplicas = 0, availableReplicas = 0 } = w.deployment('nginx-deployment').status ?? {};
        expect({ replicas, updatedReplicas, availableReplicas }).toEqual({ replicas: newReplicas, updatedReplicas: newReplicas, availableReplicas: newReplicas });
        expect(w.pods().filter((p) => controllerOf(p))).toHaveLength(newReplicas);
      }),
      { numRuns: 100 },
    );
  });
});
