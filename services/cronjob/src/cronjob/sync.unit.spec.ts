import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import { InMemoryCluster, type ObjectWrite } from '@kronicle/controller-runtime';
import { resourceInfo } from '@kronicle/object-lifecycle';
import { cronJobController } from './controller';
import { cronJobsResource, jobsResource, type CronJob, type CronJobStatus, type Job } from './objects';

const t0 = Date.parse('2026-01-01T00:00:30Z');
const at = (s: number) => new Date(t0 + s * 1000);

/** The docs' hello CronJob (cronjob.yaml), with spec fields to override. */
const hello = (spec: Partial<CronJob['spec']> = {}): CronJob => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'hello', namespace: 'default' },
  spec: {
    schedule: '* * * * *',
    jobTemplate: { spec: { template: { spec: { containers: [{ name: 'hello', image: 'busybox:1.28', command: ['/bin/sh', '-c', 'date; echo Hello from the Kubernetes cluster'] }], restartPolicy: 'OnFailure' } } } },
    ...spec,
  },
});

/** The CronJob controller on an in-memory cluster; the test plays the Job controller. */
class World {
  readonly cluster = new InMemoryCluster(cronJobController.indexes);
  constructor(cronJob: CronJob) {
    this.cluster.write([{ kind: 'create', resource: resourceInfo('', 'namespaces'), object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } } }], at(0));
    this.act([{ kind: 'create', resource: cronJobsResource, object: cronJob }], 0);
  }
  act(writes: ObjectWrite[], s: number) {
    this.cluster.act(writes, [cronJobController], at(s));
  }
  /** The requeue at second `s`: what it decides is appended and followed until settled. */
  tick(s: number) {
    this.cluster.settle([cronJobController], at(s), new Map([[cronJobController, ['default/hello']]]));
  }
  decide(s: number) {
    return cronJobController.reconcile('default/hello', this.cluster.state, at(s));
  }
  get cronJob(): CronJob {
    return this.cluster.state.get('k8s/batch/cronjobs/default/hello')!.object as CronJob;
  }
  get status(): CronJobStatus {
    return this.cronJob.status ?? {};
  }
  jobs(): Job[] {
    return this.cluster.state.list({ group: 'batch', resource: 'jobs', namespace: 'default' }).map((s) => s.object as Job);
  }
  /** The Job controller's report: the Job ended so. */
  end(job: Job, type: 'Complete' | 'Failed', s: number) {
    const time = at(s).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const status = { startTime: time, ...(type === 'Complete' ? { completionTime: time } : {}), conditions: [{ type, status: 'True', lastTransitionTime: time }] };
    this.act([{ kind: 'update', resource: jobsResource, subresource: 'status', object: { ...job, status } as KubeObject }], s);
  }
  events(): string[] {
    return this.cluster.state
      .list({ group: '', resource: 'events', namespace: 'default' })
      .map((s) => s.object as KubeObject & { reason: string; message: string; involvedObject: { kind: string } })
      .filter((e) => e.involvedObject.kind === 'CronJob')
      .map((e) => `${e.reason}: ${e.message}`);
  }
}

