import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectEventType, type KubeObject } from '@kronicle/contracts';
import { appendWrites, kubeEvent, runController, systemClock, type RunningController } from '@kronicle/controller-runtime';
import { createLogFixture, type LogFixture } from '@kronicle/log-fixture';
import { pgAdvisoryLock, silentLogger, startRelay, type Relay } from '@kronicle/messaging';
import { rebuildState } from '@kronicle/projection';
import { eventTtlController } from './event-ttl/event-ttl-controller';
import { garbageCollector } from './garbage-collector/garbage-collector';
import { namespaceController } from './namespace/namespace-controller';
import { configMap, deleteWrite, namespace, refTo } from './test-support';
import { until } from '@kronicle/testing';

let f: LogFixture;
let relay: Relay;
let controllers: RunningController[] = [];

const userWrites = (writes: Parameters<typeof appendWrites>[1]) => appendWrites(f.store, writes);

async function get(resource: string, ns: string | undefined, name: string): Promise<KubeObject | undefined> {
  const state = await rebuildState(f.store);
  return state.list({ group: '', resource, namespace: ns }).find((s) => s.object.metadata.name === name)?.object;
}


const gone = (resource: string, ns: string | undefined, name: string) => async () => !(await get(resource, ns, name));

async function startControllers(): Promise<void> {
  for (const controller of [garbageCollector, namespaceController]) {
    controllers.push(await runController(controller, { store: f.store, nats: f.nats, cluster: f.names.cluster, clock: systemClock, logger: silentLogger }));
  }
}

async function stopControllers(): Promise<void> {
  for (const c of controllers.splice(0)) await c.stop();
}

/** Positions of the ObjectDeleted events of these configmaps, in log order. */
async function deletionOrder(ns: string, names: string[]): Promise<string[]> {
  const events = await f.store.readAll(0, 100_000);
  return events
    .filter((e) => e.type === ObjectEventType.Deleted && names.some((n) => e.streamId === `k8s/core/configmaps/${ns}/${n}`))
    .map((e) => e.streamId.split('/').pop() ?? '');
}

beforeAll(async () => {
  f = await createLogFixture();
  await userWrites([namespace('default')]);
  relay = startRelay({ store: f.store, nats: f.nats, names: f.names, leaderLock: pgAdvisoryLock({ connectionString: f.db.url, key: `relay/${f.names.cluster}`, retryMs: 50 }), pollIntervalMs: 100 });
  await startControllers();
});

afterAll(async () => {
  await stopControllers();
  await relay?.stop();
  await f?.dispose();
});

describe('garbage collector and namespace controller on the real log', () => {
  it('deletes the dependents of an owner deleted in the background', async () => {
    await userWrites([configMap('bg-owner')]);
    await userWrites([configMap('bg-child', [refTo(await get('configmaps', 'default', 'bg-owner'))])]);
    await userWrites([configMap('bg-grandchild', [refTo(await get('configmaps', 'default', 'bg-child'))])]);

    await userWrites([deleteWrite('configmaps', 'default', 'bg-owner')]);

    await until(gone('configmaps', 'default', 'bg-grandchild'));
    expect(await get('configmaps', 'default', 'bg-child')).toBeUndefined();
  });

  it('deletes an owner in the foreground only after its blocking dependents', async () => {
    await userWrites([configMap('fg-owner')]);
    await userWrites([configMap('fg-child', [refTo(await get('configmaps', 'default', 'fg-owner'), { blockOwnerDeletion: true })])]);
    await userWrites([configMap('fg-grandchild', [refTo(await get('configmaps', 'default', 'fg-child'), { blockOwnerDeletion: true })])]);

    await userWrites([deleteWrite('configmaps', 'default', 'fg-owner', 'Foreground')]);

    await until(gone('configmaps', 'default', 'fg-owner'));
    expect(await deletionOrder('default', ['fg-owner', 'fg-child', 'fg-grandchild'])).toEqual(['fg-grandchild', 'fg-child', 'fg-owner']);
  });

  it('orphans dependents, also when the collector was down while the owner was deleted', async () => {
    await userWrites([configMap('or-owner')]);
    await userWrites([configMap('or-child', [refTo(await get('configmaps', 'default', 'or-owner'))])]);
    await stopControllers();

    await userWrites([deleteWrite('configmaps', 'default', 'or-owner', 'Orphan')]);
    expect((await get('configmaps', 'default', 'or-owner'))?.metadata.finalizers).toEqual(['orphan']);
    await startControllers();

    await until(gone('configmaps', 'default', 'or-owner'));
    expect((await get('configmaps', 'default', 'or-child'))?.metadata.ownerReferences).toBeUndefined();
  });

  it('empties a deleted namespace, then deletes it', async () => {
    await userWrites([namespace('doomed')]);
    await userWrites([configMap('a', [], 'doomed'), configMap('b', [], 'doomed')]);
    await userWrites([configMap('c', [refTo(await get('configmaps', 'doomed', 'a'))], 'doomed')]);

    await userWrites([deleteWrite('namespaces', undefined, 'doomed')]);

    await until(gone('namespaces', undefined, 'doomed'));
    expect((await rebuildState(f.store)).all().filter((s) => s.object.metadata.namespace === 'doomed')).toEqual([]);
  });

  it('deletes a Kubernetes Event one TTL after it was recorded', async () => {
    const ttl = await runController(eventTtlController(2), { store: f.store, nats: f.nats, cluster: f.names.cluster, clock: systemClock, logger: silentLogger });
    try {
      await userWrites([configMap('noted')]);
      const regarding = await get('configmaps', 'default', 'noted');
      const event = kubeEvent({ regarding: regarding!, type: 'Normal', reason: 'Noted', message: 'for the TTL', component: 'tester', now: new Date() });
      await userWrites([event]);
      const name = event.kind === 'create' ? (event.object.metadata.name ?? '') : '';
      const recorded = Date.now();
      expect(await get('events', 'default', name)).toBeDefined();

      await until(gone('events', 'default', name), 10_000);
      expect(Date.now() - recorded).toBeGreaterThanOrEqual(1000); // not at once: an Event's times have whole seconds
    } finally {
      await ttl.stop();
    }
  });
});
