import { describe, expect, it } from 'vitest';
import { JobCluster, at, piJob } from '../testing/job-cluster';
import { formatIndexes, parseIndexes } from './indexed';
import { JOB_TRACKING_FINALIZER } from './objects';

const time = (s: number) => at(s).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('Job sync: the docs’ pi Job runs one pod to completion', () => {
  it('given the Job, then one pod from its template, labelled, owned and tracked, and the status upstream writes', () => {
    const w = new JobCluster();
    w.createJob(piJob());
    const job = w.job();
    const [pod] = w.pods();
    expect(w.pods()).toHaveLength(1);
    expect(pod.metadata).toMatchObject({
      generateName: 'pi-',
      labels: { 'batch.kubernetes.io/job-name': 'pi', 'batch.kubernetes.io/controller-uid': job.metadata.uid, 'job-name': 'pi', 'controller-uid': job.metadata.uid },
      finalizers: [JOB_TRACKING_FINALIZER],
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: job.metadata.uid, controller: true, blockOwnerDeletion: true }],
    });
    expect(pod.metadata.name).toMatch(/^pi-[a-z0-9]{5}$/);
    expect(job.status).toEqual({ startTime: time(0), active: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
    expect(w.events()).toEqual([`SuccessfulCreate: Created pod: ${pod.metadata.name}`]);
  });

  it('when its pod succeeds, then it is counted as its finalizer goes, in one append, and the Job is Complete', () => {
    const w = new JobCluster();
    w.createJob(piJob());
    const [pod] = w.pods();
    w.run(pod, 1);
    expect(w.counts()).toMatchObject({ active: 1, ready: 1 });
    w.finish(w.pod(pod.metadata.name!)!, 0, 5);
    expect(w.pod(pod.metadata.name!)!.metadata.finalizers).toBeUndefined();
    expect(w.job().status).toEqual({
      startTime: time(0),
      completionTime: time(5),
      ready: 0,
      terminating: 0,
      succeeded: 1,
      uncountedTerminatedPods: {},
      conditions: [
        { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: time(5), lastTransitionTime: time(5) },
        { type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: time(5), lastTransitionTime: time(5) },
      ],
    });
    expect(w.events()).toEqual([`SuccessfulCreate: Created pod: ${pod.metadata.name}`, 'Completed: Job completed']);
    // A finished Job is left alone.
    expect(w.decide('pi', 100)).toEqual({ writes: [] });
  });
});

describe('Job sync: completions and parallelism', () => {
  it('completions 5, parallelism 2: two pods at a time, never more than remain, until five succeeded', () => {
    const w = new JobCluster();
    w.createJob(piJob({ completions: 5, parallelism: 2 }));
    for (let second = 1; w.activePods().length > 0; second++) {
      const remaining = 5 - (w.job().status?.succeeded ?? 0);
      expect(w.activePods().length).toBe(Math.min(2, remaining));
      w.finish(w.activePods()[0], 0, second);
    }
    expect(w.counts()).toMatchObject({ succeeded: 5, active: 0 });
    expect(w.pods()).toHaveLength(5);
    expect(w.conditions()).toEqual(['SuccessCriteriaMet=True CompletionsReached', 'Complete=True CompletionsReached']);
  });

  it('a work queue (no completions, parallelism 3): after one pod succeeds none is added, and it completes when the others end', () => {
    const w = new JobCluster();
    w.createJob(piJob({ parallelism: 3 }));
    expect(w.job().spec.completions).toBeUndefined();
    const [first, second, third] = w.activePods();
    w.finish(first, 0, 1);
    expect(w.activePods()).toHaveLength(2);
    expect(w.conditions()).toEqual([]);
    w.finish(second, 1, 2);
    w.finish(third, 0, 3);
    expect(w.counts()).toMatchObject({ succeeded: 2, failed: 1, active: 0 });
    expect(w.conditions()).toEqual(['SuccessCriteriaMet=True CompletionsReached', 'Complete=True CompletionsReached']);
    expect(w.pods()).toHaveLength(3);
  });

  it('lowering parallelism deletes the excess pods, pending before running, without counting them failed (an unscheduled pod goes at once)', () => {
    const w = new JobCluster();
    w.createJob(piJob({ completions: 10, parallelism: 3 }));
    const [a, b] = w.activePods();
    w.run(a, 1);
    w.run(b, 1);
    w.updateJob('pi', (job) => ({ ...job, spec: { ...job.spec, parallelism: 2 } }), 2);
    expect(w.activePods().map((p) => p.metadata.name).sort()).toEqual([a.metadata.name, b.metadata.name].sort());
    expect(w.counts()).toMatchObject({ active: 2, terminating: 0, failed: 0 });
    expect(w.pods()).toHaveLength(2);
    expect(w.events().filter((e) => e.startsWith('SuccessfulDelete'))).toHaveLength(1);
  });
});

