import { EventHeaders, isObjectEventType, type NatsNames, type ObjectEventData, type RecordedEvent } from '@kronicle/contracts';
import type { EncodedEvent } from '@kronicle/event-store';
import { headers as natsHeaders, type MsgHdrs } from 'nats';

/** What a consumer can learn about an event from its headers alone, without parsing the body. */
export interface EventMeta {
  position: number;
  type: string;
  streamId: string;
  /** Empty for a message published before the header existed. */
  actor: string;
}

/** Subject of an event: object events by group and resource, everything else on `<cluster>.events.other`. */
export function eventSubject(names: NatsNames, event: RecordedEvent): string {
  if (isObjectEventType(event.type)) {
    const { group, resource } = event.data as ObjectEventData;
    return names.eventSubject(group, resource);
  }
  return otherEventsSubject(names);
}

/** eventSubject of an event read encoded, from the fields read beside its JSON. */
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

export function eventHeaders(event: RecordedEvent): MsgHdrs {
  const { position, type, streamId, metadata } = event;
  return encodedEventHeaders({ position, type, streamId, correlationId: metadata.correlationId, actor: metadata.actor });
}

/** eventHeaders of an event read encoded. */
export function encodedEventHeaders(event: Pick<EncodedEvent, 'position' | 'type' | 'streamId' | 'correlationId' | 'actor'>): MsgHdrs {
  const h = natsHeaders();
  h.set(EventHeaders.Position, String(event.position));
  h.set(EventHeaders.Type, event.type);
  h.set(EventHeaders.StreamId, event.streamId);
  h.set(EventHeaders.CorrelationId, event.correlationId);
  h.set(EventHeaders.Actor, event.actor);
  return h;
}

/** The same, from an event read from the log. */
export function eventMetaOfEvent(event: RecordedEvent): EventMeta {
  return { position: event.position, type: event.type, streamId: event.streamId, actor: event.metadata.actor };
}

/** Undefined for a message that did not come from the relay. */
export function eventMetaOf(h: MsgHdrs | undefined): EventMeta | undefined {
  const position = Number(h?.get(EventHeaders.Position));
  if (!h || !Number.isSafeInteger(position) || position < 1) return undefined;
  return { position, type: h.get(EventHeaders.Type), streamId: h.get(EventHeaders.StreamId), actor: h.get(EventHeaders.Actor) };
}

export function encodeEvent(event: RecordedEvent): Uint8Array {
  return Buffer.from(JSON.stringify(event));
}
