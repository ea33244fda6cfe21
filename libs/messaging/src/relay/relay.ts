import type { NatsNames } from '@kronicle/contracts';
import type { EncodedEvent, EncodedEventReader, EventStore } from '@kronicle/event-store';
import type { NatsConnection } from 'nats';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeFeedBatches, FEED_MESSAGE_BYTES, leftOutOfLeanFeed, leftOutOfLightFeed, type FeedEvent } from '../log-feed';
import { encodeLogHead } from '../log-head';
import { silentLogger, type Logger } from '../logger';
import { WakeSignal } from '../wake-signal';
import { ensureEventsStream, eventsStreamConfig, type EventsStreamOptions } from './events-stream';
import { createAsyncPublisher, type AsyncPublisher } from './async-publisher';
import type { LeaderLock, Lease } from './leader-lock';
import { publishPage } from './publish-page';

/** Checkpoint name under which the relay stores the last position JetStream acknowledged. */
export const RELAY_CHECKPOINT = 'relay';

/** What the relay needs of the log: encoded pages, its checkpoint and news of appends. */
export type RelayStore = EncodedEventReader & Pick<EventStore, 'readCheckpoint' | 'storeCheckpoint' | 'onAppended'>;

export interface RelayOptions {
  store: RelayStore;
  nats: NatsConnection;
  names: NatsNames;
  leaderLock: LeaderLock;
  stream?: EventsStreamOptions;
  /** Events read and published per round. Default 1000. */
  pageSize?: number;
  /** Safety-net poll in case an append notification is lost. Default 5 seconds. */
  pollIntervalMs?: number;
  /** How often the log head is announced on core NATS. Default 1 second. */
  headIntervalMs?: number;
  /**
   * How often, at most, the checkpoint is written; a relay that has caught up writes it when the
   * interval is over. A crash republishes what it had not recorded, which JetStream drops by message
   * id: keep this well inside the stream's duplicate window. Default 1 second.
   */
  checkpointIntervalMs?: number;
  /** Pause before retrying after a failed round. Default 1 second. */
  retryDelayMs?: number;
  logger?: Logger;
  /** Called after each page is acknowledged, as `checkpoint` moves to its end (metrics). */
  onPublished?(page: PublishedPage): void;
}

export interface PublishedPage {
  events: EncodedEvent[];
  /** How many JetStream had already seen (republished after a crash). */
  duplicates: number;
  checkpoint: number;
}

export type RelayState = 'waiting' | 'leading' | 'stopped';

