import type { ExpectedVersion, NewEvent } from '@kronicle/contracts';
import { type AppendRequest, type AppendResult, type CheckpointWrite, WrongExpectedVersionError } from './event-store';

/** Requests that succeed or fail together: one `append` or one `appendAll`. */
export interface AppendGroup {
  requests: AppendRequest[];
  checkpoint?: CheckpointWrite;
}

/** What kronicle_append returns for one group (contract in infra/migrations/0002_append_function.sql; current body 0008). */
export type GroupOutcome =
  | { ok: [nextVersion: number, firstPosition: number][] }
  | { conflict: { streamId: string; expected: number; actual: number } };

/** The call of kronicle_append, with `encodeAppendBatch`'s values. */
export const APPEND_SQL = 'SELECT kronicle_append($1::jsonb, $2::text[], $3::json, $4::jsonb) AS outcomes';

/**
 * The arguments of kronicle_append: small headers as text; the batch's events in order as three
 * parallel arrays, their types, their data as one JSON array in bytes (sent as a binary parameter,
 * which for json is its UTF-8 text) and their metadata as one JSON array. Postgres splits a JSON array
 * of values several times faster than it reads fields out of an array of objects.
 *
 * The data are stringified in slices and joined as bytes. A scheduler's or node agent's batch runs
 * to a megabyte, and V8 puts a string of more than 128 KiB in its large-object space, where each
 * new one costs fresh pages: one `JSON.stringify` of a 500-pod batch took 30-38 µs per event here,
 * slices of 32 about 6-10 µs.
 */
export function encodeAppendBatch(groups: AppendGroup[]): [groups: string, types: string[], data: Buffer, metadata: string] {
  const types: string[] = [];
  const data: unknown[] = [];
  const metadata: unknown[] = [];
  const headers = groups.map((group) => ({
    requests: group.requests.map(({ streamId, expectedVersion, events: streamEvents }) => {
      for (const event of streamEvents) {
        types.push(event.type);
        data.push(event.data);
        metadata.push(event.metadata);
      }
      return { streamId, expected: expectedVersion === 'any' ? null : expectedVersion, count: streamEvents.length };
    }),
    checkpoint: group.checkpoint ?? null,
  }));
  return [JSON.stringify(headers), types, jsonArray(data), JSON.stringify(metadata)];
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
