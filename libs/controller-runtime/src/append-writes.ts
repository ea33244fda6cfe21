import { randomUUID } from 'node:crypto';
import type { EventStore } from '@kronicle/event-store';
import { catchUp } from '@kronicle/projection';
import { ClusterState } from '@kronicle/projection';
import type { ObjectWrite } from './object-write';
import { planWrites } from './plan-writes';

/**
 * Appends writes as the API would decide them, against the log's current state: for tests and
 * tools that act as a user (create a pod, mark it Ready) without an API server. One transaction.
 */
export async function appendWrites(store: EventStore, writes: ObjectWrite[], options: { actor?: string; now?: Date } = {}): Promise<void> {
  const state = new ClusterState();
  await catchUp(state, store);
  const now = options.now ?? new Date();
  const requests = planWrites(
    writes,
    state,
    { now, newUid: randomUUID, randomSuffix: () => randomUUID().slice(0, 5) },
    { correlationId: randomUUID(), actor: options.actor ?? 'user:test', time: now.toISOString() },
  );
  if (requests.length > 0) await store.appendAll(requests);
}
