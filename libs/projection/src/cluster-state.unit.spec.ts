import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { LazyRecordedEvent, objectStreamId, ObjectEventType, type RecordedEvent } from '@kronicle/contracts';
import { ClusterState } from './cluster-state';
import { rebuildState } from './rebuild';
import { changeMayHaveField, changeNamespace, mayHaveField, type StoredObject } from './stored-object';

const metadata = { correlationId: 'c', actor: 'test', time: '2026-01-01T00:00:00Z' };

function objectEvent(position: number, streamVersion: number, type: string, name: string, labels: Record<string, string> = {}, namespace = 'default'): RecordedEvent {
  const key = { group: '', resource: 'configmaps', namespace, name };
  return {
    id: `e${position}`,
    position,
    streamId: objectStreamId(key),
    streamVersion,
    type,
    metadata,
    data: { group: '', resource: 'configmaps', object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels } } },
  };
}

/** The event as the log's feed delivers it: its JSON text, parsed when first looked into. */
const fromFeed = (event: RecordedEvent) => new LazyRecordedEvent(event.position, event.type, event.streamId, event.streamVersion, JSON.stringify(event));

/** An in-memory log built from a random sequence of operations on a few names. */
function historyFrom(ops: { name: string; op: 'write' | 'delete'; label: string }[]): RecordedEvent[] {
  const live = new Set<string>();
  const versions = new Map<string, number>();
  const log: RecordedEvent[] = [];
  for (const { name, op, label } of ops) {
    const version = (versions.get(name) ?? 0) + 1;
    if (op === 'delete') {
      if (!live.has(name)) continue;
      live.delete(name);
      log.push(objectEvent(log.length + 1, version, ObjectEventType.Deleted, name));
    } else {
      log.push(objectEvent(log.length + 1, version, live.has(name) ? ObjectEventType.Updated : ObjectEventType.Created, name, { v: label }));
      live.add(name);
    }
    versions.set(name, version);
  }
  return log;
}

const reader = (log: RecordedEvent[]) => ({
  readAll: async (after: number, limit: number) => log.filter((e) => e.position > after).slice(0, limit),
});

const snapshot = (state: ClusterState) =>
  state
    .all()
    .map((s) => s.object)
    .sort((a, b) => String(a.metadata.name).localeCompare(String(b.metadata.name)));

const operations = fc.array(
  fc.record({ name: fc.constantFrom('a', 'b', 'c', 'd'), op: fc.constantFrom('write' as const, 'delete' as const), label: fc.string({ maxLength: 3 }) }),
  { maxLength: 200 },
);

