import { EventHeaders, isObjectEventType, type NatsNames, type RecordedEvent } from '@kronicle/contracts';
import type { EncodedEvent } from '@kronicle/event-store';
import { headers as natsHeaders, type MsgHdrs } from 'nats';

/** What a consumer can learn about an event without parsing it: from the feed (log-feed.ts) or JetStream headers. */
export interface EventMeta {
  position: number;
  type: string;
  streamId: string;
  actor: string;
  /** Of a pod event in the relay's feed: the node the pod is bound to, if any (`podNodeName`). */
  node?: string;
}

/**
 * Subject of an event read encoded, from the fields read beside its JSON: object events by group
 * and resource, everything else on `<cluster>.events.other`.
 */
export function encodedEventSubject(names: NatsNames, event: EncodedEvent): string {
  return isObjectEventType(event.type) ? names.eventSubject(event.group ?? '', event.resource ?? '') : otherEventsSubject(names);
}

function otherEventsSubject(names: NatsNames): string {
  return `${names.cluster}.events.other`;
}

/** JetStream drops a second message with the same id, so republishing after a crash is harmless. */
export function eventMessageId(names: NatsNames, event: Pick<RecordedEvent, 'position'>): string {
  return `${names.cluster}-${event.position}`;
}

/** Headers of an event read encoded, so JetStream's consumers can filter without parsing bodies. */
export function encodedEventHeaders(event: Pick<EncodedEvent, 'position' | 'type' | 'streamId' | 'correlationId' | 'actor'>): MsgHdrs {
  const h = natsHeaders();
  const values: [string, string][] = [
    [EventHeaders.Position, String(event.position)],
    [EventHeaders.Type, event.type],
    [EventHeaders.StreamId, event.streamId],
    [EventHeaders.CorrelationId, event.correlationId],
    [EventHeaders.Actor, event.actor],
  ];
  // A committed event must never stop the relay: a value a header cannot carry (empty, or with a line
  // break) is left out, and consumers take a missing actor as unknown.
  for (const [name, value] of values) if (value && !/[\r\n]/.test(value)) h.set(name, value);
  return h;
}

/** The same, from an event read from the log. */
export function eventMetaOfEvent(event: RecordedEvent): EventMeta {
  return { position: event.position, type: event.type, streamId: event.streamId, actor: event.metadata.actor };
}
