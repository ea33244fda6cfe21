import { describe, expect, it } from 'vitest';
import { JobCluster, piJob } from '../testing/job-cluster';
import { reconcileFinishedJob } from './controller';
import { at } from '../testing/job-cluster';

describe('TTL after finished', () => {
  it('deletes a finished Job (foreground, this very Job) once ttlSecondsAfterFinished has passed since it finished', () => {
    const w = new JobCluster();
    w.createJob(piJob({ ttlSecondsAfterFinished: 100 }));
    expect(reconcileFinishedJob('default/pi', w.cluster.state, at(1))).toEqual({ writes: [] });
    w.finish(w.activePods()[0], 0, 5);
    expect(reconcileFinishedJob('default/pi', w.cluster.state, at(50))).toEqual({ writes: [], requeueAfterMs: 55_000 });
    const { uid, resourceVersion } = w.job().metadata;
    expect(reconcileFinishedJob('default/pi', w.cluster.state, at(105)).writes).toEqual([
      { kind: 'delete', resource: expect.objectContaining({ group: 'batch', resource: 'jobs' }), namespace: 'default', name: 'pi', options: { propagationPolicy: 'Foreground', preconditions: { uid, resourceVersion } } },
    ]);
  });

  it('leaves a Job without a TTL, or not finished, alone', () => {
    const w = new JobCluster();
    w.createJob(piJob());
    w.finish(w.activePods()[0], 0, 5);
    expect(reconcileFinishedJob('default/pi', w.cluster.state, at(10_000))).toEqual({ writes: [] });
    w.createJob(piJob({ ttlSecondsAfterFinished: 0 }, 'running'), 6);
    expect(reconcileFinishedJob('default/running', w.cluster.state, at(10_000))).toEqual({ writes: [] });
  });
});
