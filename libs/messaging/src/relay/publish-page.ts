import type { NatsNames, RecordedEvent } from '@kronicle/contracts';
import type { JetStreamClient } from 'nats';
import { encodeEvent, eventHeaders, eventMessageId, eventSubject } from '../event-message';

/**
 * Publishes a page of events in log order with every publish in flight at once, and resolves when
 * JetStream has acknowledged all of them. Returns how many JetStream recognised as duplicates.
 */
export async function publishPage(js: JetStreamClient, names: NatsNames, events: RecordedEvent[]): Promise<number> {
  const acks = await Promise.all(
    events.map((event) =>
      js.publish(eventSubject(names, event), encodeEvent(event), {
        msgID: eventMessageId(names, event),
        headers: eventHeaders(event),
      }),
    ),
  );
  return acks.filter((ack) => ack.duplicate).length;
}
