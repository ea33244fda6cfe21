import { CronExpressionParser } from 'cron-parser';

/** A parsed schedule: the first time after `t` it fires (robfig/cron's `Schedule.Next`). */
export interface Schedule {
  next(t: Date): Date;
}

const GO_DURATION_UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A CronJob's schedule as upstream's `cron.ParseStandard` reads it, in the CronJob's `timeZone`
 * (or a `TZ=`/`CRON_TZ=` prefix; UTC by default, kube-controller-manager's zone). cron-parser does
 * the five fields; robfig's `@every <duration>` (a constant delay, whole seconds, at least one) and
 * `@midnight` are not in it, so they are read here. Throws on what upstream would not parse (the
 * API's validation refused it already).
 */
export function parseSchedule(schedule: string, timeZone: string | undefined): Schedule {
  let spec = schedule.trim();
  let tz = timeZone ?? 'UTC';
  const prefix = /^(?:CRON_)?TZ=(\S+)\s+/.exec(spec);
  if (prefix) {
    tz = prefix[1];
    spec = spec.slice(prefix[0].length);
  }
  if (spec.startsWith('@every ')) {
    const delayMs = Math.max(1000, Math.floor(parseGoDuration(spec.slice('@every '.length)) / 1000) * 1000);
    return { next: (t) => new Date(Math.floor(t.getTime() / 1000) * 1000 + delayMs) };
  }
  const expression = spec === '@midnight' ? '@daily' : spec;
  CronExpressionParser.parse(expression, { tz });
  return { next: (t) => CronExpressionParser.parse(expression, { currentDate: t, tz }).next().toDate() };
}

function parseGoDuration(text: string): number {
  let ms = 0;
  for (const [, value, unit] of text.matchAll(/(\d*\.?\d*)(ns|us|µs|ms|s|m|h)/g)) ms += Number(value) * GO_DURATION_UNIT_MS[unit];
  return ms;
}