describe('Job sync: failures, backoff and the backoff limit', () => {
  it('a failed pod is counted and replaced after 10 s, the next after 20 s (upstream pod failure backoff)', () => {
    const w = new JobCluster();
    w.createJob(piJob());
    w.finish(w.activePods()[0], 1, 10);
    expect(w.counts()).toMatchObject({ failed: 1, active: 0 });
    expect(w.activePods()).toHaveLength(0);
    expect(w.decide('pi', 15).requeueAfterMs).toBe(5_000);
    w.resync('pi', 20);
    expect(w.activePods()).toHaveLength(1);
    w.finish(w.activePods()[0], 1, 30);
    w.resync('pi', 45);
    expect(w.activePods()).toHaveLength(0);
    w.resync('pi', 50);
    expect(w.activePods()).toHaveLength(1);
    expect(w.pods()).toHaveLength(3);
  });

  it('backoffLimit 1: the second failure fails the Job — FailureTarget, then Failed — with the Warning upstream records', () => {
    const w = new JobCluster();
    w.createJob(piJob({ backoffLimit: 1 }));
    w.finish(w.activePods()[0], 1, 1);
    w.resync('pi', 11);
    w.finish(w.activePods()[0], 2, 12);
    expect(w.counts()).toMatchObject({ failed: 2, active: 0, succeeded: 0 });
    expect(w.conditions()).toEqual(['FailureTarget=True BackoffLimitExceeded', 'Failed=True BackoffLimitExceeded']);
    expect(w.job().status?.conditions?.[1].message).toBe('Job has reached the specified backoff limit');
    expect(w.job().status?.completionTime).toBeUndefined();
    expect(w.events().at(-1)).toBe('BackoffLimitExceeded: Job has reached the specified backoff limit');
    expect(w.pods().every((p) => !p.metadata.finalizers)).toBe(true);
  });

  it('restartPolicy OnFailure: restarts of running containers count against the backoff limit', () => {
    const w = new JobCluster();
    w.createJob(piJob({ backoffLimit: 2, template: { spec: { containers: [{ name: 'pi', image: 'perl' }], restartPolicy: 'OnFailure' } } }));
    const [pod] = w.activePods();
    const restarted = { phase: 'Running', containerStatuses: [{ name: 'pi', restartCount: 2, ready: false, state: { waiting: { reason: 'CrashLoopBackOff' } } }] };
    w.setStatus(pod, restarted, 5);
    expect(w.conditions()).toContain('FailureTarget=True BackoffLimitExceeded');
  });
});

describe('Job sync: activeDeadlineSeconds', () => {
  it('waits for the deadline, then deletes the running pod and fails once it is gone, counted failed', () => {
    const w = new JobCluster();
    w.createJob(piJob({ activeDeadlineSeconds: 30 }));
    const [pod] = w.activePods();
    w.run(pod, 1);
    expect(w.decide('pi', 10).requeueAfterMs).toBe(20_000);
    w.resync('pi', 30);
    expect(w.conditions()).toEqual(['FailureTarget=True DeadlineExceeded']);
    expect(w.pod(pod.metadata.name!)!.metadata.deletionTimestamp).toBeDefined();
    expect(w.counts()).toMatchObject({ active: 0, terminating: 1 });
    // The kubelet stops it and deletes it at grace 0: the finalizer holds it until it is counted.
    w.deletePod(w.pod(pod.metadata.name!)!, 31, 0);
    expect(w.pod(pod.metadata.name!)).toBeUndefined();
    expect(w.counts()).toMatchObject({ failed: 1, terminating: 0 });
    expect(w.conditions()).toEqual(['FailureTarget=True DeadlineExceeded', 'Failed=True DeadlineExceeded']);
    expect(w.events().at(-1)).toBe('DeadlineExceeded: Job was active longer than specified deadline');
  });
});

describe('Job sync: suspend', () => {
  it('a Job created suspended starts nothing and says so; resumed, it starts its pods and its clock', () => {
    const w = new JobCluster();
    w.createJob(piJob({ suspend: true }));
    expect(w.pods()).toHaveLength(0);
    expect(w.job().status?.startTime).toBeUndefined();
    expect(w.conditions()).toEqual(['Suspended=True JobSuspended']);
    w.updateJob('pi', (job) => ({ ...job, spec: { ...job.spec, suspend: false } }), 60);
    expect(w.activePods()).toHaveLength(1);
    expect(w.conditions()).toEqual(['Suspended=False JobResumed']);
    expect(w.job().status?.startTime).toBe(time(60));
    expect(w.events()).toEqual(['Suspended: Job suspended', `SuccessfulCreate: Created pod: ${w.activePods()[0].metadata.name}`, 'Resumed: Job resumed']);
  });

  it('suspending a running Job deletes its pods without counting them failed', () => {
    const w = new JobCluster();
    w.createJob(piJob({ parallelism: 2, completions: 4 }));
    for (const pod of w.activePods()) w.run(pod, 1);
    w.updateJob('pi', (job) => ({ ...job, spec: { ...job.spec, suspend: true } }), 5);
    expect(w.activePods()).toHaveLength(0);
    expect(w.counts()).toMatchObject({ active: 0, failed: 0, terminating: 2 });
    expect(w.pods().every((p) => p.metadata.deletionTimestamp && !p.metadata.finalizers)).toBe(true);
    expect(w.conditions()).toEqual(['Suspended=True JobSuspended']);
  });
});

