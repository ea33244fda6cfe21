import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JobCluster, piJob } from '../testing/job-cluster';
import { hasTrackingFinalizer } from './job-pods';

/** What happens to the Job between syncs: its pods start and end, time passes, the user changes it. */
type Step =
  | { kind: 'run'; pick: number }
  | { kind: 'end'; pick: number; exitCode: number }
  | { kind: 'wait'; seconds: number }
  | { kind: 'parallelism'; value: number }
  | { kind: 'suspend'; value: boolean };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('run' as const), pick: fc.nat(9) }),
  fc.record({ kind: fc.constant('end' as const), pick: fc.nat(9), exitCode: fc.constantFrom(0, 0, 1) }),
  fc.record({ kind: fc.constant('wait' as const), seconds: fc.integer({ min: 1, max: 700 }) }),
  fc.record({ kind: fc.constant('parallelism' as const), value: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ kind: fc.constant('suspend' as const), value: fc.boolean() }),
);

describe('Job sync, whatever its pods do (property)', () => {
  it('never runs more pods than parallelism or than remain to succeed (nor an index twice), counts each finished pod once, and ends once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }), fc.boolean(), fc.integer({ min: 0, max: 3 }), fc.array(step, { maxLength: 40 }), (parallelism, completions, indexed, backoffLimit, steps) => {
        const w = new JobCluster();
        // Indexed needs completions.
        const completionMode = indexed && completions !== undefined ? 'Indexed' : 'NonIndexed';
        w.createJob(piJob({ parallelism, completions, backoffLimit, completionMode }));
        let now = 0;
        for (const s of steps) {
          now += 1;
          const active = w.activePods();
          if (s.kind === 'run' && active.length) w.run(active[s.pick % active.length], now);
          else if (s.kind === 'end' && active.length) w.finish(active[s.pick % active.length], s.exitCode, now);
          else if (s.kind === 'wait') w.resync('pi', (now += s.seconds));
          else if (s.kind === 'parallelism') w.updateJob('pi', (job) => ({ ...job, spec: { ...job.spec, parallelism: s.value } }), now);
          else if (s.kind === 'suspend') w.updateJob('pi', (job) => ({ ...job, spec: { ...job.spec, suspend: s.value } }), now);

          const job = w.job();
          const counts = w.counts();
          const pods = w.pods();
          const running = w.activePods().length;
          expect(running).toBe(counts.active);
          // A work queue with a success lets what runs finish, whatever parallelism says now.
          if (completions !== undefined || counts.succeeded === 0) expect(running).toBeLessThanOrEqual(job.spec.suspend ? 0 : (job.spec.parallelism ?? 1));
          if (completions !== undefined) expect(running).toBeLessThanOrEqual(Math.max(0, completions - counts.succeeded));
          // A pod is counted exactly when its tracking finalizer goes; an Indexed Job counts each index once.
          const counted = pods.filter((p) => p.status?.phase === 'Succeeded' && !hasTrackingFinalizer(p));
          if (completionMode === 'NonIndexed') expect(counts.succeeded).toBe(counted.length);
          else {
            const indexOf = (p: (typeof pods)[number]) => Number(p.metadata.annotations?.['batch.kubernetes.io/job-completion-index']);
            expect(counts.succeeded).toBe(new Set(counted.map(indexOf)).size);
            const runningIndexes = w.activePods().map(indexOf);
            expect(new Set(runningIndexes).size).toBe(runningIndexes.length);
            expect(runningIndexes.every((i) => i < completions! && !counted.some((p) => indexOf(p) === i))).toBe(true);
          }
          const ended = w.conditions().filter((c) => c.startsWith('Complete=True') || c.startsWith('Failed=True'));
          expect(ended.length).toBeLessThanOrEqual(1);
          if (ended.length) expect([pods.some(hasTrackingFinalizer), running]).toEqual([false, 0]);
          if (ended[0]?.startsWith('Failed')) expect(counts.failed).toBeGreaterThan(backoffLimit);
          if (ended[0]?.startsWith('Complete')) expect(counts.succeeded).toBeGreaterThanOrEqual(completions ?? 1);
        }
      }),
      { numRuns: 150 },
    );
  });
});
