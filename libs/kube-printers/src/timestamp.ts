import { humanDuration } from './human-duration';

/** Go's zero `time.Time`, which a Kubernetes object carries as "0001-01-01T00:00:00Z" or leaves out. */
const zeroTime = Date.parse('0001-01-01T00:00:00Z');

export function parseTimestamp(timestamp: unknown): number | undefined {
  if (typeof timestamp !== 'string' || timestamp === '') return undefined;
  const time = Date.parse(timestamp);
  return Number.isNaN(time) || time === zeroTime ? undefined : time;
}

/** Upstream's `translateTimestampSince`: the AGE of a timestamp, `<unknown>` when it is not set. */
export function since(timestamp: unknown, now: Date): string {
  const time = parseTimestamp(timestamp);
  return time === undefined ? '<unknown>' : humanDuration(now.getTime() - time);
}
