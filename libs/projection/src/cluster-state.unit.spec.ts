import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { objectStreamId, ObjectEventType, type RecordedEvent } from '@kronicle/contracts';
import { ClusterState } from './cluster-state';
import { rebuildState } from './rebuild';
import type { StoredObject } from './stored-object';

const metadata = { correlationId: 'c', actor: 'test', time: '2026-01-01T00:00:00Z' };

function objectEvent(position: number, streamVersion: number, type: string, name: string, labels: Record<string, string> = {}): RecordedEvent {
  const key = { group: '', resource: 'configmaps', namespace: 'default', name };
  return {
    id: `e${position}`,
    position,
    streamId: objectStreamId(key),
    streamVersion,
    type,
    metadata,
    data: { group: '', resource: 'configmaps', object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', labels } } },
  };
}

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

  it('agrees with a full scan after any history', () => {
    fc.assert(
      fc.property(operations, (ops) => {
        const state = new ClusterState();
        state.addIndex('label', byLabel);
        for (const event of historyFrom(ops)) state.apply(event);
        // The very objects a scan finds, each at its latest version.
        const byName = (stored: StoredObject[]) => [...stored].sort((x, y) => x.object.metadata.name!.localeCompare(y.object.metadata.name!));
        for (const value of new Set(['', 'a', 'b', ...ops.map((o) => o.label)])) {
          const scanned = byName(state.all().filter((s) => byLabel(s).includes(value)));
          const found = byName(state.byIndex('label', value));
          expect(found).toHaveLength(scanned.length);
          found.forEach((stored, i) => expect(stored).toBe(scanned[i]));
        }
      }),
    );
  });
});
