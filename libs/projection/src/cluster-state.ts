import type { RecordedEvent } from '@kronicle/contracts';
import { toObjectChange, type ObjectChange, type StoredObject } from './stored-object';

/** Index keys of one object; an object may appear under several keys, or none. */
export type IndexFunction = (stored: StoredObject) => string[];

function addTo(entries: Map<string, Set<string>>, key: string, streamId: string): void {
  let set = entries.get(key);
  if (!set) {
    set = new Set();
    entries.set(key, set);
  }
  set.add(streamId);
}

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
  private readonly indexes = new Map<string, { keysOf: IndexFunction; entries: Map<string, Set<string>> }>();

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
    if (previous) this.unindex(change.streamId, previous);
    if (change.type === 'DELETED') {
      this.byStream.delete(change.streamId);
      index.delete(change.streamId);
    } else {
      const stored: StoredObject = {
        group: change.group,
        resource: change.resource,
        object: change.object,
        streamVersion: change.streamVersion,
        position: change.position,
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
    const entries = new Map<string, Set<string>>();
    this.indexes.set(name, { keysOf, entries });
    for (const [streamId, stored] of this.byStream) for (const key of keysOf(stored)) addTo(entries, key, streamId);
  }

  /** Live objects whose index function returned `key`. */
  byIndex(name: string, key: string): StoredObject[] {
    const index = this.indexes.get(name);
    if (!index) throw new Error(`no index ${name}`);
    return [...(index.entries.get(key) ?? [])].map((streamId) => this.byStream.get(streamId)!);
  }

  private reindex(streamId: string, stored: StoredObject): void {
    for (const { keysOf, entries } of this.indexes.values()) for (const key of keysOf(stored)) addTo(entries, key, streamId);
  }

  private unindex(streamId: string, stored: StoredObject): void {
    for (const { keysOf, entries } of this.indexes.values()) {
      for (const key of keysOf(stored)) {
        const set = entries.get(key);
        set?.delete(streamId);
        if (set?.size === 0) entries.delete(key);
      }
    }
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
