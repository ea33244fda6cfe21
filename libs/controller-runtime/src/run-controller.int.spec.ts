import { afterEach, describe, expect, it, vi } from 'vitest';
import { objectStreamId, ObjectEventType, type KubeObject } from '@kronicle/contracts';
import type { EventStore } from '@kronicle/event-store';
import { pgAdvisoryLock, startRelay } from '@kronicle/messaging';
import { objectEvent, resourceInfo } from '@kronicle/object-lifecycle';
import { createLogFixture, type LogFixture } from '@kronicle/log-fixture';
import { catchUp, ClusterState } from '@kronicle/projection';
import { ManualClock, systemClock, type Clock } from './clock';
import { appendWrites } from './append-writes';
import type { ObjectWrite } from './object-write';
import { runController, runControllers, type Controller, type RunningController } from './run-controller';
import { until } from '@kronicle/testing';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const configMaps = resourceInfo('', 'configmaps');
const meta = { correlationId: 'test', actor: 'user:test', time: new Date(0).toISOString() };
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const parentStream = objectStreamId({ group: '', resource: 'configmaps', namespace: 'default', name: 'parent' });

/** A log with the default namespace, a relay publishing it to NATS, and a parent ConfigMap asking for `count` children. */
async function world(count: number): Promise<LogFixture> {
  const f = await createLogFixture();
  cleanup.push(() => f.dispose());
  const relay = startRelay({ store: f.store, nats: f.nats, names: f.names, leaderLock: pgAdvisoryLock({ connectionString: f.db.url, key: `relay/${f.names.cluster}`, retryMs: 50 }), pollIntervalMs: 50 });
  cleanup.push(() => relay.stop().catch(() => undefined));
  await f.store.append(objectStreamId({ group: '', resource: 'namespaces', name: 'default' }), 0, [
    objectEvent(ObjectEventType.Created, resourceInfo('', 'namespaces'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', uid: 'ns-uid' } }, meta),
  ]);
  await f.store.append(parentStream, 0, [objectEvent(ObjectEventType.Created, configMaps, parent(count), meta)]);
  return f;
}

function parent(count: number, extra: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'parent', namespace: 'default', uid: 'parent-uid' }, data: { count: String(count), ...extra } };
}

/**
 * Creates one child per reconcile, with a generated name, until the parent's count is reached: without
 * the runtime's wait for its own writes, a reconcile on a cache without the last child would create one more.
 */
const childrenController: Controller = {
  name: 'children',
  keysFor: (change) => (change.resource === 'configmaps' ? ['default/parent'] : []),
  initialKeys: () => ['default/parent'],
  reconcile(_key, state) {
    const p = state.get(parentStream)?.object;
    if (!p) return { writes: [] };
    const children = state.list({ group: '', resource: 'configmaps', namespace: 'default' }).filter((s) => s.object.metadata.labels?.parent === 'parent');
    if (children.length >= Number((p.data as { count: string }).count)) return { writes: [] };
    return { writes: [{ kind: 'create', resource: configMaps, object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'child-', namespace: 'default', labels: { parent: 'parent' } } } }] };
  },
};

async function start(f: LogFixture, controller: Controller, clock: Clock = systemClock, store: EventStore = f.store): Promise<RunningController> {
  const running = await runController(controller, { store, nats: f.nats, cluster: f.names.cluster, clock, logger: silent, retryDelayMs: 50 });
  cleanup.push(() => running.stop());
  return running;
}


async function childCount(f: LogFixture): Promise<number> {
  const events = await f.store.readAll(0, 10_000);
  return events.filter((e) => e.type === ObjectEventType.Created && e.streamId.includes('/configmaps/default/child-')).length;
}

