import { randomUUID } from 'node:crypto';
import type { NatsConnection } from 'nats';
import { WrongExpectedVersionError, type EventStore } from '@kronicle/event-store';
import { isPodStream, subscribeToLog, type EventMeta, type LogSubscription, type Logger } from '@kronicle/messaging';
import { ApiError } from '@kronicle/object-lifecycle';
import { ClusterState, type IndexFunction, type ObjectChange } from '@kronicle/projection';
import type { Clock } from './clock';
import { KubeEventCorrelator } from './kube-event-correlator';
import { cacheFilter, controllerActor, type LogInterest } from './log-interest';
import type { ReconcileResult } from './object-write';
import { OwnAppends } from './own-appends';
import { PodScope, type PodsRead } from './pod-scope';
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
  /**
   * Keys reconciled at once (client-go's MaxConcurrentReconciles); default 1. With one worker the
   * runtime waits, after each append, until the cache holds it before taking any key, so every
   * reconcile sees every earlier write of the controller. With more, distinct keys are reconciled
   * concurrently and a key waits only for the controller's own earlier writes *for that key*: only
   * for controllers whose keys decide independently (e.g. one key per node).
   */
  workers?: number;
  /**
   * Status is a report, not an action: a key whose last reconcile wrote nothing but `status` is not
   * reconciled again before this many ms have passed (on the injected clock); changes in between
   * are folded into that one later reconcile, as upstream's work queue coalesces them. A reconcile
   * that creates, deletes or updates anything else is not held back. Default 0: never held back.
   */
  statusIntervalMs?: number;
  /** What it reads besides object changes; its cache then skips the rest unparsed. Default: everything. */
  logInterest?: LogInterest;
  /** The pods it reads, when not every one; its process's cache then holds only those its controllers read. */
  podsRead?: PodsRead;
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
 * keys, `controller.workers` workers reconcile distinct keys. A key is never reconciled on a cache
 * that lacks the controller's own earlier writes for it (with one worker: any of its writes), so it
 * never decides twice on the same stale state (the event-sourced form of client-go's expectations).
 * A lost race appends nothing and is retried.
 */
export async function runController(controller: Controller, options: ControllerRuntimeOptions): Promise<RunningController> {
  const [running] = await runControllers([controller], options);
  return running;
}

/**
 * Runs controllers of one process on one shared cache, as kube-controller-manager's controllers
 * share its informers: the log is followed, parsed and folded once, and every change is offered to
 * each controller's `keysFor`. Each controller keeps its own queue, workers and write tracking.
 * Index names are shared too: two controllers may only name the same index for the same function.
 */
export async function runControllers(controllers: Controller[], options: ControllerRuntimeOptions): Promise<RunningController[]> {
  const { store } = options;
  const state = new ClusterState();
  const indexes = new Map<string, IndexFunction>();
  for (const controller of controllers) {
    for (const [name, keysOf] of Object.entries(controller.indexes ?? {})) {
      const known = indexes.get(name);
      if (known && known !== keysOf) throw new Error(`two controllers define different indexes named '${name}'`);
      if (!known) {
        indexes.set(name, keysOf);
        state.addIndex(name, keysOf);
      }
    }
  }
  let subscription: LogSubscription | undefined;
  const follow = () => subscription!;
  // Upstream's recorder memory (similar events, spam buckets), shared as the cache is.
  const kubeEvents = new KubeEventCorrelator();
  const ownAppends = new OwnAppends();
  const cacheGate = new CacheGate();
  const loops = controllers.map((controller) => controllerLoop(controller, state, follow, { kubeEvents, ownAppends, cacheGate }, options));
  const filter = cacheFilter(controllers);
  const pods = PodScope.of(controllers.map((c) => c.podsRead), state);
  const own = new Set(controllers.map((c) => controllerActor(c.name)));
  const keep = (meta: EventMeta, json: string | undefined) =>
    (filter?.keep(meta) ?? true) && (!pods || !isPodStream(meta.streamId) || pods.takes(meta, json) || own.has(meta.actor));
  const offer = (change: ObjectChange) => {
    filter?.applied(change);
    pods?.applied(change);
    for (const loop of loops) loop.changed(change);
  };
  /** Pods come into scope, read as the log had them at `through`: until they are in the cache, no key is reconciled. */
  const takeInWidened = async (scope: PodScope, through: number) => {
    cacheGate.close();
    for (let selections = scope.widening(); selections.length > 0; selections = scope.widening()) {
      const events = (await Promise.all(selections.map((selection) => store.readLastEvents(selection, through)))).flat();
      scope.widened();
      for (const event of events.sort((a, b) => a.position - b.position)) {
        const change = state.adopt(event);
        if (change) offer(change);
      }
    }
    cacheGate.open();
  };
  subscription = await subscribeToLog({
    store,
    nats: options.nats,
    cluster: options.cluster,
    consumerName: controllers.map((c) => c.name).join('+'),
    fromPosition: 0,
    pageSize: 5000,
    logger: options.logger,
    filter: filter || pods ? keep : undefined,
    feed: () => pods?.feed() ?? 'full',
    appended: (position) => ownAppends.take(position),
    handle: async (events, through) => {
      for (const event of events) {
        const change = state.apply(event);
        if (change) offer(change);
      }
      if (pods && pods.widening().length > 0) await takeInWidened(pods, through);
    },
  });
  await subscription.waitFor(await store.headPosition());
  let open = loops.length;
  return loops.map((loop) => {
    loop.start();
    return {
      name: loop.name,
      state,
      get position() {
        return follow().position;
      },
      idle: loop.idle,
      async stop() {
        await loop.stop();
        // The cache follows the log until the last controller on it has stopped.
        if (--open === 0) await follow().close();
        loop.releaseIdleWaiters();
      },
    };
  });
}

/** Closed while the cache takes in what came into scope: a reconcile then waits, as on a cache that is behind. */
class CacheGate {
  private opened: { promise: Promise<void>; resolve: () => void } | undefined;

  close(): void {
    if (this.opened) return;
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    this.opened = { promise, resolve };
  }

  open(): void {
    this.opened?.resolve();
    this.opened = undefined;
  }

  /** While closed, when it opens; checked in the turn that reads the cache, as a turn later it may be closed again. */
  get opening(): Promise<void> | undefined {
    return this.opened?.promise;
  }
}

/** One controller on a shared cache: its queue, its workers and what it has written. */
function controllerLoop(
  controller: Controller,
  state: ClusterState,
  follow: () => LogSubscription,
  shared: { kubeEvents: KubeEventCorrelator; ownAppends: OwnAppends; cacheGate: CacheGate },
  options: ControllerRuntimeOptions,
) {
  const { kubeEvents, ownAppends, cacheGate } = shared;
  const { store, clock, logger } = options;
  const queue = new WorkQueue();
  const stopping = new AbortController();
  const timers = new Map<string, () => void>();
  const workers = Math.max(1, Math.floor(controller.workers ?? 1));
  // Per key, the log position of the last append it made: the cache must reach it before the key is decided again.
  const writtenUpTo = new Map<string, number>();
  // Keys whose last reconcile wrote only status, with when; and the keys held back until their interval is over.
  const statusWrittenAt = new Map<string, number>();
  const heldBack = new Map<string, () => void>();
  let idleWaiters: (() => void)[] = [];
  let running: Promise<unknown> = Promise.resolve();

  const requeueAfter = (key: string, ms: number) => {
    timers.get(key)?.();
    timers.set(key, clock.schedule(ms, () => (timers.delete(key), queue.add(key))));
  };

  const reconcileOnce = async (key: string) => {
    const subscription = follow();
    const mustSee = writtenUpTo.get(key);
    if (mustSee !== undefined) {
      await subscription.waitFor(mustSee);
      writtenUpTo.delete(key);
    }
    while (cacheGate.opening) await cacheGate.opening;
    const result = controller.reconcile(key, state, clock.now());
    if (result.requeueAfterMs !== undefined) requeueAfter(key, result.requeueAfterMs);
    if (result.writes.length === 0) return;
    const correlationId = randomUUID();
    const now = clock.now();
    const events = kubeEvents.draft(now);
    const requests = planWrites(
      result.writes,
      state,
      { now, newUid: randomUUID, randomSuffix: () => Array.from({ length: 5 }, () => GENERATE_NAME_ALPHABET[Math.floor(Math.random() * GENERATE_NAME_ALPHABET.length)]).join('') },
      { correlationId, causationId: `reconcile:${key}`, actor: controllerActor(controller.name), time: now.toISOString() },
      events,
    );
    // What the recorder observed is kept only once the writes are in (a refused plan is decided again).
    if (requests.length === 0) return events.commit();
    const results = await store.appendAll(requests);
    ownAppends.remember(requests, results, state);
    events.commit();
    if (controller.statusIntervalMs && result.writes.every((w) => w.kind === 'update' && w.subresource === 'status')) statusWrittenAt.set(key, clock.now().getTime());
    else statusWrittenAt.delete(key);
    const last = Math.max(...results.flatMap((r) => r.positions));
    if (workers === 1) await subscription.waitFor(last);
    else remember(key, last);
    logger.debug({ controller: controller.name, key, correlationId, events: results.length }, 'reconciled');
  };

  const remember = (key: string, position: number) => {
    writtenUpTo.set(key, position);
    if (writtenUpTo.size > 4096) for (const [k, p] of writtenUpTo) if (p <= follow().position) writtenUpTo.delete(k);
  };
  const highestWritten = () => {
    let highest = 0;
    for (const p of writtenUpTo.values()) highest = Math.max(highest, p);
    return highest;
  };

  /** Ms the key must still wait after its last status-only write (0: reconcile now). */
  const holdBack = (key: string) => {
    const at = statusWrittenAt.get(key);
    if (at === undefined) return 0;
    const wait = at + (controller.statusIntervalMs ?? 0) - clock.now().getTime();
    if (wait <= 0) statusWrittenAt.delete(key);
    return Math.max(0, wait);
  };

  const work = async () => {
    for (;;) {
      const key = await queue.take(stopping.signal);
      if (key === undefined) return;
      const wait = holdBack(key);
      if (wait > 0) {
        if (!heldBack.has(key)) heldBack.set(key, clock.schedule(wait, () => (heldBack.delete(key), statusWrittenAt.delete(key), queue.add(key))));
        queue.done(key);
        continue;
      }
      try {
        await reconcileOnce(key);
      } catch (err) {
        if (err instanceof WrongExpectedVersionError) {
          // Someone else wrote first: decide again once the cache has their change.
          await follow()
            .waitFor(await store.headPosition())
            .catch(() => undefined);
          queue.add(key);
        } else if (err instanceof ApiError) {
          logger.warn({ controller: controller.name, key, status: err.status }, 'write refused');
          requeueAfter(key, options.retryDelayMs ?? 1000);
        } else {
          logger.error({ controller: controller.name, key, err }, 'reconcile failed');
          requeueAfter(key, options.retryDelayMs ?? 1000);
        }
      } finally {
        queue.done(key);
        if (queue.length === 0 && queue.inFlight === 0 && heldBack.size === 0) for (const resolve of idleWaiters.splice(0)) resolve();
      }
    }
  };

  return {
    name: controller.name,
    /** A change folded into the shared cache: enqueue the keys it concerns. */
    changed(change: ObjectChange) {
      for (const key of controller.keysFor(change, state)) queue.add(key);
    },
    /** The cache has caught up with the log: look at everything once, then reconcile. */
    start() {
      for (const key of controller.initialKeys(state)) queue.add(key);
      running = Promise.all(Array.from({ length: workers }, work));
    },
    /** Queue empty, nothing being reconciled, and the cache holds every write made (its changes may enqueue more). */
    async idle() {
      for (;;) {
        if (stopping.signal.aborted) return;
        if (queue.length > 0 || queue.inFlight > 0 || heldBack.size > 0) {
          await new Promise<void>((resolve) => idleWaiters.push(resolve));
          continue;
        }
        const highest = highestWritten();
        if (highest > follow().position) {
          await follow().waitFor(highest);
          continue;
        }
        return;
      }
    },
    async stop() {
      stopping.abort();
      for (const cancel of timers.values()) cancel();
      for (const cancel of heldBack.values()) cancel();
      await running;
    },
    releaseIdleWaiters() {
      for (const resolve of idleWaiters.splice(0)) resolve();
      idleWaiters = [];
    },
  };
}