describe('ClusterState', () => {
  it('sets resourceVersion to the position of the last event that touched the object', () => {
    const state = new ClusterState();
    state.apply(objectEvent(1, 1, ObjectEventType.Created, 'a'));
    state.apply(objectEvent(2, 1, ObjectEventType.Created, 'b'));
    state.apply(objectEvent(3, 2, ObjectEventType.Updated, 'a', { x: 'y' }));

    const a = state.get(objectStreamId({ group: '', resource: 'configmaps', namespace: 'default', name: 'a' }));
    expect(a?.object.metadata).toMatchObject({ resourceVersion: '3', labels: { x: 'y' } });
    expect(a?.streamVersion).toBe(2);
  });

  it('forgets deleted objects but remembers their stream version for a re-create', () => {
    const state = new ClusterState();
    state.apply(objectEvent(1, 1, ObjectEventType.Created, 'a'));
    const change = state.apply(objectEvent(2, 2, ObjectEventType.Deleted, 'a'));

    const streamId = objectStreamId({ group: '', resource: 'configmaps', namespace: 'default', name: 'a' });
    expect(change?.type).toBe('DELETED');
    expect(change?.object.metadata.resourceVersion).toBe('2');
    expect(state.get(streamId)).toBeUndefined();
    expect(state.streamVersion(streamId)).toBe(2);
    expect(state.list({ group: '', resource: 'configmaps' })).toEqual([]);
  });

  it('tells a change the object as it was before, so a removed field can be seen', () => {
    const state = new ClusterState();
    expect(state.apply(objectEvent(1, 1, ObjectEventType.Created, 'a', { v: '1' }))?.previous).toBeUndefined();
    expect(state.apply(objectEvent(2, 2, ObjectEventType.Updated, 'a', { v: '2' }))?.previous?.metadata.labels).toEqual({ v: '1' });
    expect(state.apply(objectEvent(3, 3, ObjectEventType.Deleted, 'a'))?.previous?.metadata).toMatchObject({ labels: { v: '2' }, resourceVersion: '2' });
  });

  it('ignores an event it has already applied (redelivery changes nothing)', () => {
    const state = new ClusterState();
    state.apply(objectEvent(1, 1, ObjectEventType.Created, 'a'));
    state.apply(objectEvent(2, 2, ObjectEventType.Updated, 'a', { v: '2' }));
    expect(state.apply(objectEvent(1, 1, ObjectEventType.Created, 'a'))).toBeUndefined();
    expect(state.list({ group: '', resource: 'configmaps' })[0].object.metadata.labels).toEqual({ v: '2' });
  });

  it('adopts a stream it passed over as its last event left it: a live object as ADDED, a deletion as a version only, nothing older', () => {
    const state = new ClusterState();
    state.apply(objectEvent(5, 1, ObjectEventType.Created, 'held'));
    const change = state.adopt(objectEvent(3, 2, ObjectEventType.Updated, 'passed-over', { v: '2' }));
    expect(change).toMatchObject({ type: 'ADDED', streamVersion: 2, object: { metadata: { labels: { v: '2' } } } });
    expect(change!.previous).toBeUndefined();
    expect(state.position).toBe(5);
    expect(state.get(objectStreamId({ group: '', resource: 'configmaps', namespace: 'default', name: 'passed-over' }))?.object.metadata.resourceVersion).toBe('3');

    expect(state.adopt(objectEvent(4, 2, ObjectEventType.Deleted, 'gone'))).toBeUndefined();
    expect(state.streamVersion(objectStreamId({ group: '', resource: 'configmaps', namespace: 'default', name: 'gone' }))).toBe(2);
    expect(state.adopt(objectEvent(1, 1, ObjectEventType.Created, 'held'))).toBeUndefined();
    expect(state.list({ group: '', resource: 'configmaps' }).map((s) => s.object.metadata.name)).toEqual(['held', 'passed-over']);
  });

  it('rebuilt from position 0 equals the live state after any history', async () => {
    await fc.assert(
      fc.asyncProperty(operations, fc.array(fc.nat(), { maxLength: 20 }), async (ops, redeliveries) => {
        const log = historyFrom(ops);
        const live = new ClusterState();
        for (const event of log) live.apply(event);
        // Redelivered old events must not change anything.
        for (const i of redeliveries) if (log.length) live.apply(log[i % log.length]);

        const rebuilt = await rebuildState(reader(log));
        expect(snapshot(rebuilt)).toEqual(snapshot(live));
        expect(rebuilt.position).toBe(live.position);
      }),
    );
  });

  it('rebuilds the state as of any past position', async () => {
    await fc.assert(
      fc.asyncProperty(operations, fc.nat(), async (ops, cut) => {
        const log = historyFrom(ops);
        const at = log.length ? cut % (log.length + 1) : 0;
        const expected = new ClusterState();
        for (const event of log.slice(0, at)) expected.apply(event);

        expect(snapshot(await rebuildState(reader(log), at))).toEqual(snapshot(expected));
      }),
    );
  });
});

