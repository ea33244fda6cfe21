import { ObjectEventType, objectStreamPrefix, type RecordedEvent } from '@kronicle/contracts';
import { foldObjectEvent, type ObjectChange, type StoredObject } from './stored-object';

/** Index keys of one object; an object may appear under several keys, or none. */
export type IndexFunction = (stored: StoredObject) => string[];

/**
 * A secondary index: the streams under each key, and each stream's keys as last computed, so that an
 * update computes the new object's keys once and touches only the keys that changed (most updates,
 * a status write say, change none, and cost no write to the index at all). Objects are looked up
 * by stream when read. Streams changed since the index was last read are brought up to date when it
 * is next read: an index function reads the object, and a cache whose controllers seldom ask an
 * index (pods by node, in a service with nothing to do for pods) then parses each object at most
 * once per read rather than on every change.
 */
interface Index {
  keysOf: IndexFunction;
  entries: Map<string, Set<string>>;
  keysByStream: Map<string, string[]>;
  pending: Set<string>;
}

const noKeys: string[] = [];

export interface ListQuery {
  group: string;
  resource: string;
  /** Omit for all namespaces (and for cluster-scoped resources). */
  namespace?: string;
}

/**
 * Cluster state as a fold over the log: every live object by stream, indexed by resource.
 * `apply` is the only way in, so a state rebuilt from position 0 equals the live one.
 */
export class ClusterState {
  private readonly byStream = new Map<string, StoredObject>();
  /** Stream versions survive deletion: re-creating a name appends to the same stream. */
  private readonly versions = new Map<string, number>();
  private readonly byResource = new Map<string, Map<string, StoredObject>>();
  private head = 0;
  private readonly indexes = new Map<string, Index>();

  get position(): number {
    return this.head;
  }

  /** Folds one event in; returns the object change it made, if any. Events at or below the head are ignored. */
  apply(event: RecordedEvent): ObjectChange | undefined {
    if (event.position <= this.head) return undefined;
    this.head = event.position;
    return this.fold(event, foldObjectEvent(event, this.byStream.get(event.streamId)));
  }

  /**
   * Takes in a stream the cache passed over, as its last event at or before the head left it (read
   * from the log when the stream came into a controller's scope); the object, if live, as ADDED.
   * Ignored when the cache has the stream at that version already; a deletion only sets its version.
   */
  adopt(event: RecordedEvent): ObjectChange | undefined {
    if (event.streamVersion <= this.streamVersion(event.streamId)) return undefined;
    if (event.type === ObjectEventType.Deleted) {
      this.versions.set(event.streamId, event.streamVersion);
      return undefined;
    }
    return this.fold(event, foldObjectEvent(event, this.byStream.get(event.streamId), 'ADDED'));
  }

  private fold(event: RecordedEvent, folded: ReturnType<typeof foldObjectEvent>): ObjectChange | undefined {
    this.versions.set(event.streamId, event.streamVersion);
    if (!folded) return undefined;
    const { change, stored } = folded;
    const index = this.resourceIndex(change.group, change.resource);
    if (stored) {
      this.byStream.set(change.streamId, stored);
      index.set(change.streamId, stored);
    } else {
      this.byStream.delete(change.streamId);
      index.delete(change.streamId);
    }
    for (const secondary of this.indexes.values()) secondary.pending.add(change.streamId);
    return change;
  }

  /**
   * Adds a secondary index (e.g. pods by node, objects by owner uid), up to date whenever it is read,
   * so controllers find related objects without scanning a whole resource.
   */
  addIndex(name: string, keysOf: IndexFunction): void {
    this.indexes.set(name, { keysOf, entries: new Map(), keysByStream: new Map(), pending: new Set(this.byStream.keys()) });
  }

  /** Live objects whose index function returned `key`. */
  byIndex(name: string, key: string): StoredObject[] {
    const index = this.upToDate(name);
    const streams = index.entries.get(key);
    if (!streams) return [];
    const objects: StoredObject[] = [];
    for (const streamId of streams) objects.push(this.byStream.get(streamId)!);
    return objects;
  }

  /** Every key some live object is indexed under (e.g. the nodes that have pods). */
  indexKeys(name: string): string[] {
    return [...this.upToDate(name).entries.keys()];
  }

  /** The index, with the streams changed since it was last read indexed again. */
  private upToDate(name: string): Index {
    const index = this.indexes.get(name);
    if (!index) throw new Error(`no index ${name}`);
    for (const streamId of index.pending) indexObject(index, streamId, this.byStream.get(streamId));
    index.pending.clear();
    return index;
  }

  get(streamId: string): StoredObject | undefined {
    return this.byStream.get(streamId);
  }

  /** Current version of a stream, 0 if it never had an event. */
  streamVersion(streamId: string): number {
    return this.versions.get(streamId) ?? 0;
  }

  list(query: ListQuery): StoredObject[] {
    const index = this.byResource.get(resourceKey(query.group, query.resource));
    if (!index) return [];
    if (query.namespace === undefined) return [...index.values()];
    // The stream id says the namespace: objects of other namespaces are not parsed to be passed over.
    const prefix = `${objectStreamPrefix(query)}${query.namespace || '_'}/`;
    const objects: StoredObject[] = [];
    for (const [streamId, stored] of index) if (streamId.startsWith(prefix)) objects.push(stored);
    return objects;
  }

  /** Every live object, for comparisons between a rebuilt and a live state. */
  all(): StoredObject[] {
    return [...this.byStream.values()];
  }

  private resourceIndex(group: string, resource: string): Map<string, StoredObject> {
    const key = resourceKey(group, resource);
    let index = this.byResource.get(key);
    if (!index) {
      index = new Map();
      this.byResource.set(key, index);
    }
    return index;
  }
}

function resourceKey(group: string, resource: string): string {
  return `${group}/${resource}`;
}

function indexObject(index: Index, streamId: string, stored: StoredObject | undefined): void {
  const previousKeys = index.keysByStream.get(streamId) ?? noKeys;
  const keys = stored ? index.keysOf(stored) : noKeys;
  if (sameKeys(previousKeys, keys)) return;
  for (const key of previousKeys) {
    if (keys.includes(key)) continue;
    const streams = index.entries.get(key);
    streams?.delete(streamId);
    if (streams?.size === 0) index.entries.delete(key);
  }
  for (const key of keys) {
    let streams = index.entries.get(key);
    if (!streams) {
      streams = new Set();
      index.entries.set(key, streams);
    }
    streams.add(streamId);
  }
  if (keys.length > 0) index.keysByStream.set(streamId, keys);
  else index.keysByStream.delete(streamId);
}

function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
