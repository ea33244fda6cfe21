import { describe, expect, it } from 'vitest';
import { eventually } from '@kronicle/testing';
import { example } from '../support/examples';
import { describedEvent, type Kubectl } from '../support/kubectl';
import { meshSuite } from '../support/mesh-suite';

/** A Job of one busybox container; `annotations` go on its pods' template (the simulated containers' behaviour). */
const jobManifest = (name: string, spec: Record<string, unknown>, annotations: Record<string, string> = {}) =>
  JSON.stringify({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: { ...spec, template: { metadata: { annotations }, spec: { containers: [{ name: 'work', image: 'busybox', command: ['sh', '-c', 'exit 0'] }], restartPolicy: 'Never' } } },
  });

describe('Jobs through kubectl', () => {
  const suite = meshSuite();
  const { run } = suite;
  const kubectl: Kubectl = (...args) => suite.kubectl(...args);
  const apply = (manifest: string) => kubectl(['apply', '-f', '-'], { input: manifest });

  it('runs the documentation’s pi Job to completion: wait, get, describe, logs', async () => {
    expect(await run('apply', '-f', example('job.yaml'))).toBe('job.batch/pi created\n');
    expect(await run('wait', '--for=condition=complete', 'job/pi', '--timeout=60s')).toBe('job.batch/pi condition met\n');
    expect(await run('get', 'job', 'pi')).toMatch(/^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\npi\s+Complete\s+1\/1\s+\d+s\s+\d+s\n$/);
    const pods = await run('get', 'pods', '-l', 'job-name=pi', '-o', 'jsonpath={range .items[*]}{.metadata.name} {.status.phase} {.metadata.finalizers}{"\\n"}{end}');
    expect(pods).toMatch(/^pi-[a-z0-9]{5} Succeeded \n$/);
    const described = await run('describe', 'job', 'pi');
    expect(described).toMatch(/Pods Statuses:\s+0 Active \(0 Ready\) \/ 1 Succeeded \/ 0 Failed/);
    expect(described).toMatch(describedEvent('Normal', 'SuccessfulCreate', 'job-controller', 'Created pod: pi-[a-z0-9]{5}'));
    expect(described).toMatch(describedEvent('Normal', 'Completed', 'job-controller', 'Job completed'));
    const status = JSON.parse(await run('get', 'job', 'pi', '-o', 'jsonpath={.status}'));
    expect(status).toMatchObject({ succeeded: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
    expect(status.conditions.map((c: { type: string; reason: string }) => `${c.type} ${c.reason}`)).toEqual(['SuccessCriteriaMet CompletionsReached', 'Complete CompletionsReached']);
    expect((await kubectl(['logs', 'job/pi'])).stderr).toBe('');
  }, 120_000);

  it('runs completions 4 two at a time', async () => {
    expect((await apply(jobManifest('pairs', { completions: 4, parallelism: 2 }, { 'kronicle.dev/run-seconds': '1' }))).stderr).toBe('');
    await eventually(async () => {
      const active = Number((await run('get', 'job', 'pairs', '-o', 'jsonpath={.status.active}')) || 0);
      expect(active).toBeLessThanOrEqual(2);
      expect(await run('get', 'job', 'pairs', '-o', 'jsonpath={.status.succeeded}')).toBe('4');
    }, 60_000);
    expect(await run('wait', '--for=condition=complete', 'job/pairs', '--timeout=30s')).toBe('job.batch/pairs condition met\n');
    expect((await run('get', 'pods', '-l', 'job-name=pairs', '--no-headers')).trim().split('\n')).toHaveLength(4);
  }, 90_000);

  it('an Indexed Job runs each index once: the index on its pods, completedIndexes in its status', async () => {
    expect((await apply(jobManifest('indexed', { completions: 3, parallelism: 3, completionMode: 'Indexed' }, { 'kronicle.dev/run-seconds': '1' }))).stderr).toBe('');
    expect(await run('wait', '--for=condition=complete', 'job/indexed', '--timeout=60s')).toBe('job.batch/indexed condition met\n');
    expect(await run('get', 'job', 'indexed', '-o', 'jsonpath={.status.completedIndexes} {.status.succeeded}')).toBe('0-2 3');
    const pods = await run('get', 'pods', '-l', 'job-name=indexed', '-o', 'jsonpath={range .items[*]}{.metadata.labels.batch\\.kubernetes\\.io/job-completion-index} {.spec.hostname}{"\\n"}{end}');
    expect(pods.trim().split('\n').sort()).toEqual(['0 indexed-0', '1 indexed-1', '2 indexed-2']);
    expect(await run('describe', 'job', 'indexed')).toMatch(/Completed Indexes:\s+0-2/);
  }, 90_000);

  it('a finished Job with ttlSecondsAfterFinished 0 is deleted with its pods', async () => {
    expect((await apply(jobManifest('brief', { ttlSecondsAfterFinished: 0 }, { 'kronicle.dev/run-seconds': '1' }))).stderr).toBe('');
    await eventually(async () => expect((await kubectl(['get', 'job', 'brief'])).stderr).toMatch(/jobs.batch "brief" not found/), 60_000);
    await eventually(async () => expect(await run('get', 'pods', '-l', 'job-name=brief', '-o', 'name')).toBe(''));
  }, 90_000);

  it('a Job whose pods fail stops at its backoff limit: Failed, BackoffLimitExceeded, pods in Error', async () => {
    expect((await apply(jobManifest('fails', { backoffLimit: 1 }, { 'kronicle.dev/run-seconds': '1', 'kronicle.dev/exit-code': '3' }))).stderr).toBe('');
    expect(await run('wait', '--for=condition=failed', 'job/fails', '--timeout=60s')).toBe('job.batch/fails condition met\n');
    expect(await run('get', 'job', 'fails')).toMatch(/\nfails\s+Failed\s+0\/1\s+/);
    const statuses = (await run('get', 'pods', '-l', 'job-name=fails', '--no-headers')).trim().split('\n').map((line) => line.split(/\s+/)[2]);
    expect(statuses).toEqual(['Error', 'Error']);
    const described = await run('describe', 'job', 'fails');
    expect(described).toMatch(/Pods Statuses:\s+0 Active \(0 Ready\) \/ 0 Succeeded \/ 2 Failed/);
    expect(described).toMatch(describedEvent('Warning', 'BackoffLimitExceeded', 'job-controller', 'Job has reached the specified backoff limit'));
  }, 90_000);

  it('a podFailurePolicy FailJob rule fails the Job at the first matching exit code (the docs’ job-pod-failure-policy-failjob)', async () => {
    const podFailurePolicy = { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'work', operator: 'In', values: [42] } }] };
    expect((await apply(jobManifest('failjob', { completions: 8, parallelism: 2, backoffLimit: 6, podFailurePolicy }, { 'kronicle.dev/run-seconds': '1', 'kronicle.dev/exit-code': '42' }))).stderr).toBe('');
    expect(await run('wait', '--for=condition=failed', 'job/failjob', '--timeout=60s')).toBe('job.batch/failjob condition met\n');
    const failed = JSON.parse(await run('get', 'job', 'failjob', '-o', 'jsonpath={.status.conditions[?(@.type=="Failed")]}'));
    expect(failed).toMatchObject({ reason: 'PodFailurePolicy', message: expect.stringMatching(/^Container work for pod default\/failjob-[a-z0-9]{5} failed with exit code 42 matching FailJob rule at index 0$/) });
  }, 90_000);

  it('kubectl create job; suspended, it runs nothing until resumed', async () => {
    expect(await run('create', 'job', 'later', '--image=busybox', '--', 'echo', 'hi')).toBe('job.batch/later created\n');
    expect(await run('patch', 'job', 'later', '--type=merge', '-p', '{"spec":{"suspend":true}}')).toBe('job.batch/later patched\n');
    await eventually(async () => expect(await run('get', 'job', 'later', '-o', 'jsonpath={.status.conditions[?(@.type=="Suspended")].status}')).toBe('True'));
    await eventually(async () => expect(await run('get', 'pods', '-l', 'job-name=later', '-o', 'name')).toBe(''));
    expect(await run('get', 'job', 'later')).toMatch(/\nlater\s+Suspended\s+0\/1\s+/);
    expect(await run('patch', 'job', 'later', '--type=merge', '-p', '{"spec":{"suspend":false}}')).toBe('job.batch/later patched\n');
    expect(await run('wait', '--for=condition=complete', 'job/later', '--timeout=60s')).toBe('job.batch/later condition met\n');
  }, 120_000);

  it('deleting a Job deletes its pods: their tracking finalizers do not hold them', async () => {
    expect((await apply(jobManifest('forever', { parallelism: 2, completions: 2 }, { 'kronicle.dev/run-seconds': '3600' }))).stderr).toBe('');
    await eventually(async () => expect((await run('get', 'pods', '-l', 'job-name=forever', '-o', 'name')).trim().split('\n')).toHaveLength(2));
    expect(await run('delete', 'job', 'forever')).toBe('job.batch "forever" deleted\n');
    await eventually(async () => expect(await run('get', 'pods', '-l', 'job-name=forever', '-o', 'name')).toBe(''), 60_000);
  }, 120_000);

  it('runs the documentation’s hello CronJob every minute; kubectl create job --from=cronjob makes one by hand', async () => {
    expect(await run('apply', '-f', example('cronjob.yaml'))).toBe('cronjob.batch/hello created\n');
    expect(await run('create', 'job', 'hello-by-hand', '--from=cronjob/hello')).toBe('job.batch/hello-by-hand created\n');
    expect(await run('wait', '--for=condition=complete', 'job/hello-by-hand', '--timeout=60s')).toBe('job.batch/hello-by-hand condition met\n');
    // The first scheduled Job comes at the next minute.
    const scheduled = await eventually(async () => {
      const names = (await run('get', 'jobs', '-o', 'name')).split('\n').filter((n) => /^job.batch\/hello-\d+$/.test(n));
      expect(names).toHaveLength(1);
      return names[0].slice('job.batch/'.length);
    }, 75_000);
    expect(Number(scheduled.slice('hello-'.length)) * 60_000).toBeLessThanOrEqual(Date.now());
    expect(await run('wait', '--for=condition=complete', `job/${scheduled}`, '--timeout=60s')).toBe(`job.batch/${scheduled} condition met\n`);
    await eventually(async () => expect(await run('get', 'cronjob', 'hello', '-o', 'jsonpath={.status.lastSuccessfulTime}')).not.toBe(''));
    expect(await run('get', 'cronjob', 'hello')).toMatch(/^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE\nhello\s+\* \* \* \* \*\s+<none>\s+False\s+0\s+\d+s\s+\d+s\n$/);
    const described = await run('describe', 'cronjob', 'hello');
    expect(described).toMatch(describedEvent('Normal', 'SuccessfulCreate', 'cronjob-controller', `Created job ${scheduled}`));
    expect(described).toMatch(describedEvent('Normal', 'SawCompletedJob', 'cronjob-controller', `Saw completed job: ${scheduled}, condition: Complete`));
    expect(await run('get', 'job', scheduled, '-o', 'jsonpath={.metadata.annotations.batch\\.kubernetes\\.io/cronjob-scheduled-timestamp}')).toBe(new Date(Number(scheduled.slice('hello-'.length)) * 60_000).toISOString().replace('.000Z', 'Z'));
    expect(await run('delete', 'cronjob', 'hello')).toBe('cronjob.batch "hello" deleted\n');
    await eventually(async () => expect(await run('get', 'jobs', '-o', 'name')).not.toMatch(/hello-/), 60_000);
  }, 200_000);
});
