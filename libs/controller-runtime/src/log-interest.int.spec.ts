import { afterEach, describe, expect, it } from 'vitest';
import { objectStreamId, ObjectEventType, type KubeObject } from '@kronicle/contracts';
import { createLogFixture, type LogFixture } from '@kronicle/log-fixture';
import { pgAdvisoryLock, startRelay } from '@kronicle/messaging';
import { objectEvent, resourceInfo } from '@kronicle/object-lifecycle';
import { until } from '@kronicle/testing';
import { appendWrites } from './append-writes';
import { systemClock } from './clock';
import { kubeEvent } from './kube-event';
import { nothingToDo } from './object-write';
import { bindFenceStreamId, PodsBound } from './plan-writes';
import { runController, type Controller } from './run-controller';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const meta = { correlationId: 'test', actor: 'user:test', time: new Date(0).toISOString() };
const events = resourceInfo('', 'events');
const parent: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'parent', namespace: 'default', uid: 'parent-uid' } };
const parentStream = objectStreamId({ group: '', resource: 'configmaps', namespace: 'default', name: 'parent' });
const fence = bindFenceStreamId('default-scheduler');

async function world(): Promise<LogFixture> {
  const f = await createLogFixture();
  cleanup.push(() => f.dispose());
  const relay = startRelay({ store: f.store, nats: f.nats, names: f.names, leaderLock: pgAdvisoryLock({ connectionString: f.db.url, key: `relay/${f.names.cluster}`, retryMs: 50 }), pollIntervalMs: 50 });
  cleanup.push(() => relay.stop().catch(() => undefined));
  await f.store.append(objectStreamId({ group: '', resource: 'namespaces', name: 'default' }), 0, [
    objectEvent(ObjectEventType.Created, resourceInfo('', 'namespaces'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', uid: 'ns-uid' } }, meta),
  ]);
  await f.store.append(parentStream, 0, [objectEvent(ObjectEventType.Created, resourceInfo('', 'configmaps'), parent, meta)]);
  return f;
}

/** Records one Kubernetes Event about the parent whenever its cache holds none. */
const recorder: Controller = {
  name: 'recorder',
  logInterest: { kubeEvents: 'own' },
  keysFor: () => ['parent'],
  initialKeys: () => ['parent'],
  reconcile(_key, state, now) {
    const p = state.get(parentStream)?.object;
    if (!p || state.list({ group: '', resource: 'events' }).length > 0) return nothingToDo;
    return { writes: [kubeEvent({ regarding: p, type: 'Normal', reason: 'Seen', message: 'seen', component: 'recorder', now })] };
  },
};

describe('a controller that reads only its own Kubernetes Events', () => {
  it('caches its own Events, followed through others’ counts and deletion, but neither others’ Events nor undeclared non-object events', async () => {
    const f = await world();
    await appendWrites(f.store, [kubeEvent({ regarding: parent, type: 'Normal', reason: 'Seen', message: 'seen', component: 'someone-else', now: new Date() })]);
    await f.store.append(fence, 0, [{ type: PodsBound, data: { scheduler: 'default-scheduler', nodes: { 'node-1': ['default/web'] } }, metadata: meta }]);
    const running = await runController(recorder, { store: f.store, nats: f.nats, cluster: f.names.cluster, clock: systemClock, logger: { debug() {}, info() {}, warn() {}, error() {} } });
    cleanup.push(() => running.stop());
    await running.idle();

    const cachedEvents = () => running.state.list({ group: '', resource: 'events' }).map((s) => s.object as KubeObject & { count?: number; source?: { component?: string } });
    expect(cachedEvents().map((e) => e.source?.component)).toEqual(['recorder']);
    expect(running.state.streamVersion(fence)).toBe(0);
    expect(running.position).toBe(await f.store.headPosition());

    const own = cachedEvents()[0];
    await appendWrites(f.store, [{ kind: 'update', resource: events, object: { ...own, count: 2 } }]);
    await until(() => cachedEvents()[0]?.count === 2);

    await appendWrites(f.store, [{ kind: 'delete', resource: events, namespace: 'default', name: own.metadata.name! }]);
    const next = await until(() => cachedEvents().find((e) => e.metadata.name !== own.metadata.name));
    expect(next.source?.component).toBe('recorder');
    expect(cachedEvents()).toHaveLength(1);
  });
});
