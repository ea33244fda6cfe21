import type { Db } from './db';
import { APPEND_SQL, type AppendGroup, encodeAppendBatch, type GroupOutcome } from './append-batch';

/**
 * Appends a batch of groups in one round trip (autocommit: kronicle_append is its own transaction).
 * Outcomes are in the order of the groups.
 */
export async function appendGroups(db: Db, groups: AppendGroup[]): Promise<GroupOutcome[]> {
  const { rows } = await db.query<{ outcomes: GroupOutcome[] }>({
    name: 'kronicle_append',
    text: APPEND_SQL,
    values: encodeAppendBatch(groups),
  });
  return rows[0].outcomes;
}
