import type { NatsNames } from '@kronicle/contracts';
import type { EncodedEvent } from '@kronicle/event-store';
import { encodedEventHeaders, encodedEventSubject, eventMessageId } from '../event-message';
import type { AsyncPublisher } from './async-publisher';

/**
 * Publishes a page of events in log order with every publish in flight at once, and resolves when
 * JetStream has acknowledged all of them. Returns how many JetStream recognised as duplicates.
 */
export function publishPage(publisher: AsyncPublisher, names: NatsNames, events: EncodedEvent[]): Promise<number> {
  return publisher.publishAll(
    events.map((event) => ({
      subject: encodedEventSubject(names, event),
      data: event.json,
      headers: encodedEventHeaders(event),
      msgId: eventMessageId(names, event),
    })),
  );
}