export interface Relay {
  readonly state: RelayState;
  /** Last position published and acknowledged (0 until leading). */
  readonly checkpoint: number;
  /** Settles when the relay stops; rejects if it lost leadership. */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Publishes the log to JetStream in log order, from its checkpoint on, while it holds the
 * cluster's leader lock, and each page also as the feed Kronicle's services follow (log-feed.ts).
 * A crash republishes what its last stored checkpoint does not cover; message ids make JetStream drop the
 * copies, and consumers drop the feed's by position.
 */
export function startRelay(options: RelayOptions): Relay {
  const logger = options.logger ?? silentLogger;
  const abort = new AbortController();
  const wake = new WakeSignal();
  let state: RelayState = 'waiting';
  let checkpoint = 0;
  // What the store holds, and when it was written: a write per page cost a commit per ~70 events under
  // load, and one per append when appends trickle in.
  const checkpointIntervalMs = options.checkpointIntervalMs ?? 1000;
  let storedCheckpoint = 0;
  let storedAt = 0;
  const checkpointDueInMs = () => storedAt + checkpointIntervalMs - Date.now();

  const announceHead = () => options.nats.publish(options.names.logHead, encodeLogHead({ position: checkpoint }));

  async function lead(lease: Lease): Promise<void> {
    let lostError: Error | undefined;
    void lease.lost.then((err) => {
      lostError = err;
      wake.wake();
    });
    const unsubscribe = await options.store.onAppended(() => wake.wake());
    const headTimer = setInterval(announceHead, options.headIntervalMs ?? 1000);
    let publisher: AsyncPublisher | undefined;
    try {
      await ensureEventsStream(await options.nats.jetstreamManager(), eventsStreamConfig(options.names, options.stream));
      checkpoint = storedCheckpoint = await options.store.readCheckpoint(RELAY_CHECKPOINT);
      state = 'leading';
      logger.info({ checkpoint }, 'relay leading');
      publisher = createAsyncPublisher(options.nats);
      while (!abort.signal.aborted) {
        if (lostError) throw lostError;
        if ((await relayPage(publisher)) > 0) continue;
        // Caught up: the checkpoint is written once the interval is over, unless new events come first.
        if (checkpoint === storedCheckpoint) await wake.wait(options.pollIntervalMs ?? 5000);
        else if (!(await wake.wait(Math.max(0, checkpointDueInMs())))) await storeCheckpoint(true);
      }
    } finally {
      if (state === 'leading' && !lostError) await storeCheckpoint(true);
      publisher?.close();
      clearInterval(headTimer);
      await unsubscribe();
    }
  }

  async function relayPage(publisher: AsyncPublisher): Promise<number> {
    try {
      const events = await options.store.readAllEncoded(checkpoint, options.pageSize ?? 1000);
      if (events.length === 0) return 0;
      // First the feed: the events are committed, so services need not wait for JetStream's acknowledgements.
      const maxBytes = Math.min(FEED_MESSAGE_BYTES, options.nats.info?.max_payload ?? Infinity);
      const full = encodeFeedBatches(checkpoint, events, maxBytes);
      for (const batch of full) options.nats.publish(options.names.logFeed, batch);
      // A page with no more text to leave out (pods with owners, say) is the same on the lighter feed: sent again, not deflated again.
      const leftOut = new Set<FeedEvent>(events.filter(leftOutOfLightFeed));
      const light = leftOut.size === 0 ? full : encodeFeedBatches(checkpoint, events, maxBytes, (event) => leftOut.has(event));
      for (const batch of light) options.nats.publish(options.names.logLightFeed, batch);
      // The lean feed leaves out what the light one does and more: only the events the light one keeps are asked.
      const leanLeftOut = new Set<FeedEvent>(leftOut);
      for (const event of events) if (!leftOut.has(event) && leftOutOfLeanFeed(event)) leanLeftOut.add(event);
      const lean = leanLeftOut.size === leftOut.size ? light : encodeFeedBatches(checkpoint, events, maxBytes, (event) => leanLeftOut.has(event));
      for (const batch of lean) options.nats.publish(options.names.logLeanFeed, batch);
      const duplicates = await publishPage(publisher, options.names, events);
      checkpoint = events[events.length - 1].position;
      // Reported before the checkpoint is stored: whoever sees `checkpoint` move sees its page too.
      options.onPublished?.({ events, duplicates, checkpoint });
      for (const e of events) logger.debug({ position: e.position, type: e.type, correlationId: e.correlationId }, 'published');
      announceHead();
      await storeCheckpoint(false);
      return events.length;
    } catch (err) {
      // NATS or Postgres hiccup: the checkpoint did not move, so the retry republishes the same page.
      logger.error({ err, checkpoint }, 'relay round failed');
      await sleep(options.retryDelayMs ?? 1000, undefined, { signal: abort.signal }).catch(() => {});
      return 0;
    }
  }

  /** Records the checkpoint if it moved and, unless `now`, the interval has passed. */
  async function storeCheckpoint(now: boolean): Promise<void> {
    if (checkpoint === storedCheckpoint || (!now && checkpointDueInMs() > 0)) return;
    try {
      await options.store.storeCheckpoint(RELAY_CHECKPOINT, checkpoint);
      storedCheckpoint = checkpoint;
      storedAt = Date.now();
    } catch (err) {
      // Only a restart reads it, and republishing is harmless: keep relaying, try again later.
      logger.error({ err, checkpoint }, 'relay could not store its checkpoint');
      await sleep(options.retryDelayMs ?? 1000, undefined, { signal: abort.signal }).catch(() => {});
    }
  }

  async function run(): Promise<void> {
    let lease: Lease;
    try {
      lease = await options.leaderLock.acquire(abort.signal);
    } catch (err) {
      if (abort.signal.aborted) return;
      throw err;
    }
    try {
      await lead(lease);
    } finally {
      state = 'stopped';
      await lease.release();
    }
  }

  const done = run().finally(() => {
    state = 'stopped';
  });
  return {
    get state() {
      return state;
    },
    get checkpoint() {
      return checkpoint;
    },
    done,
    async stop() {
      abort.abort();
      wake.wake();
      await done;
    },
  };
}
