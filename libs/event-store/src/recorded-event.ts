import type { RecordedEvent } from '@kronicle/contracts';

/**
 * Columns of a RecordedEvent, fetched as arrays (`rowMode: 'array'`): skipping node-postgres'
 * per-row object building measured ~10% faster than plain rows, and faster than one json_agg per
 * page, which costs the server more than the client saves.
 */
export const eventColumns = 'position, id, stream_id, stream_version, type, data, metadata';

/** The event's columns, then any a query adds. */
export type EventRow = [position: string, id: string, streamId: string, streamVersion: number, type: string, data: unknown, metadata: RecordedEvent['metadata'], ...extra: unknown[]];

export function toRecordedEvents(rows: EventRow[]): RecordedEvent[] {
  return rows.map(([position, id, streamId, streamVersion, type, data, metadata]) => ({
    // bigint arrives as a string; positions stay far below 2^53.
    position: Number(position),
    id,
    streamId,
    streamVersion,
    type,
    data,
    metadata,
  }));
}
