import type { RecordedEvent } from '@kronicle/contracts';
import type { Db } from './db';
import { type EventRow, eventColumns, toRecordedEvents } from './recorded-event';

/** Events of one stream after `afterVersion`, in stream order. */
export async function readStream(db: Db, streamId: string, afterVersion = 0): Promise<RecordedEvent[]> {
  const { rows } = await db.query<EventRow>({
    name: 'kronicle_read_stream',
    text: `SELECT ${eventColumns} FROM events WHERE stream_id = $1 AND stream_version > $2 ORDER BY stream_version`,
    values: [streamId, afterVersion],
    rowMode: 'array',
  });
  return toRecordedEvents(rows);
}
