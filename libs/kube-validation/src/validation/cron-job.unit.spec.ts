import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import { applyDefaults, fieldErrorString, validateCreate, validateUpdate } from '../index';

const cronJob = (spec: Record<string, unknown>, name = 'hello'): KubeObject =>
  applyDefaults({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: 'default' },
    spec: {
      jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox:1.36' }], restartPolicy: 'OnFailure' } } } },
      ...spec,
    },
  });
const messages = (object: KubeObject, old?: KubeObject) => (old ? validateUpdate(object, old) : validateCreate(object)).map(fieldErrorString);

describe('CronJob validation', () => {
  it.each(['* * * * *', '@hourly', '@daily', '*/15 9-17 * * MON-FRI', '0 0 31 2 *', '@every 1h30m'])('given the schedule %j, when validated, then it is accepted', (schedule) => {
    expect(messages(cronJob({ schedule }))).toEqual([]);
  });

  it('given defaults, then upstream\'s CronJob defaults are set and the job template only gets pod defaults', () => {
    const spec = cronJob({ schedule: '* * * * *' }).spec as Record<string, any>;
    expect(spec).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    expect(spec.jobTemplate.spec).not.toHaveProperty('backoffLimit');
    expect(spec.jobTemplate.spec.template.spec.dnsPolicy).toBe('ClusterFirst');
  });

  it('given a schedule with the wrong number of fields, when validated, then robfig/cron\'s message appears', () => {
    expect(messages(cronJob({ schedule: '* * * *' }))).toEqual(['spec.schedule: Invalid value: "* * * *": expected exactly 5 fields, found 4: [* * * *]']);
  });

  it('given an unknown descriptor or an out-of-range field, when validated, then the schedule is invalid', () => {
    expect(messages(cronJob({ schedule: '@minutely' }))).toEqual(['spec.schedule: Invalid value: "@minutely": unrecognized descriptor: @minutely']);
    expect(validateCreate(cronJob({ schedule: '61 * * * *' }))).toMatchObject([{ reason: 'FieldValueInvalid', field: 'spec.schedule' }]);
  });

  it('given TZ in the schedule on create, when validated, then the timeZone field is asked for', () => {
    expect(messages(cronJob({ schedule: 'TZ=UTC 0 * * * *' }))).toEqual([
      'spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    ]);
  });

  it('given an old schedule already using TZ, when updated with a timeZone too, then both together are refused', () => {
    const old = cronJob({ schedule: 'CRON_TZ=UTC 0 * * * *' });
    expect(messages(cronJob({ schedule: 'CRON_TZ=UTC 5 * * * *', timeZone: 'Etc/UTC' }), old)).toEqual([
      'spec.schedule: Invalid value: "CRON_TZ=UTC 5 * * * *": cannot use both timeZone field and TZ or CRON_TZ in schedule',
    ]);
    expect(messages(cronJob({ schedule: 'CRON_TZ=UTC 5 * * * *' }), old)).toEqual([]);
  });

  it('given time zones, when validated, then IANA names pass and others do not', () => {
    expect(messages(cronJob({ schedule: '0 * * * *', timeZone: 'Europe/Paris' }))).toEqual([]);
    expect(messages(cronJob({ schedule: '0 * * * *', timeZone: 'Mars/Olympus' }))).toEqual(['spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus']);
    expect(messages(cronJob({ schedule: '0 * * * *', timeZone: '' }))).toEqual(['spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string']);
  });

  it('given a name over 52 characters, when validated, then it is too long for the jobs it creates', () => {
    const name = 'a'.repeat(53);
    expect(messages(cronJob({ schedule: '* * * * *' }, name))).toEqual([`metadata.name: Invalid value: "${name}": must be no more than 52 characters`]);
  });

  it('given a selector in the job template, when validated, then it will be auto-generated', () => {
    const cj = cronJob({ schedule: '* * * * *' }) as KubeObject & { spec: any };
    cj.spec.jobTemplate.spec.selector = { matchLabels: { a: 'b' } };
    expect(messages(cj)).toEqual([
      'spec.jobTemplate.spec.selector: Invalid value: &LabelSelector{MatchLabels:map[string]string{a: b,},MatchExpressions:[]LabelSelectorRequirement{},}: `selector` will be auto-generated',
    ]);
  });
});
