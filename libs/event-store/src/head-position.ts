import type { Db } from './db';

/** Position of the last committed event; 0 for an empty log. */
export async function headPosition(db: Db): Promise<number> {
  const { rows } = await db.query<{ position: string }>('SELECT position FROM log_head');
  return Number(rows[0].position);
}
