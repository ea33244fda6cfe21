import { randomUUID } from 'node:crypto';
import type { NatsConnection } from 'nats';
import { WrongExpectedVersionError, type EventStore } from '@kronicle/event-store';
import { subscribeToLog, type Logger } from '@kronicle/messaging';
import { ApiError } from '@kronicle/object-lifecycle';
import { ClusterState, type IndexFunction, type ObjectChange } from '@kronicle/projection';
import type { Clock } from './clock';
import type { ReconcileResult } from './object-write';
import { planWrites } from './plan-writes';
import { WorkQueue } from './work-queue';

/** A level-triggered controller: which keys a change concerns, and a pure reconcile of one key. */
export interface Controller {
  /** Also the log consumer's name and the actor of its events (`service:<name>`). */
  name: string;
  /** Keys to reconcile after a change; e.g. a pod change concerns its owner's key. */
  keysFor(change: ObjectChange, state: ClusterState): string[];
  /** Every key to reconcile at start (level-triggered: the whole state is looked at once). */
  initialKeys(state: ClusterState): string[];
  /** Decides, from the current state alone, the writes that move it toward the desired state. */
  reconcile(key: string, state: ClusterState, now: Date): ReconcileResult;
  /** Secondary indexes the cache keeps for this controller (see ClusterState.addIndex), added before it fills. */
  indexes?: Record<string, IndexFunction>;
}

export interface ControllerRuntimeOptions {
  store: EventStore;
  nats: NatsConnection;
  cluster: string;
  clock: Clock;
  logger: Logger;
  /** Pause before retrying a key whose reconcile failed. Default 1 s. */
  retryDelayMs?: number;
}

export interface RunningController {
  /** The controller's name. */
  name: string;
  state: ClusterState;
  /** Log position the cache has reached. */
  readonly position: number;
  /** Resolves once the queue is empty and nothing is being reconciled (tests). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const GENERATE_NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * Runs a controller: its cache follows the log (catch-up from Postgres, then NATS), changes enqueue
 * keys, one worker reconciles them. After appending, the worker waits until the cache holds its own
 * writes before reconciling again, so it never decides twice on the same stale state (the
 * event-sourced form of client-go's expectations). A lost race appends nothing and is retried.
 */
export async function runController(controller: Controller, options: ControllerRuntimeOptions): Promise<RunningController> {
  const { store, clock, logger } = options;
  const state = new ClusterState();
  for (const [name, keysOf] of Object.entries(controller.indexes ?? {})) state.addIndex(name, keysOf);
  const queue = new WorkQueue();
  const stopping = new AbortController();
  const timers = new Map<string, () => void>();
  let busy = false;
  let idleWaiters: (() => void)[] = [];

  const subscription = await subscribeToLog({
    store,
    nats: options.nats,
    cluster: options.cluster,
    consumerName: controller.name,
    fromPosition: 0,
    pageSize: 5000,
    logger,
    handle: async (events) => {
      for (const event of events) {
        const change = state.apply(event);
        if (change) for (const key of controller.keysFor(change, state)) queue.add(key);
      }
    },
  });
  await subscription.waitFor(await store.headPosition());
  for (const key of controller.initialKeys(state)) queue.add(key);

  const requeueAfter = (key: string, ms: number) => {
    timers.get(key)?.();
    timers.set(key, clock.schedule(ms, () => (timers.delete(key), queue.add(key))));
  };

  const reconcileOnce = async (key: string) => {
    const correlationId = randomUUID();
    const result = controller.reconcile(key, state, clock.now());
    if (result.requeueAfterMs !== undefined) requeueAfter(key, result.requeueAfterMs);
    if (result.writes.length === 0) return;
    const now = clock.now();
    const requests = planWrites(
      result.writes,
      state,
      { now, newUid: randomUUID, randomSuffix: () => Array.from({ length: 5 }, () => GENERATE_NAME_ALPHABET[Math.floor(Math.random() * GENERATE_NAME_ALPHABET.length)]).join('') },
      { correlationId, causationId: `reconcile:${key}`, actor: `service:${controller.name}`, time: now.toISOString() },
    );
    if (requests.length === 0) return;
    const results = await store.appendAll(requests);
    const last = Math.max(...results.flatMap((r) => r.positions));
    await subscription.waitFor(last);
    logger.debug({ controller: controller.name, key, correlationId, events: results.length }, 'reconciled');
  };

  const worker = (async () => {
    for (;;) {
      if (queue.length === 0 && !busy) for (const resolve of idleWaiters.splice(0)) resolve();
      const key = await queue.take(stopping.signal);
      if (key === undefined) return;
      busy = true;
      try {
        await reconcileOnce(key);
      } catch (err) {
        if (err instanceof WrongExpectedVersionError) {
          // Someone else wrote first: decide again once the cache has their change.
          await subscription.waitFor(await store.headPosition()).catch(() => undefined);
          queue.add(key);
        } else if (err instanceof ApiError) {
          logger.warn({ controller: controller.name, key, status: err.status }, 'write refused');
          requeueAfter(key, options.retryDelayMs ?? 1000);
        } else {
          logger.error({ controller: controller.name, key, err }, 'reconcile failed');
          requeueAfter(key, options.retryDelayMs ?? 1000);
        }
      } finally {
        busy = false;
        queue.done(key);
      }
    }
  })();

  return {
    name: controller.name,
    state,
    get position() {
      return subscription.position;
    },
    idle: () => (queue.length === 0 && !busy ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
    async stop() {
      stopping.abort();
      for (const cancel of timers.values()) cancel();
      await worker;
      await subscription.close();
      idleWaiters = [];
    },
  };
}
