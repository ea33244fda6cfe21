import type { Db } from './db';

/** Position of the last committed event; 0 for an empty log. Appends still committing may hold lower positions. */
export async function headPosition(db: Db): Promise<number> {
  const { rows } = await db.query<{ position: string }>('SELECT coalesce(max(position), 0) AS position FROM events');
  return Number(rows[0].position);
}