describe('runController on Postgres and NATS', () => {
  it('creates exactly as many objects as asked, one reconcile at a time, and not one more after a restart mid-way or redelivered events', async () => {
    const f = await world(8);
    const first = await start(f, childrenController);
    await until(async () => (await childCount(f)) >= 3);
    await first.stop();

    // A restart reads the whole log again (every event delivered a second time) and carries on.
    const second = await start(f, childrenController);
    await until(async () => (await childCount(f)) >= 8);
    await second.idle();
    await new Promise((r) => setTimeout(r, 300));
    expect(await childCount(f)).toBe(8);

    // A second instance on the same log (as after a failover) sees the work done and adds nothing.
    const third = await start(f, childrenController);
    await third.idle();
    expect(await childCount(f)).toBe(8);
  });

  it('folds its own writes as it wrote them, without parsing them again, into the state a rebuild of the log gives', async () => {
    const f = await world(5);
    const parse = vi.spyOn(JSON, 'parse');
    cleanup.push(async () => parse.mockRestore());
    const running = await start(f, childrenController);
    await until(async () => (await childCount(f)) >= 5);
    await running.idle();

    const children = running.state.list({ group: '', resource: 'configmaps', namespace: 'default' }).filter((s) => s.object.metadata.labels?.parent === 'parent');
    expect(children).toHaveLength(5);
    expect(parse.mock.calls.filter(([text]) => typeof text === 'string' && text.includes('"generateName":"child-"'))).toEqual([]);
    const rebuilt = new ClusterState();
    await catchUp(rebuilt, f.store);
    for (const child of children) expect(child.object).toStrictEqual(rebuilt.get(objectStreamId({ group: '', resource: 'configmaps', namespace: 'default', name: child.object.metadata.name! }))!.object);
  });

  it('loses a race cleanly: nothing of the stale decision is written, and the key is decided again on fresh state', async () => {
    const f = await world(0);
    // Copies data.value into an annotation of the same object.
    const copier: Controller = {
      name: 'copier',
      keysFor: () => ['default/parent'],
      initialKeys: () => ['default/parent'],
      reconcile(_key, state) {
        const p = state.get(parentStream)!.object;
        const value = (p.data as { value?: string }).value ?? '';
        if (p.metadata.annotations?.copied === value) return { writes: [] };
        return { writes: [{ kind: 'update', resource: configMaps, object: { ...p, metadata: { ...p.metadata, annotations: { copied: value } } } }] };
      },
    };
    await f.store.append(parentStream, 1, [objectEvent(ObjectEventType.Updated, configMaps, parent(0, { value: 'a' }), meta)]);
    // The controller's first append is preceded by a user's change of the same object.
    let appends = 0;
    const racing: EventStore = Object.create(f.store, {
      appendAll: {
        value: async (...args: Parameters<EventStore['appendAll']>) => {
          if (appends++ === 0) await f.store.append(parentStream, 'any', [objectEvent(ObjectEventType.Updated, configMaps, parent(0, { value: 'b' }), meta)]);
          return f.store.appendAll(...args);
        },
      },
    });
    const running = await start(f, copier, systemClock, racing);
    await until(() => running.state.get(parentStream)?.object.metadata.annotations?.copied === 'b');
    const events = (await f.store.readStream(parentStream)).map((e) => (e.data as { object: KubeObject }).object);
    // a (user), b (user), copied=b (controller): the stale copied=a never reached the log.
    expect(events.map((o) => [(o.data as { value?: string }).value, o.metadata.annotations?.copied])).toEqual([
      [undefined, undefined],
      ['a', undefined],
      ['b', undefined],
      ['b', 'b'],
    ]);
  });

  it('reconciles again after requeueAfter, on the injected clock', async () => {
    const f = await world(0);
    const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    const due = new Date('2026-01-01T01:00:00Z').getTime();
    const waiter: Controller = {
      name: 'waiter',
      keysFor: () => [],
      initialKeys: () => ['default/parent'],
      reconcile(_key, state, now) {
        if (now.getTime() < due) return { writes: [], requeueAfterMs: due - now.getTime() };
        const p = state.get(parentStream)!.object;
        return { writes: [{ kind: 'update', resource: configMaps, object: { ...p, metadata: { ...p.metadata, annotations: { woke: now.toISOString() } } } }] };
      },
    };
    const running = await start(f, waiter, clock);
    await running.idle();
    clock.advance(59 * 60_000);
    await running.idle();
    expect(running.state.get(parentStream)?.object.metadata.annotations).toBeUndefined();
    clock.advance(60_000);
    await until(() => running.state.get(parentStream)?.object.metadata.annotations?.woke === '2026-01-01T01:00:00.000Z');
  });

  it('with several workers reconciles distinct keys at once, and never decides a key again on a cache without its own last write', async () => {
    const f = await world(0);
    const keys = ['a', 'b', 'c', 'd'];
    const perKey = 6;
    // Every change concerns every key, so each key is queued again by the others' writes long before its own write is back.
    let reconciling = 0;
    let mostAtOnce = 0;
    const fanOut: Controller = {
      name: 'fan-out',
      workers: 4,
      keysFor: (change) => (change.resource === 'configmaps' ? keys : []),
      initialKeys: () => keys,
      reconcile(key, state) {
        const children = state.list({ group: '', resource: 'configmaps', namespace: 'default' }).filter((s) => s.object.metadata.labels?.owner === key);
        if (children.length >= perKey) return { writes: [] };
        return { writes: [{ kind: 'create', resource: configMaps, object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: `${key}-`, namespace: 'default', labels: { owner: key } } } }] };
      },
    };
    const slow: EventStore = Object.create(f.store, {
      appendAll: {
        value: async (...args: Parameters<EventStore['appendAll']>) => {
          mostAtOnce = Math.max(mostAtOnce, ++reconciling);
          try {
            await new Promise((r) => setTimeout(r, 30));
            return await f.store.appendAll(...args);
          } finally {
            reconciling--;
          }
        },
      },
    });
    const running = await start(f, fanOut, systemClock, slow);
    await until(async () => (await f.store.readAll(0, 10_000)).filter((e) => e.type === ObjectEventType.Created && /\/configmaps\/default\/[a-d]-/.test(e.streamId)).length >= keys.length * perKey);
    await running.idle();
    await new Promise((r) => setTimeout(r, 300));
    await running.idle();
    const created = (await f.store.readAll(0, 10_000)).filter((e) => e.type === ObjectEventType.Created && /\/configmaps\/default\/[a-d]-/.test(e.streamId));
    expect(keys.map((k) => created.filter((e) => e.streamId.includes(`/default/${k}-`)).length)).toEqual(keys.map(() => perKey));
    expect(mostAtOnce).toBeGreaterThanOrEqual(2);
    // idle() means the cache holds every write made.
    expect(running.state.list({ group: '', resource: 'configmaps', namespace: 'default' }).filter((s) => s.object.metadata.labels?.owner).length).toBe(keys.length * perKey);
  });

  it('with statusIntervalMs folds a burst of changes into few status writes, the last one current', async () => {
    const f = await world(0);
    const pods = resourceInfo('', 'pods');
    const podStream = objectStreamId({ group: '', resource: 'pods', namespace: 'default', name: 'watched' });
    await appendWrites(f.store, [{ kind: 'create', resource: pods, object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'watched', namespace: 'default', annotations: { value: '0' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } }]);
    const reporter: Controller = {
      name: 'reporter',
      statusIntervalMs: 400,
      keysFor: (change) => (change.resource === 'pods' ? ['watched'] : []),
      initialKeys: () => ['watched'],
      reconcile(_key, state) {
        const p = state.get(podStream)!.object;
        const value = p.metadata.annotations?.value;
        if ((p.status as { message?: string } | undefined)?.message === value) return { writes: [] };
        return { writes: [{ kind: 'update', resource: pods, subresource: 'status', object: { ...p, status: { phase: 'Pending', message: value } } }] };
      },
    };
    const running = await start(f, reporter);
    await until(() => (running.state.get(podStream)?.object.status as { message?: string } | undefined)?.message === '0');
    const burstStart = Date.now();
    for (let i = 1; i <= 20; i++) {
      const current = (await f.store.readStream(podStream)).at(-1)!.data as { object: KubeObject };
      await f.store.append(podStream, 'any', [objectEvent(ObjectEventType.Updated, pods, { ...current.object, metadata: { ...current.object.metadata, annotations: { value: String(i) } } }, meta)]);
      await new Promise((r) => setTimeout(r, 40));
    }
    const burstMs = Date.now() - burstStart;
    await until(() => (running.state.get(podStream)?.object.status as { message?: string } | undefined)?.message === '20');
    await running.idle();
    const statusWrites = (await f.store.readStream(podStream)).filter((e) => (e.metadata as { actor?: string }).actor === 'service:reporter');
    // One write at start, then at most one per 400 ms of the burst and one after it (without the interval: one per change, 21).
    expect(statusWrites.length).toBeLessThanOrEqual(Math.min(12, 2 + Math.ceil(burstMs / 400)));
  });
  it('holds only the pods its controllers read, and takes in those of a namespace come into scope as the log has them before it reconciles', async () => {
    const f = await world(0);
    const pods = resourceInfo('', 'pods');
    const pod = (namespace: string, name: string, metadata: Partial<KubeObject['metadata']> = {}): ObjectWrite => ({
      kind: 'create',
      resource: pods,
      object: { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, ...metadata }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    });
    const ownerReferences = [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'parent', uid: 'parent-uid' }];
    await appendWrites(f.store, [{ kind: 'create', resource: resourceInfo('', 'namespaces'), object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } } }]);
    await appendWrites(f.store, [pod('default', 'plain'), pod('default', 'owned', { ownerReferences }), pod('other', 'elsewhere'), pod('other', 'owned-elsewhere', { ownerReferences })]);
    // What each reconcile of `watch:<namespace>` found of the namespace's pods, as name@streamVersion.
    const seen: string[][] = [];
    const watcher: Controller = {
      name: 'pod-watcher',
      podsRead: {
        withFields: ['ownerReferences'],
        widenedBy: (c) => (c.resource === 'configmaps' && c.object.metadata.name === 'watch' ? { namespaces: [c.object.metadata.namespace!] } : undefined),
      },
      keysFor: (c) => (c.resource === 'configmaps' && c.object.metadata.name === 'watch' ? [`watch:${c.object.metadata.namespace}`] : []),
      initialKeys: () => [],
      reconcile(key, state) {
        seen.push(state.list({ group: '', resource: 'pods', namespace: key.slice('watch:'.length) }).map((s) => `${s.object.metadata.name}@${s.streamVersion}`).sort());
        return { writes: [] };
      },
    };
    const running = await start(f, watcher);
    const held = () => running.state.list({ group: '', resource: 'pods' }).map((s) => s.object.metadata.name).sort();
    expect(held()).toEqual(['owned', 'owned-elsewhere']);

    // A pod taken for its owner is followed when it loses the owner (an event the light feed, followed while no namespace is in scope, brings without its text).
    const owned = (await f.store.readStream(objectStreamId({ group: '', resource: 'pods', namespace: 'other', name: 'owned-elsewhere' }))).at(-1)!.data as { object: KubeObject };
    await appendWrites(f.store, [{ kind: 'update', resource: pods, object: { ...owned.object, metadata: { ...owned.object.metadata, ownerReferences: undefined } } }]);
    await until(() => running.state.get(objectStreamId({ group: '', resource: 'pods', namespace: 'other', name: 'owned-elsewhere' }))?.streamVersion === 2);

    // The plain pod changes while no controller reads it; then the namespace comes into scope, with a pod created in the same append.
    const plain = (await f.store.readStream(objectStreamId({ group: '', resource: 'pods', namespace: 'default', name: 'plain' }))).at(-1)!.data as { object: KubeObject };
    await appendWrites(f.store, [{ kind: 'update', resource: pods, subresource: 'status', object: { ...plain.object, status: { phase: 'Running' } } }]);
    await appendWrites(f.store, [{ kind: 'create', resource: configMaps, object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'watch', namespace: 'default' } } }, pod('default', 'later')]);
    await until(() => seen.length > 0);
    expect(seen[0]).toEqual(['later@1', 'owned@1', 'plain@2']);
    expect(running.state.get(objectStreamId({ group: '', resource: 'pods', namespace: 'default', name: 'plain' }))!.object.status).toEqual({ phase: 'Running' });
    expect(held()).toEqual(['later', 'owned', 'owned-elsewhere', 'plain']);

    // From then on every pod of the namespace is followed, and a cache rebuilt from the log holds what the live one does.
    await appendWrites(f.store, [pod('default', 'newest'), pod('other', 'still-elsewhere')]);
    await until(() => held().includes('newest'));
    const rebuilt = await start(f, { ...watcher, name: 'pod-watcher-again' });
    const podVersions = (state: ClusterState) => state.list({ group: '', resource: 'pods' }).map((s) => [s.object.metadata.namespace, s.object.metadata.name, s.streamVersion]);
    expect(podVersions(rebuilt.state)).toEqual(podVersions(running.state));
    expect(held()).toEqual(['later', 'newest', 'owned', 'owned-elsewhere', 'plain']);
  });

  it('runs controllers on one shared cache: each decides on the other\'s writes, and one stopping leaves the other running', async () => {
    const f = await world(3);
    // Marks every child the children controller creates; both read the one cache.
    const marker: Controller = {
      name: 'marker',
      keysFor: (change) => (change.resource === 'configmaps' && change.object.metadata.labels?.parent ? [`default/${change.object.metadata.name}`] : []),
      initialKeys: () => [],
      reconcile(key, state) {
        const child = state.get(objectStreamId({ group: '', resource: 'configmaps', namespace: 'default', name: key.split('/')[1] }))?.object;
        if (!child || child.metadata.annotations?.marked) return { writes: [] };
        return { writes: [{ kind: 'update', resource: configMaps, object: { ...child, metadata: { ...child.metadata, annotations: { marked: 'yes' } } } }] };
      },
    };
    const [children, marking] = await runControllers([childrenController, marker], { store: f.store, nats: f.nats, cluster: f.names.cluster, clock: systemClock, logger: silent, retryDelayMs: 50 });
    cleanup.push(() => marking.stop(), () => children.stop());
    expect(marking.state).toBe(children.state);

    const marked = () => children.state.list({ group: '', resource: 'configmaps', namespace: 'default' }).filter((s) => s.object.metadata.annotations?.marked === 'yes').length;
    await until(async () => marked() === 3);
    await children.stop();
    // The cache still follows the log for the controller left: a child created by someone else is marked.
    await f.store.append(objectStreamId({ group: '', resource: 'configmaps', namespace: 'default', name: 'child-x' }), 0, [
      objectEvent(ObjectEventType.Created, configMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'child-x', namespace: 'default', uid: 'x', labels: { parent: 'parent' } } }, meta),
    ]);
    await until(async () => marked() === 4);
    expect(await childCount(f)).toBe(4); // the three asked for, and child-x
  });
});
