import type { RecordedEvent } from '@kronicle/contracts';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from './db';
import { type EventRow, eventColumns, toRecordedEvents } from './recorded-event';

/**
 * The page after `$1` with the given columns (expressions over the events table's columns), each
 * row followed by `held`: true when a hole in the positions just before it may
 * still be filled by an append that has not committed. Appends take their transaction id and
 * positions under one lock, so such an append's transaction id lies between those of the rows either
 * side of the hole, and this statement's snapshot lists it as in progress; a hole with no such
 * transaction is final (its append rolled back). Rows from before migration 0004 have no
 * transaction id and were committed in position order.
 */
export function committedPageSql(columns: string): string {
  return `
  SELECT ${columns}, p.position <> p.before + 1 AND EXISTS (
           SELECT 1 FROM unnest(snapshot.running) AS r(xid) WHERE r.xid > p.xid_before AND r.xid < p.transaction_id) AS held
    FROM (SELECT page.*,
                 lag(position, 1, $1::bigint) OVER w AS before,
                 coalesce(lag(transaction_id, 1, (SELECT transaction_id FROM events WHERE position = $1)) OVER w, '0') AS xid_before
            FROM (SELECT ${eventColumns}, transaction_id FROM events WHERE position > $1 ORDER BY position LIMIT $2) AS page
          WINDOW w AS (ORDER BY position)) AS p,
         (SELECT array_agg(x) AS running FROM pg_snapshot_xip(pg_current_snapshot()) AS x) AS snapshot
   ORDER BY p.position`;
}

const readAllSql = committedPageSql(eventColumns);

/** Waits between reads that found the next position held by an append still committing. */
const holeRetriesMs = [1, 2, 4, 8, 16, 32];

/**
 * Up to `limit` events after `afterPosition`, in log order, stopping before a hole an uncommitted
 * append may still fill: a reader never skips an event, though appends commit out of position order.
 * When the very next position is held, it waits briefly for that append to commit, then returns
 * what it has (nothing), as at the end of the log.
 */
export async function readAll(db: Db, afterPosition: number, limit: number): Promise<RecordedEvent[]> {
  return toRecordedEvents(await readCommittedPage<EventRow>(db, { name: 'kronicle_read_all', text: readAllSql }, afterPosition, limit));
}

/**
 * The rows of a `committedPageSql` statement as `readAll` takes them: the committed prefix of the page,
 * after the same brief waits at a held next position. Each row still ends with its `held` column.
 */
export async function readCommittedPage<Row extends unknown[]>(
  db: Db,
  statement: { name: string; text: string },
  afterPosition: number,
  limit: number,
): Promise<Row[]> {
  for (let attempt = 0; ; attempt++) {
    const { rows } = await db.query<Row>({ ...statement, values: [afterPosition, limit], rowMode: 'array' });
    const held = rows.findIndex((row) => row[row.length - 1] === true);
    if (held === -1) return rows;
    if (held > 0 || attempt === holeRetriesMs.length) return rows.slice(0, held);
    await sleep(holeRetriesMs[attempt]);
  }
}