describe('Job sync: pods whose Job is gone', () => {
  it('a deleted Job’s pods lose their tracking finalizer (upstream orphan pod sync)', () => {
    const w = new JobCluster();
    w.createJob(piJob({ parallelism: 2, completions: 2 }));
    const names = w.activePods().map((p) => p.metadata.name!);
    w.deleteJob('pi', 5);
    for (const name of names) expect(w.pod(name)!.metadata.finalizers).toBeUndefined();
  });
});

describe('Job sync: completionMode Indexed', () => {
  it('gives each pod its index (annotation, label, hostname, JOB_COMPLETION_INDEX), runs the lowest pending, and records completedIndexes', () => {
    const w = new JobCluster();
    w.createJob(piJob({ completionMode: 'Indexed', completions: 3, parallelism: 2 }));
    const index = (pod: { metadata: { annotations?: Record<string, string> } }) => pod.metadata.annotations?.['batch.kubernetes.io/job-completion-index'];
    const [zero, one] = [...w.activePods()].sort((a, b) => Number(index(a)) - Number(index(b)));
    expect([index(zero), index(one)]).toEqual(['0', '1']);
    expect(zero.metadata.name).toMatch(/^pi-0-[a-z0-9]{5}$/);
    expect(zero.metadata.generateName).toBe('pi-0-');
    expect(zero.metadata.labels?.['batch.kubernetes.io/job-completion-index']).toBe('0');
    const spec = zero.spec as { hostname?: string; containers: { env?: unknown[] }[] };
    expect(spec.hostname).toBe('pi-0');
    expect(spec.containers[0].env).toEqual([{ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } }]);

    w.finish(zero, 0, 1);
    expect(w.activePods().map(index).sort()).toEqual(['1', '2']);
    expect(w.job().status).toMatchObject({ completedIndexes: '0', succeeded: 1 });
    // A failed index runs again, after the backoff.
    w.finish(w.activePods().find((p) => index(p) === '1')!, 1, 2);
    w.resync('pi', 12);
    expect(w.activePods().map(index).sort()).toEqual(['1', '2']);
    for (const pod of w.activePods()) w.finish(pod, 0, 13);
    expect(w.job().status).toMatchObject({ completedIndexes: '0-2', succeeded: 3, failed: 1 });
    expect(w.conditions()).toEqual(['SuccessCriteriaMet=True CompletionsReached', 'Complete=True CompletionsReached']);
  });
});

describe('completedIndexes text', () => {
  it('formats ascending ranges and reads them back, none for nothing', () => {
    expect(formatIndexes([7, 1, 3, 4, 5])).toBe('1,3-5,7');
    expect([...parseIndexes('1,3-5,7', 6)]).toEqual([1, 3, 4, 5]);
    expect([...parseIndexes('', 3)]).toEqual([]);
    expect([...parseIndexes(undefined, 3)]).toEqual([]);
  });
});

describe('Job sync: podFailurePolicy', () => {
  const policy = {
    rules: [
      { action: 'FailJob' as const, onExitCodes: { containerName: 'pi', operator: 'In' as const, values: [42] } },
      { action: 'Ignore' as const, onPodConditions: [{ type: 'DisruptionTarget' }] },
    ],
  };

  it('FailJob: an exit code the rule names fails the Job at once, with upstream’s message, though the backoff limit is far', () => {
    const w = new JobCluster();
    w.createJob(piJob({ podFailurePolicy: policy, backoffLimit: 6 }));
    const [pod] = w.activePods();
    w.finish(pod, 42, 3);
    expect(w.conditions()).toEqual(['FailureTarget=True PodFailurePolicy', 'Failed=True PodFailurePolicy']);
    expect(w.job().status?.conditions?.[1].message).toBe(`Container pi for pod default/${pod.metadata.name} failed with exit code 42 matching FailJob rule at index 0`);
    expect(w.counts().failed).toBe(1);
  });

  it('Ignore: a failure with a DisruptionTarget condition is not counted toward the backoff limit, and the pod is replaced', () => {
    const w = new JobCluster();
    w.createJob(piJob({ podFailurePolicy: policy, backoffLimit: 0 }));
    const [pod] = w.activePods();
    w.setStatus(pod, { phase: 'Failed', conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI' }], containerStatuses: [{ name: 'pi', state: { terminated: { exitCode: 137, finishedAt: '2026-01-01T00:00:03Z' } } }] }, 3);
    expect(w.conditions()).toEqual([]);
    expect(w.counts().failed).toBe(0);
    w.resync('pi', 20);
    expect(w.activePods()).toHaveLength(1);
  });
});
