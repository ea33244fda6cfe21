import type { RecordedEvent } from '@kronicle/contracts';
import type { Db } from './db';
import { type EventRow, eventColumns, toRecordedEvents } from './recorded-event';

/** Up to `limit` events after `afterPosition`, in log order. */
export async function readAll(db: Db, afterPosition: number, limit: number): Promise<RecordedEvent[]> {
  const { rows } = await db.query<EventRow>({
    name: 'kronicle_read_all',
    text: `SELECT ${eventColumns} FROM events WHERE position > $1 ORDER BY position LIMIT $2`,
    values: [afterPosition, limit],
    rowMode: 'array',
  });
  return toRecordedEvents(rows);
}
