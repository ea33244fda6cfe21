import { describe, expect, it } from 'vitest';
import { parseSchedule } from './schedule';

const next = (schedule: string, from: string, timeZone?: string) => parseSchedule(schedule, timeZone).next(new Date(from)).toISOString();

describe('CronJob schedules as robfig/cron reads them', () => {
  it('five fields and descriptors, after the given time', () => {
    expect(next('*/15 * * * *', '2026-01-01T00:15:00Z')).toBe('2026-01-01T00:30:00.000Z');
    expect(next('@hourly', '2026-01-01T00:15:00Z')).toBe('2026-01-01T01:00:00.000Z');
    expect(next('@midnight', '2026-01-01T00:15:00Z')).toBe('2026-01-02T00:00:00.000Z');
  });

  it('@every: a constant delay from the whole second', () => {
    expect(next('@every 1h30m', '2026-01-01T00:00:10.500Z')).toBe('2026-01-01T01:30:10.000Z');
    expect(next('@every 100ms', '2026-01-01T00:00:10Z')).toBe('2026-01-01T00:00:11.000Z');
  });

  it('in the timeZone field, or a CRON_TZ prefix', () => {
    expect(next('0 9 * * *', '2026-01-01T00:00:00Z', 'Asia/Tokyo')).toBe('2026-01-02T00:00:00.000Z');
    expect(next('CRON_TZ=America/New_York 0 9 * * *', '2026-01-01T00:00:00Z')).toBe('2026-01-01T14:00:00.000Z');
  });
});
