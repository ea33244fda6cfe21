import type { RecordedEvent } from '@kronicle/contracts';
import { toObjectChange, type ObjectChange, type StoredObject } from './stored-object';

/** Index keys of one object; an object may appear under several keys, or none. */
export type IndexFunction = (stored: StoredObject) => string[];

/**
 * A secondary index: the streams under each key, and each stream's keys as last computed, so that an
 * update computes the new object's keys once and touches only the keys that changed (most updates,
 * a status write say, change none, and cost no write to the index at all). Objects are looked up
 * by stream when read.
 */
interface Index {
  keysOf: IndexFunction;
  entries: Map<string, Set<string>>;
  keysByStream: Map<string, string[]>;
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
    this.versions.set(event.streamId, event.streamVersion);
    const change = toObjectChange(event);
    if (!change) return undefined;
    const index = this.resourceIndex(change.group, change.resource);
    const previous = this.byStream.get(change.streamId);
    if (change.type === 'DELETED') {
      this.byStream.delete(change.streamId);
      index.delete(change.streamId);
      if (previous) this.reindex(change.streamId, undefined);
    } else {
      const stored: StoredObject = {
        group: change.group,
        resource: change.resource,
        object: change.object,
        streamVersion: change.streamVersion,
        position: change.position,
        writtenAt: event.metadata.time,
      };
      this.byStream.set(change.streamId, stored);
      index.set(change.streamId, stored);
      this.reindex(change.streamId, stored);
    }
    return previous ? { ...change, previous: previous.object } : change;
  }

  /**
   * Adds a secondary index (e.g. pods by node, objects by owner uid) kept up to date on every apply,
   * so controllers find related objects without scanning a whole resource.
   */
  addIndex(name: string, keysOf: IndexFunction): void {
    const index: Index = { keysOf, entries: new Map(), keysByStream: new Map() };
    this.indexes.set(name, index);
    for (const [streamId, stored] of this.byStream) indexObject(index, streamId, stored);
  }

  /** Live objects whose index function returned `key`. */
  byIndex(name: string, key: string): StoredObject[] {
    const index = this.indexes.get(name);
    if (!index) throw new Error(`no index ${name}`);
    const streams = index.entries.get(key);
    if (!streams) return [];
    const objects: StoredObject[] = [];
    for (const streamId of streams) objects.push(this.byStream.get(streamId)!);
    return objects;
  }

  /** Brings every index up to date with a stream's object (undefined: deleted). */
  private reindex(streamId: string, stored: StoredObject | undefined): void {
    for (const index of this.indexes.values()) indexObject(index, streamId, stored);
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
    const all = [...index.values()];
    return query.namespace === undefined ? all : all.filter((s) => s.object.metadata.namespace === query.namespace);
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
