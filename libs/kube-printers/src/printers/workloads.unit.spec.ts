import type { KubeObject } from '@kronicle/contracts';
import { describe, expect, it } from 'vitest';
import { controllerRevisionPrinter } from './controller-revision';
import { cronJobPrinter } from './cron-job';
import { daemonSetPrinter } from './daemon-set';
import { jobPrinter } from './job';
import { podDisruptionBudgetPrinter } from './pod-disruption-budget';
import { replicaSetPrinter } from './replica-set';
import { statefulSetPrinter } from './stateful-set';

const now = new Date('2025-01-01T12:00:00Z');
const metadata = { name: 'x', creationTimestamp: '2025-01-01T11:00:00Z' };
const template = { spec: { containers: [{ name: 'app', image: 'app:1' }] } };
const object = (fields: object): KubeObject => ({ apiVersion: 'v1', kind: 'X', metadata, ...fields });
const names = (columns: { name: string; priority: number }[]) => columns.map((c) => `${c.name}:${c.priority}`);

describe('workload printers', () => {
  it('given a replica set, then DESIRED, CURRENT, READY and the wide cells', () => {
    const rs = object({ spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template }, status: { replicas: 3, readyReplicas: 2 } });
    expect(names(replicaSetPrinter.columns)).toEqual(['Name:0', 'Desired:0', 'Current:0', 'Ready:0', 'Age:0', 'Containers:1', 'Images:1', 'Selector:1']);
    expect(replicaSetPrinter.cells(rs, now)).toEqual(['x', 3, 3, 2, '60m', 'app', 'app:1', 'app=web']);
  });

  it('given a stateful set, then READY is ready/desired', () => {
    const sts = object({ spec: { replicas: 3, template }, status: { readyReplicas: 1 } });
    expect(names(statefulSetPrinter.columns)).toEqual(['Name:0', 'Ready:0', 'Age:0', 'Containers:1', 'Images:1']);
    expect(statefulSetPrinter.cells(sts, now)).toEqual(['x', '1/3', '60m', 'app', 'app:1']);
  });

  it('given a daemon set, then its counts, NODE SELECTOR and selector', () => {
    const ds = object({
      spec: { selector: { matchLabels: { app: 'agent' } }, template: { spec: { ...template.spec, nodeSelector: { 'kubernetes.io/os': 'linux' } } } },
      status: { desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 1, updatedNumberScheduled: 2, numberAvailable: 1 },
    });
    expect(names(daemonSetPrinter.columns)).toEqual([
      'Name:0', 'Desired:0', 'Current:0', 'Ready:0', 'Up-to-date:0', 'Available:0', 'Node Selector:0', 'Age:0', 'Containers:1', 'Images:1', 'Selector:1',
    ]);
    expect(daemonSetPrinter.cells(ds, now)).toEqual(['x', 2, 2, 1, 2, 1, 'kubernetes.io/os=linux', '60m', 'app', 'app:1', 'app=agent']);
    expect(daemonSetPrinter.cells(object({}), now)[6]).toBe('<none>');
  });

  it('given a pod disruption budget, then MIN AVAILABLE, MAX UNAVAILABLE (N/A when unset) and ALLOWED DISRUPTIONS', () => {
    expect(names(podDisruptionBudgetPrinter.columns)).toEqual(['Name:0', 'Min Available:0', 'Max Unavailable:0', 'Allowed Disruptions:0', 'Age:0']);
    expect(podDisruptionBudgetPrinter.cells(object({ spec: { minAvailable: 2 }, status: { disruptionsAllowed: 1 } }), now)).toEqual(['x', '2', 'N/A', 1, '60m']);
    expect(podDisruptionBudgetPrinter.cells(object({ spec: { maxUnavailable: '25%' } }), now)).toEqual(['x', 'N/A', '25%', 0, '60m']);
  });

  it('given a controller revision, then CONTROLLER is kind.group/name', () => {
    const revision = object({ revision: 2 });
    revision.metadata = { ...metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u', controller: true }] };
    expect(controllerRevisionPrinter.cells(revision, now)).toEqual(['x', 'statefulset.apps/web', 2, '60m']);
    expect(controllerRevisionPrinter.cells(object({ revision: 1 }), now)[1]).toBe('<none>');
  });

  it.each([
    ['running', {}, {}, 'Running'],
    ['complete', {}, { conditions: [{ type: 'Complete', status: 'True' }] }, 'Complete'],
    ['failed', {}, { conditions: [{ type: 'Failed', status: 'True' }] }, 'Failed'],
    ['suspended', {}, { conditions: [{ type: 'Suspended', status: 'True' }] }, 'Suspended'],
    ['about to fail', {}, { conditions: [{ type: 'FailureTarget', status: 'True' }] }, 'FailureTarget'],
    ['being deleted', { deletionTimestamp: '2025-01-01T11:59:00Z' }, {}, 'Terminating'],
  ])('given a job %s, then STATUS is %s', (_, meta, status, expected) => {
    const job = object({ status });
    job.metadata = { ...metadata, ...meta };
    expect(jobPrinter.cells(job, now)[1]).toBe(expected);
  });

  it('given jobs, then COMPLETIONS and DURATION as upstream prints them', () => {
    expect(names(jobPrinter.columns)).toEqual(['Name:0', 'Status:0', 'Completions:0', 'Duration:0', 'Age:0', 'Containers:1', 'Images:1', 'Selector:1']);
    const finished = object({
      spec: { completions: 1, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u' } }, template },
      status: { succeeded: 1, startTime: '2025-01-01T11:00:00Z', completionTime: '2025-01-01T11:00:12Z' },
    });
    expect(jobPrinter.cells(finished, now).slice(2)).toEqual(['1/1', '12s', '60m', 'app', 'app:1', 'batch.kubernetes.io/controller-uid=u']);
    expect(jobPrinter.cells(object({ spec: { parallelism: 5 }, status: { startTime: '2025-01-01T11:55:00Z' } }), now).slice(2, 4)).toEqual(['0/1 of 5', '5m']);
    expect(jobPrinter.cells(object({}), now).slice(2, 4)).toEqual(['0/1', '']);
  });

  it('given a cron job, then SCHEDULE, TIMEZONE, SUSPEND, ACTIVE and LAST SCHEDULE', () => {
    const cronJob = object({
      spec: { schedule: '*/5 * * * *', suspend: false, jobTemplate: { spec: { template } } },
      status: { active: [{ name: 'j1' }], lastScheduleTime: '2025-01-01T11:58:00Z' },
    });
    expect(names(cronJobPrinter.columns)).toEqual([
      'Name:0', 'Schedule:0', 'Timezone:0', 'Suspend:0', 'Active:0', 'Last Schedule:0', 'Age:0', 'Containers:1', 'Images:1', 'Selector:1',
    ]);
    expect(cronJobPrinter.cells(cronJob, now)).toEqual(['x', '*/5 * * * *', '<none>', 'False', 1, '2m', '60m', 'app', 'app:1', '<none>']);
    expect(cronJobPrinter.cells(object({ spec: { timeZone: 'Etc/UTC' } }), now).slice(2, 6)).toEqual(['Etc/UTC', '<unset>', 0, '<none>']);
  });
});
