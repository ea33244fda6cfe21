import type { ExpectedVersion, NewEvent } from '@kronicle/contracts';
import { type AppendRequest, type AppendResult, type CheckpointWrite, WrongExpectedVersionError } from './event-store';

/** Requests that succeed or fail together: one `append` or one `appendAll`. */
export interface AppendGroup {
  requests: AppendRequest[];
  checkpoint?: CheckpointWrite;
}

/** What one group's requests came to: each one's next version and first position, or the conflict that refused them all. */
export type GroupOutcome =
  | { ok: [nextVersion: number, firstPosition: number][] }
  | { conflict: { streamId: string; expected: number; actual: number } };

/** The call of kronicle_append (its contract in infra/migrations/0008_append_takes_arrays.sql). */
export const APPEND_SQL = 'SELECT next_versions, first_positions, conflicts FROM kronicle_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::json)';

/** What kronicle_append returns: per request, and per group. */
export interface AppendRow {
  next_versions: number[];
  /** Strings: bigint. 0 for the requests of a refused group. */
  first_positions: string[];
  conflicts: ({ streamId: string; expected: number; actual: number } | null)[];
}

/**
 * The arguments of kronicle_append: per request (every group's, in order) its stream, expected
 * version (null: any), event count and slot; per group its size and checkpoint; the batch's distinct
 * streams sorted, which is the order every appender locks them in; per event its stream, request
 * and index; and every event of the batch in order as one JSON array, in bytes (sent as a binary
 * parameter, which for json is its UTF-8 text). Taking a batch apart in the database cost more than
 * the rows it inserted.
 *
 * The events are stringified in slices and joined as bytes. A scheduler's or node agent's batch runs
 * to a megabyte, and V8 puts a string of more than 128 KiB in its large-object space, where each
 * new one costs fresh pages: one `JSON.stringify` of a 500-pod batch took 30-38 µs per event here,
 * slices of 32 about 6-10 µs.
 */
export function encodeAppendBatch(groups: AppendGroup[]): unknown[] {
  const requests = groups.flatMap((group) => group.requests);
  // Sorted: every appender locks a batch's streams in this one order, so two never wait for each other.
  const slotStreams = [...new Set(requests.map((r) => r.streamId))].sort();
  const slots = new Map(slotStreams.map((streamId, i) => [streamId, i + 1]));
  const events: NewEvent[] = [];
  const eventStreams: string[] = [];
  const eventRequests: number[] = [];
  const eventIndexes: number[] = [];
  requests.forEach(({ streamId, events: streamEvents }, r) => {
    streamEvents.forEach((event, k) => {
      events.push({ type: event.type, data: event.data, metadata: event.metadata });
      eventStreams.push(streamId);
      eventRequests.push(r + 1);
      eventIndexes.push(k);
    });
  });
  return [
    requests.map((r) => r.streamId),
    requests.map((r) => (r.expectedVersion === 'any' ? null : r.expectedVersion)),
    requests.map((r) => r.events.length),
    requests.map((r) => slots.get(r.streamId)),
    groups.map((g) => g.requests.length),
    groups.map((g) => g.checkpoint?.consumer ?? null),
    groups.map((g) => g.checkpoint?.position ?? null),
    slotStreams,
    eventStreams,
    eventRequests,
    eventIndexes,
    jsonArray(events),
  ];
}

/** kronicle_append's row as each group's outcome, in the order of the groups. */
export function decodeAppendRow(groups: AppendGroup[], row: AppendRow): GroupOutcome[] {
  let first = 0;
  return groups.map((group, g) => {
    const requests = group.requests.map((_, i) => first + i);
    first += group.requests.length;
    const conflict = row.conflicts[g];
    return conflict ? { conflict } : { ok: requests.map((i) => [row.next_versions[i], Number(row.first_positions[i])] as [number, number]) };
  });
}

const EVENTS_PER_SLICE = 32;

function jsonArray(items: readonly unknown[]): Buffer {
  const parts: Buffer[] = [];
  for (let start = 0; start < items.length; start += EVENTS_PER_SLICE) {
    // Each slice's items without its brackets, opened by `[` or joined by a comma.
    const slice = JSON.stringify(items.slice(start, start + EVENTS_PER_SLICE)).slice(1, -1);
    parts.push(Buffer.from(`${start === 0 ? '[' : ','}${slice}`));
  }
  parts.push(Buffer.from(items.length === 0 ? '[]' : ']'));
  return Buffer.concat(parts);
}

/** One group's results, or the conflict that kept all of it out of the log. */
export function decodeGroupOutcome(group: AppendGroup, outcome: GroupOutcome): AppendResult[] | WrongExpectedVersionError {
  if ('conflict' in outcome) {
    const { streamId, expected, actual } = outcome.conflict;
    return new WrongExpectedVersionError(streamId, expected, actual);
  }
  return group.requests.map(({ streamId, events }, i) => {
    const [nextExpectedVersion, firstPosition] = outcome.ok[i];
    return { streamId, nextExpectedVersion, positions: events.map((_, j) => firstPosition + j) };
  });
}

/** Rejects what the database would otherwise store or compare wrongly. */
export function validateAppendGroup(group: AppendGroup): void {
  for (const { streamId, expectedVersion, events } of group.requests) {
    if (typeof streamId !== 'string' || streamId === '') throw new TypeError('streamId must be a non-empty string');
    // Stream id, type, actor and correlation id travel as NATS headers too (JetStream, for consumers that filter on them).
    if (/[\r\n]/.test(streamId)) throw new TypeError(`streamId must not contain a line break: ${JSON.stringify(streamId)}`);
    for (const { type, data, metadata } of events) {
      // JSON has no undefined: the event would be stored with data null.
      if (data === undefined) throw new TypeError(`data of an event on ${streamId} must be a JSON value, got undefined`);
      for (const [field, value] of [['type', type], ['metadata.actor', metadata?.actor], ['metadata.correlationId', metadata?.correlationId]] as const) {
        if (typeof value !== 'string' || value === '' || /[\r\n]/.test(value)) throw new TypeError(`${field} of an event on ${streamId} must be a non-empty string without line breaks, got ${JSON.stringify(value)}`);
      }
    }
    if (!isExpectedVersion(expectedVersion)) {
      throw new TypeError(`expectedVersion of ${streamId} must be 'any' or a non-negative integer, got ${String(expectedVersion)}`);
    }
  }
  const checkpoint = group.checkpoint;
  if (checkpoint && !(Number.isSafeInteger(checkpoint.position) && checkpoint.position >= 0)) {
    throw new TypeError(`checkpoint position of ${checkpoint.consumer} must be a non-negative integer`);
  }
}

function isExpectedVersion(version: ExpectedVersion): boolean {
  return version === 'any' || (Number.isInteger(version) && version >= 0 && version <= 2 ** 31 - 1);
}
