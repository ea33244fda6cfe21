import type { RecordedEvent } from '@kronicle/contracts';
import type { Db } from './db';
import { type EventRow, eventColumns, toRecordedEvents } from './recorded-event';

/** Streams by id, or every stream whose id begins with a prefix (the pods of a namespace, say). */
export type StreamSelection = { streamIds: readonly string[] } | { streamPrefix: string };

const lastEventsSql = (streams: string) => `
  SELECT ${eventColumns} FROM (
    SELECT DISTINCT ON (stream_id) ${eventColumns} FROM events
     WHERE stream_id IN (${streams}) AND position <= $2
     ORDER BY stream_id, stream_version DESC) AS last
   ORDER BY position`;

// The streams table has a row a stream; a prefix is matched there, as the (stream_id, stream_version)
// index serves a LIKE prefix only under the C collation.
const byIdSql = lastEventsSql('SELECT unnest($1::text[])');
const byPrefixSql = lastEventsSql(`SELECT stream_id FROM streams WHERE starts_with(stream_id, $1)`);

/**
 * The last event at or before `atPosition` of each selected stream that had one, in log order: what
 * a cache that passed over these streams needs to hold them as they were at that position (a
 * deletion included, whose stream version a re-create expects). Positions at or below a position a
 * reader has reached are committed for good.
 */
export async function readLastEvents(db: Db, selection: StreamSelection, atPosition: number): Promise<RecordedEvent[]> {
  const [name, text, first] =
    'streamIds' in selection
      ? ['kronicle_read_last_events_by_id', byIdSql, [...selection.streamIds]]
      : ['kronicle_read_last_events_by_prefix', byPrefixSql, selection.streamPrefix];
  const { rows } = await db.query<EventRow>({ name, text, values: [first, atPosition], rowMode: 'array' });
  return toRecordedEvents(rows);
}