describe('ClusterState fed from the log\'s feed', () => {
  afterEach(() => vi.restoreAllMocks());

  it('parses an event only when its object is first read, once, for the change and the stored object alike', () => {
    const state = new ClusterState();
    state.addIndex('label', (s) => Object.values(s.object.metadata.labels ?? {}));
    const parse = vi.spyOn(JSON, 'parse');
    state.apply(fromFeed(objectEvent(1, 1, ObjectEventType.Created, 'a', { v: '1' })));
    const change = state.apply(fromFeed(objectEvent(2, 2, ObjectEventType.Updated, 'a', { v: '2' })))!;
    expect(parse).not.toHaveBeenCalled();
    expect([change.type, change.group, change.resource, change.streamVersion, changeNamespace(change)]).toEqual(['MODIFIED', '', 'configmaps', 2, 'default']);

    const stored = state.get(change.streamId)!;
    expect(stored.object.metadata).toMatchObject({ labels: { v: '2' }, resourceVersion: '2' });
    expect(change.object).toBe(stored.object);
    expect(stored.writtenAt).toBe(metadata.time);
    expect(parse).toHaveBeenCalledTimes(1);
    // The version before is read only when asked for.
    expect(change.previous?.metadata.labels).toEqual({ v: '1' });
    expect(parse).toHaveBeenCalledTimes(2);
  });

  it('says a field is certainly absent only from the unparsed text of either version of a change', () => {
    const state = new ClusterState();
    const created = state.apply(fromFeed(objectEvent(1, 1, ObjectEventType.Created, 'a', { v: '1' })))!;
    expect(changeMayHaveField(created, 'labels')).toBe(true);
    expect(changeMayHaveField(created, 'ownerReferences')).toBe(false);
    // A key of the same name anywhere in the object counts; a name inside a longer one does not.
    expect(changeMayHaveField(created, 'v')).toBe(true);
    expect(changeMayHaveField(created, 'label')).toBe(false);

    const owned = { ...objectEvent(2, 2, ObjectEventType.Updated, 'a'), data: { group: '', resource: 'configmaps', object: { metadata: { name: 'a', namespace: 'default', ownerReferences: [] } } } };
    const updated = state.apply(fromFeed(owned))!;
    const deleted = state.apply(fromFeed(objectEvent(3, 3, ObjectEventType.Deleted, 'a')))!;
    expect(changeMayHaveField(updated, 'ownerReferences')).toBe(true);
    // Gone from the object, it is still in the version before.
    expect(changeMayHaveField(deleted, 'ownerReferences')).toBe(true);

    // Once parsed, or when not read from the feed, the answer is always "may".
    const b = state.apply(fromFeed(objectEvent(4, 1, ObjectEventType.Created, 'b')))!;
    expect(mayHaveField(state.get(b.streamId), 'ownerReferences')).toBe(false);
    void state.get(b.streamId)!.object;
    expect(mayHaveField(state.get(b.streamId), 'ownerReferences')).toBe(true);
    const plain = state.apply(objectEvent(5, 1, ObjectEventType.Created, 'c'))!;
    expect(changeMayHaveField(plain, 'ownerReferences')).toBe(true);
    expect(mayHaveField(undefined, 'labels')).toBe(false);
  });

  it('lists a namespace by the stream ids, without reading the objects of others', () => {
    const state = new ClusterState();
    state.apply(fromFeed(objectEvent(1, 1, ObjectEventType.Created, 'a', {}, 'default')));
    state.apply(fromFeed(objectEvent(2, 1, ObjectEventType.Created, 'a', {}, 'default-2')));
    state.apply(fromFeed(objectEvent(3, 1, ObjectEventType.Created, 'b', {}, 'default-2')));
    const parse = vi.spyOn(JSON, 'parse');
    const listed = state.list({ group: '', resource: 'configmaps', namespace: 'default-2' });
    expect(parse).not.toHaveBeenCalled();
    expect(listed.map((s) => s.object.metadata.name)).toEqual(['a', 'b']);
    expect(state.list({ group: '', resource: 'configmaps' })).toHaveLength(3);
  });
});

describe('ClusterState indexes', () => {
  const byLabel = (s: { object: { metadata: { labels?: Record<string, string> } } }) => Object.values(s.object.metadata.labels ?? {});

  it('finds objects by an index kept current through updates and deletes', () => {
    const state = new ClusterState();
    state.apply(objectEvent(1, 1, ObjectEventType.Created, 'a', { v: 'red' }));
    state.addIndex('label', byLabel);
    state.apply(objectEvent(2, 1, ObjectEventType.Created, 'b', { v: 'red' }));
    state.apply(objectEvent(3, 2, ObjectEventType.Updated, 'a', { v: 'blue' }));

    expect(state.byIndex('label', 'red').map((s) => s.object.metadata.name)).toEqual(['b']);
    expect(state.byIndex('label', 'blue').map((s) => s.object.metadata.name)).toEqual(['a']);

    state.apply(objectEvent(4, 2, ObjectEventType.Deleted, 'b'));
    expect(state.byIndex('label', 'red')).toEqual([]);
  });

  it('agrees with a full scan after any history, however seldom it is read, whether the events came from the feed or not', () => {
    // The very objects a scan finds, each at its latest version.
    const byName = (stored: StoredObject[]) => [...stored].sort((x, y) => x.object.metadata.name!.localeCompare(y.object.metadata.name!));
    const agrees = (state: ClusterState, values: Iterable<string>) => {
      for (const value of values) {
        const scanned = byName(state.all().filter((s) => byLabel(s).includes(value)));
        const found = byName(state.byIndex('label', value));
        expect(found).toHaveLength(scanned.length);
        found.forEach((stored, i) => expect(stored).toBe(scanned[i]));
      }
    };
    fc.assert(
      fc.property(operations, fc.boolean(), fc.array(fc.boolean(), { maxLength: 200 }), (ops, feed, readAfter) => {
        const state = new ClusterState();
        state.addIndex('label', byLabel);
        const values = new Set(['', 'a', 'b', ...ops.map((o) => o.label)]);
        historyFrom(ops).forEach((event, i) => {
          state.apply(feed ? fromFeed(event) : event);
          if (readAfter[i]) agrees(state, values);
        });
        agrees(state, values);
        expect(new Set(state.indexKeys('label'))).toEqual(new Set(state.all().flatMap(byLabel)));
      }),
    );
  });
});
