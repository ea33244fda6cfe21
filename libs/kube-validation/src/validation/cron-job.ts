import { type FieldCause, child, invalid, notSupported, required } from '../field-error';
import { goLabelSelector } from '../go-value';
import { type Json, nonNegative, oneOf } from './common';
import { cronScheduleError, isTimeZone } from './cron-schedule';
import { validateJobSpec } from './job';

const spec = 'spec';
const validTimeZoneCharacters = /^[A-Za-z.\-_0-9+]{1,14}$/;

/** Upstream `ValidateCronJobCreate`: the controller appends 11 characters to make Job names. */
export function validateCronJob(cj: Json): FieldCause[] {
  const causes = validateCronJobSpec(cj.spec ?? {}, undefined);
  const name = cj.metadata?.name;
  if (typeof name === 'string' && name.length > 52) causes.push(invalid(child('metadata', 'name'), name, 'must be no more than 52 characters'));
  return causes;
}

/** On update, a schedule that already used TZ may keep it, and an unchanged time zone is not re-checked. */
export function validateCronJobUpdate(cj: Json, old: Json): FieldCause[] {
  return validateCronJobSpec(cj.spec ?? {}, old.spec ?? {});
}

function validateCronJobSpec(s: Json, old: Json | undefined): FieldCause[] {
  const causes: FieldCause[] = [];
  const schedulePath = child(spec, 'schedule');
  if (!s.schedule) causes.push(required(schedulePath));
  else causes.push(...validateSchedule(String(s.schedule), old ? String(old.schedule ?? '').includes('TZ') : false, s.timeZone, schedulePath));
  causes.push(...oneOf(s.concurrencyPolicy, ['Allow', 'Forbid', 'Replace'], child(spec, 'concurrencyPolicy')));
  causes.push(...validateJobTemplate(s.jobTemplate ?? {}, child(spec, 'jobTemplate')));
  causes.push(...nonNegative(s.startingDeadlineSeconds, child(spec, 'startingDeadlineSeconds')));
  if (!old || old.timeZone !== s.timeZone) causes.push(...validateTimeZone(s.timeZone, child(spec, 'timeZone')));
  return causes;
}

function validateSchedule(schedule: string, allowTZ: boolean, timeZone: unknown, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const error = cronScheduleError(schedule);
  if (error) causes.push(invalid(path, schedule, error));
  if (allowTZ && schedule.includes('TZ') && timeZone != null)
    causes.push(invalid(path, schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
  else if (!allowTZ && schedule.includes('TZ'))
    causes.push(invalid(path, schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  return causes;
}

function validateTimeZone(timeZone: unknown, path: string): FieldCause[] {
  if (timeZone === undefined || timeZone === null) return [];
  const zone = String(timeZone);
  if (zone === '') return [invalid(path, zone, 'timeZone must be nil or non-empty string')];
  const badPart = zone.split('/').some((p) => p === '.' || p === '..' || p.startsWith('-') || !validTimeZoneCharacters.test(p));
  if (badPart) return [invalid(path, zone, `unknown time zone ${zone}`)];
  const causes: FieldCause[] = [];
  if (zone.toLowerCase() === 'local') causes.push(invalid(path, zone, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'));
  if (!isTimeZone(zone) && zone.toLowerCase() !== 'local') causes.push(invalid(path, zone, `unknown time zone ${zone}`));
  return causes;
}

/** Upstream `ValidateJobTemplateSpec`: the Job's selector is always generated. */
function validateJobTemplate(template: Json, path: string): FieldCause[] {
  const s = template.spec ?? {};
  const causes = validateJobSpec(s, child(path, 'spec'));
  if (s.selector != null) causes.push(invalid(child(path, 'spec', 'selector'), goLabelSelector(s.selector), '`selector` will be auto-generated'));
  if (s.manualSelector === true) causes.push(notSupported(child(path, 'spec', 'manualSelector'), true, ['nil', 'false']));
  return causes;
}
