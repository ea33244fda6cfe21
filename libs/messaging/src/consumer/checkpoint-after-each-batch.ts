import type { RecordedEvent } from '@kronicle/contracts';
import type { EventStore } from '@kronicle/event-store';

/**
 * Wraps a handler whose effects are idempotent so that the consumer's checkpoint is stored after
 * each batch; pass `store.readCheckpoint(consumerName)` as the next start. A crash between the
 * effects and the checkpoint repeats the batch. Handlers that append should instead pass their
 * checkpoint to `store.appendAll`, which stores it atomically with their events.
 */
export function checkpointAfterEachBatch(
  store: EventStore,
  consumerName: string,
  handle: (events: RecordedEvent[]) => Promise<void>,
): (events: RecordedEvent[]) => Promise<void> {
  return async (events) => {
    await handle(events);
    await store.storeCheckpoint(consumerName, events[events.length - 1].position);
  };
}
