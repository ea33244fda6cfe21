import type { Db } from './db';

/** Last position the consumer stored; 0 if it never stored one. */
export async function readCheckpoint(db: Db, consumer: string): Promise<number> {
  const { rows } = await db.query<{ position: string }>('SELECT position FROM checkpoints WHERE consumer = $1', [consumer]);
  return rows.length === 0 ? 0 : Number(rows[0].position);
}

export async function storeCheckpoint(db: Db, consumer: string, position: number): Promise<void> {
  await db.query(
    `INSERT INTO checkpoints (consumer, position) VALUES ($1, $2)
     ON CONFLICT (consumer) DO UPDATE SET position = excluded.position`,
    [consumer, position],
  );
}
