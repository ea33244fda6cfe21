import { CronExpressionParser } from 'cron-parser';

const descriptors = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
const goDuration = /^([0-9]*(\.[0-9]*)?(ns|us|µs|ms|s|m|h))+$/;

/**
 * What upstream's `cron.ParseStandard` (robfig/cron v3) accepts: an optional `TZ=`/`CRON_TZ=`
 * prefix, a descriptor or `@every <duration>`, or exactly five fields. cron-parser does the field
 * parsing; where robfig's message is known it is reproduced, otherwise cron-parser's is returned.
 * Returns the parse error, or undefined.
 */
export function cronScheduleError(schedule: string): string | undefined {
  let spec = schedule.trim();
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const space = spec.indexOf(' ');
    const zone = spec.slice(spec.indexOf('=') + 1, space < 0 ? undefined : space);
    if (!isTimeZone(zone)) return `provided bad location ${zone}: unknown time zone ${zone}`;
    spec = space < 0 ? '' : spec.slice(space).trim();
  }
  if (spec === '') return 'empty spec string';
  if (spec.startsWith('@')) {
    if (spec.startsWith('@every ')) {
      const duration = spec.slice('@every '.length);
      return goDuration.test(duration) ? undefined : `failed to parse duration ${spec}: time: invalid duration ${JSON.stringify(duration)}`;
    }
    return descriptors.includes(spec) ? undefined : `unrecognized descriptor: ${spec}`;
  }
  const fields = spec.split(/\s+/);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  // cron-parser accepts Jenkins-style `H`; robfig does not.
  const hashed = fields.find((f) => /\bH\b/.test(f));
  if (hashed) return `failed to parse int from H: strconv.Atoi: parsing "H": invalid syntax`;
  try {
    CronExpressionParser.parse(spec);
    return undefined;
  } catch (err) {
    const message = (err as Error).message;
    // robfig accepts impossible dates such as 31 February; the schedule simply never fires.
    return message.includes('Invalid explicit day of month definition') ? undefined : message;
  }
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
