import {
  isObjectEventType,
  ObjectEventType,
  type KubeObject,
  type ObjectEventData,
  type RecordedEvent,
} from '@kronicle/contracts';

/** One live object as the projection holds it. `object.metadata.resourceVersion` is the log position. */
export interface StoredObject {
  group: string;
  resource: string;
  object: KubeObject;
  /** Stream version after the last event: what the next append to this object must expect. */
  streamVersion: number;
  position: number;
  /** When the last event was appended (its `metadata.time`), e.g. for the Event TTL that every write renews. */
  writtenAt?: string;
}

/** What happened to an object, in the vocabulary of Kubernetes watches. */
export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface ObjectChange {
  type: ChangeType;
  streamId: string;
  group: string;
  resource: string;
  /** The object after the change (for DELETED: as it was last, with the deletion's resourceVersion). */
  object: KubeObject;
  position: number;
  /** Stream version after the event; for DELETED the stream goes on, so a later re-create expects it. */
  streamVersion: number;
  /** The object before the change (set by ClusterState.apply for MODIFIED and DELETED), e.g. to see a removed ownerReference. */
  previous?: KubeObject;
}

const changeTypes: Record<ObjectEventType, ChangeType> = {
  [ObjectEventType.Created]: 'ADDED',
  [ObjectEventType.Updated]: 'MODIFIED',
  [ObjectEventType.Deleted]: 'DELETED',
};

/** Turns a recorded object event into the change it makes; undefined for events that change no object. */
export function toObjectChange(event: RecordedEvent): ObjectChange | undefined {
  if (!isObjectEventType(event.type)) return undefined;
  const data = event.data as ObjectEventData;
  const object: KubeObject = {
    ...data.object,
    metadata: { ...data.object.metadata, resourceVersion: String(event.position) },
  };
  return {
    type: changeTypes[event.type],
    streamId: event.streamId,
    group: data.group,
    resource: data.resource,
    object,
    position: event.position,
    streamVersion: event.streamVersion,
  };
}
