import {
  isObjectEventType,
  ObjectEventType,
  parseObjectStreamId,
  LazyRecordedEvent,
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

/**
 * The object an event carries, read when first asked for. An event read lazily from the log's feed
 * (LazyRecordedEvent) keeps its text until then, which `mayHaveField` searches instead of parsing.
 */
class LazyObject {
  private event: RecordedEvent | undefined;
  private value: KubeObject | undefined;
  private time: string | undefined;
  private searched: Map<string, boolean> | undefined;

  constructor(event: RecordedEvent) {
    this.event = event;
  }

  get(): KubeObject {
    if (this.event) {
      const { data, metadata, position } = this.event as RecordedEvent<ObjectEventData>;
      this.value = { ...data.object, metadata: { ...data.object.metadata, resourceVersion: String(position) } };
      this.time = metadata.time;
      this.event = undefined;
      this.searched = undefined;
    }
    return this.value!;
  }

  /** The write's time, read without the object (see LazyRecordedEvent's `metadata`). */
  writtenAt(): string | undefined {
    return this.event ? this.event.metadata.time : this.time;
  }

  /** The appender's own copy of the event's data (see LazyRecordedEvent.supplyWritten), while the object is unread. */
  supply(written: { data: unknown }): void {
    if (this.event instanceof LazyRecordedEvent) this.event.supplyWritten(written);
  }

  /**
   * False only when the object is unparsed and its text has no key (or string) of that name. Answers
   * are kept: the object after one change is the object before the next, and each search reads the whole text.
   */
  mayHave(quotedField: string): boolean {
    if (!(this.event instanceof LazyRecordedEvent)) return true;
    this.searched ??= new Map();
    let found = this.searched.get(quotedField);
    if (found === undefined) this.searched.set(quotedField, (found = this.event.json.includes(quotedField)));
    return found;
  }
}

/**
 * A live object of ClusterState, parsed when first read. Classes rather than object literals with
 * getters for this and the change: made for every event, and ten times cheaper; code that copies
 * one (`{ ...stored }`) must name `object`, which lives on the prototype.
 */
class CachedObject implements StoredObject {
  constructor(
    readonly group: string,
    readonly resource: string,
    readonly streamVersion: number,
    readonly position: number,
    readonly source: LazyObject,
  ) {}

  get object(): KubeObject {
    return this.source.get();
  }

  get writtenAt(): string | undefined {
    return this.source.writtenAt();
  }
}

class Change implements ObjectChange {
  constructor(
    readonly type: ChangeType,
    readonly streamId: string,
    readonly group: string,
    readonly resource: string,
    readonly position: number,
    readonly streamVersion: number,
    readonly source: LazyObject,
    readonly before: StoredObject | undefined,
  ) {}

  get object(): KubeObject {
    return this.source.get();
  }

  get previous(): KubeObject | undefined {
    return this.before?.object;
  }
}

/**
 * Turns a recorded object event into the change it makes, with the object before it when known;
 * undefined for events that change no object. Neither object is parsed until read.
 */
export function toObjectChange(event: RecordedEvent, previous?: StoredObject): ObjectChange | undefined {
  return foldObjectEvent(event, previous)?.change;
}

/**
 * What an object event makes of a cache: its change, and the object stored after it (none after a
 * deletion), sharing one parse. `as` names the change otherwise (an object new to the cache is ADDED).
 */
export function foldObjectEvent(
  event: RecordedEvent,
  previous: StoredObject | undefined,
  as?: ChangeType,
): { change: ObjectChange; stored?: StoredObject } | undefined {
  if (!isObjectEventType(event.type)) return undefined;
  // Object events are appended to object streams, which name group and resource without parsing.
  const { group, resource } = parseObjectStreamId(event.streamId) ?? (event.data as ObjectEventData);
  const source = new LazyObject(event);
  const change = new Change(as ?? changeTypes[event.type], event.streamId, group, resource, event.position, event.streamVersion, source, previous);
  return change.type === 'DELETED' ? { change } : { change, stored: new CachedObject(group, resource, event.streamVersion, event.position, source) };
}

/**
 * Gives an object a cache folded from the feed, and has not read yet, the data its own process
 * appended at `position` (when the feed brought the event before the append's answer came back).
 */
export function supplyWrittenData(stored: StoredObject | undefined, position: number, data: unknown): void {
  if (stored instanceof CachedObject && stored.position === position) stored.source.supply({ data });
}

/**
 * Whether the object may have a field (at any depth) of this name: false only when it is still the
 * unparsed text of the log's feed and that text has no such key. Lets a controller pass over a change
 * that cannot concern it (a pod without ownerReferences, say) without parsing it; a false "may" costs only the parse.
 */
export function mayHaveField(stored: StoredObject | undefined, field: string): boolean {
  return stored !== undefined && (!(stored instanceof CachedObject) || stored.source.mayHave(`"${field}"`));
}

/** `mayHaveField` of the object after the change or before it. */
export function changeMayHaveField(change: ObjectChange, field: string): boolean {
  if (!(change instanceof Change)) return true;
  return change.source.mayHave(`"${field}"`) || mayHaveField(change.before, field);
}

/** The namespace of a changed object, read from its stream id ('' for cluster-scoped objects). */
export function changeNamespace(change: Pick<ObjectChange, 'streamId' | 'object'>): string {
  const key = parseObjectStreamId(change.streamId);
  return key ? (key.namespace ?? '') : (change.object.metadata.namespace ?? '');
}