describe('CronJob sync: the docs’ hello CronJob, every minute', () => {
  it('waits for the next minute (plus 100 ms for clock skew), then creates its Job, named for the minute, and lists it', () => {
    const w = new World(hello());
    expect(w.jobs()).toEqual([]);
    expect(w.decide(1).requeueAfterMs).toBe(29_100);
    w.tick(30);
    const [job] = w.jobs();
    const minute = Date.parse('2026-01-01T00:01:00Z') / 60_000;
    expect(job.metadata).toMatchObject({
      name: `hello-${minute}`,
      annotations: { 'batch.kubernetes.io/cronjob-scheduled-timestamp': '2026-01-01T00:01:00Z' },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', uid: w.cronJob.metadata.uid, controller: true, blockOwnerDeletion: true }],
    });
    expect((job as KubeObject & { spec: { template: unknown } }).spec.template).toMatchObject(hello().spec.jobTemplate.spec!.template as object);
    expect(w.status).toEqual({ lastScheduleTime: '2026-01-01T00:01:00Z', active: [{ kind: 'Job', namespace: 'default', name: `hello-${minute}`, uid: job.metadata.uid, apiVersion: 'batch/v1' }] });
    expect(w.events()).toEqual([`SuccessfulCreate: Created job hello-${minute}`]);
    expect(w.decide(31)).toEqual({ writes: [], requeueAfterMs: 59_100 });
  });

  it('notes a Job that completed (SawCompletedJob, lastSuccessfulTime) and keeps three successful Jobs, one failed', () => {
    const w = new World(hello());
    for (let minute = 1; minute <= 5; minute++) {
      w.tick(minute * 60 - 30);
      const running = w.jobs().find((j) => !j.status?.conditions)!;
      w.end(running, minute === 2 || minute === 3 ? 'Failed' : 'Complete', minute * 60 - 20);
    }
    expect(w.status.active).toBeUndefined();
    expect(w.status.lastSuccessfulTime).toBe('2026-01-01T00:05:10Z');
    const ended = w.jobs().filter((j) => !j.metadata.deletionTimestamp).map((j) => j.status!.conditions![0].type);
    expect(ended.sort()).toEqual(['Complete', 'Complete', 'Complete', 'Failed']);
    expect(w.events()).toContain(`SawCompletedJob: Saw completed job: hello-${Date.parse('2026-01-01T00:02:00Z') / 60_000}, condition: Failed`);
    expect(w.events().filter((e) => e.startsWith('SuccessfulDelete'))).toHaveLength(1);
  });
});

describe('CronJob sync: concurrencyPolicy', () => {
  it('Allow runs the next Job beside one still running', () => {
    const w = new World(hello());
    w.tick(30);
    w.tick(90);
    expect(w.jobs()).toHaveLength(2);
    expect(w.status.active).toHaveLength(2);
  });

  it('Forbid skips a time while a Job runs, and says so', () => {
    const w = new World(hello({ concurrencyPolicy: 'Forbid' }));
    w.tick(30);
    w.tick(90);
    expect(w.jobs()).toHaveLength(1);
    expect(w.events().at(-1)).toBe('JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid');
  });

  it('Replace deletes the running Job and starts the new one', () => {
    const w = new World(hello({ concurrencyPolicy: 'Replace' }));
    w.tick(30);
    const first = w.jobs()[0].metadata.name;
    w.tick(90);
    expect(w.jobs().map((j) => j.metadata.name)).not.toContain(first);
    expect(w.status.active).toHaveLength(1);
    expect(w.events()).toContain(`SuccessfulDelete: Deleted job ${first}`);
  });
});

describe('CronJob sync: missed times, deadlines and suspend', () => {
  it('after a long stop it runs only the most recent missed time; with startingDeadlineSeconds only a time within it', () => {
    const w = new World(hello());
    w.tick(30 + 600);
    expect(w.jobs().map((j) => j.metadata.name)).toEqual([`hello-${Date.parse('2026-01-01T00:11:00Z') / 60_000}`]);
    const late = new World(hello({ schedule: '0 * * * *', startingDeadlineSeconds: 10 }));
    late.tick(-30 + 3600 + 11);
    expect(late.jobs()).toEqual([]);
    late.tick(-30 + 2 * 3600 + 9);
    expect(late.jobs().map((j) => j.metadata.name)).toEqual([`hello-${Date.parse('2026-01-01T02:00:00Z') / 60_000}`]);
  });

  it('a suspended CronJob starts nothing', () => {
    const w = new World(hello({ suspend: true }));
    w.tick(90);
    expect(w.jobs()).toEqual([]);
    expect(w.decide(90)).toEqual({ writes: [] });
  });

  it('runs in its timeZone: the scheduled timestamp says so', () => {
    const w = new World(hello({ schedule: '0 9 * * *', timeZone: 'Asia/Tokyo' }));
    w.tick(24 * 3600);
    expect(w.jobs()[0].metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2026-01-02T09:00:00+09:00');
  });
});
