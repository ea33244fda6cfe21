import type { NewEvent } from '@kronicle/contracts';

/**
 * The baselines' plain table: the columns, keys and compression of `events` (infra/migrations/0001,
 * 0004, 0005 and 0007), with an identity instead of the position sequence, and no function, lock or
 * stream table in the way.
 */
export const createRawTable = `CREATE TABLE IF NOT EXISTS raw_events (
  position       bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id             uuid        NOT NULL DEFAULT gen_random_uuid(),
  stream_id      text        NOT NULL,
  stream_version int         NOT NULL,
  type           text        NOT NULL,
  data           json        COMPRESSION lz4 NOT NULL,
  metadata       jsonb       COMPRESSION lz4 NOT NULL,
  recorded_at    timestamptz NOT NULL DEFAULT now(),
  transaction_id xid8        DEFAULT pg_current_xact_id(),
  UNIQUE (stream_id, stream_version)
)`;

const columnsPerRow = 5;

/** One multi-row INSERT of `rows` events: the statement text and its flat parameter list. */
export function rawInsert(streamId: string, firstVersion: number, events: NewEvent[]): { text: string; values: unknown[] } {
  const tuples = events.map((_, i) => {
    const p = i * columnsPerRow;
    return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5})`;
  });
  const values = events.flatMap((event, i) => [streamId, firstVersion + i, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata)]);
  return { text: `INSERT INTO raw_events (stream_id, stream_version, type, data, metadata) VALUES ${tuples.join(', ')}`, values };
}
