import { LazyRecordedEvent, natsNames, type RecordedEvent } from '@kronicle/contracts';
import type { EncodedEventReader, EventStore } from '@kronicle/event-store';
import type { NatsConnection } from 'nats';
import { setTimeout as sleep } from 'node:timers/promises';
import { eventMetaOfEvent, type EventMeta } from '../event-message';
import { decodeFeedBatch, type FeedEntry } from '../log-feed';
import { decodeLogHead } from '../log-head';
import { silentLogger, type Logger } from '../logger';
import { WakeSignal } from '../wake-signal';
import { planDelivery } from './plan-delivery';

/** The relay's feeds: every text, most pod texts left out, and those of ReplicaSets' pods too (log-feed.ts). */
export type FeedChoice = 'full' | 'light' | 'lean';

export interface SubscribeToLogOptions {
  store: EventStore;
  nats: NatsConnection;
  cluster: string;
  consumerName: string;
  /** Last position already applied; events after it are delivered. Default: the consumer's stored checkpoint. */
  fromPosition?: number;
  /**
   * Gets events in log order, one call at a time; its resolution marks them applied, and every event
   * up to `through` (the last of them, or a later one the filter passed over) handled.
   */
  handle(events: RecordedEvent[], through: number): Promise<void>;
  /**
   * Decides from headers, and if it must from the event's JSON text (searched, not parsed), whether
   * an event interests this consumer; others are skipped unparsed. Asked in log order.
   */
  filter?(meta: EventMeta, json: string | undefined): boolean;
  /**
   * Which of the relay's feeds to follow, asked at the start and after each `handle` call: the light
   * and lean feeds leave out most pod events' texts (log-feed.ts); one this consumer's filter wants is
   * then read from the log. Default: the feed.
   */
  feed?(): FeedChoice;
  /**
   * The data of an event at this position as this process appended it, if it keeps it (taken once):
   * the event is then delivered with that data instead of parsing it out of the text again.
   */
  appended?(position: number): { data: unknown } | undefined;
  /** Most events per `handle` call from NATS. Default 500. */
  maxBatch?: number;
  /** Events per read of the log when catching up; also the most per `handle` call then. Default 1000. */
  pageSize?: number;
  /** Events buffered while `handle` runs; beyond it the consumer drops them and reads the log instead. Default 10000. */
  maxBuffered?: number;
  /**
   * How long `waitFor` trusts NATS to bring a position before reading the log, while the feed is
   * silent; each time the feed brought something meanwhile, it waits as long again. Default 100 ms.
   */
  waitForGraceMs?: number;
  /** After this long without messages the consumer checks the log head in Postgres. Default 2 seconds. */
  idleCheckMs?: number;
  /** Pause before retrying after `handle` or a read failed. Default 1 second. */
  retryDelayMs?: number;
  logger?: Logger;
}

export interface LogSubscription {
  /** Every event up to here has been handled (or filtered out). */
  readonly position: number;
  /** Resolves once `position` reaches the given one; rejects after `timeoutMs` (if given) or on close. */
  waitFor(position: number, timeoutMs?: number): Promise<void>;
  /** Stops following; waits for a running `handle` call to finish. */
  close(): Promise<void>;
}

interface Waiter {
  position: number;
  settle(err?: Error): void;
}

/**
 * Delivers the log to `handle` in order, at least once, without gaps: it reads the log from
 * Postgres to catch up, then follows the relay's feed on NATS (log-feed.ts). An event that does not
 * continue the last position is either old (dropped) or reveals missed messages, which are then
 * read from Postgres. The relay's log-head announcement reveals a missed tail the same way.
 */
export async function subscribeToLog(options: SubscribeToLogOptions): Promise<LogSubscription> {
  const names = natsNames(options.cluster);
  const { store, handle } = options;
  const filter = options.filter ?? (() => true);
  const appended = options.appended ?? (() => undefined);
  const lazyEvent = (position: number, type: string, streamId: string, streamVersion: number, json: string) =>
    new LazyRecordedEvent(position, type, streamId, streamVersion, json, appended(position));
  const maxBatch = options.maxBatch ?? 500;
  const pageSize = options.pageSize ?? 1000;
  const maxBuffered = options.maxBuffered ?? 10_000;
  const idleCheckMs = options.idleCheckMs ?? 2000;
  const logger = options.logger ?? silentLogger;
  const closing = new AbortController();
  const wake = new WakeSignal();
  const waiters = new Set<Waiter>();

  let position = options.fromPosition ?? (await store.readCheckpoint(options.consumerName));
  // Highest position known to be committed: beyond `position` with an empty inbox means a missed tail.
  let knownHead = position;
  let needCatchUp = true;
  let inbox: FeedEntry[] = [];
  // Feed messages received so far: a waiter whose grace ran out while this moved keeps waiting.
  let feedMessages = 0;

  const subscribeToFeed = (subject: string) =>
    options.nats.subscribe(subject, {
      callback: (err, msg) => {
        const batch = err ? undefined : decodeFeedBatch(msg.data);
        if (!batch) return;
        feedMessages++;
        if (inbox.length + batch.entries.length > maxBuffered) {
          inbox = [];
          needCatchUp = true;
        } else for (const entry of batch.entries) inbox.push(entry);
        wake.wake();
      },
    });
  const feedSubject = () => ({ full: names.logFeed, light: names.logLightFeed, lean: names.logLeanFeed })[options.feed?.() ?? 'full'];
  // Subscribed before the first catch-up, so nothing published during it is lost.
  let followed = feedSubject();
  let feedSub = subscribeToFeed(followed);
  // Both feeds carry every position: what one brought before the switch, the other goes on from, and
  // what the switch missed shows as a gap.
  const followWantedFeed = () => {
    const subject = feedSubject();
    if (subject === followed) return;
    feedSub.unsubscribe();
    followed = subject;
    feedSub = subscribeToFeed(subject);
  };
  const headSub = options.nats.subscribe(names.logHead, {
    callback: (err, msg) => {
      const head = err ? undefined : decodeLogHead(msg.data);
      if (head && head.position > knownHead) {
        knownHead = head.position;
        wake.wake();
      }
    },
  });

  function advance(to: number): void {
    position = to;
    for (const waiter of waiters) if (waiter.position <= position) waiter.settle();
  }

  async function apply(events: RecordedEvent[], through: number): Promise<void> {
    if (events.length > 0) await handle(events, through);
    advance(through);
    followWantedFeed();
  }

  async function catchUp(): Promise<void> {
    for (;;) {
      const page = await readPage(store, position, pageSize, filter, lazyEvent);
      if (page.read > 0) await apply(page.events, page.through);
      if (page.read < pageSize || closing.signal.aborted) break;
    }
    // The log ends here for now: a head hint beyond it (a premature waitFor) must not make us spin.
    knownHead = Math.min(knownHead, position);
  }

  async function drainInbox(): Promise<void> {
    const plan = planDelivery(position, inbox, linkOf, maxBatch);
    inbox.splice(0, plan.consumed);
    if (plan.gap) needCatchUp = true;
    const wanted: RecordedEvent[] = [];
    let through = plan.through;
    for (const { meta, streamVersion, json, after } of plan.deliver) {
      if (!filter(meta, json)) continue;
      if (json === undefined) {
        // Wanted, but the light feed left its text out: the log has it.
        through = after;
        needCatchUp = true;
        break;
      }
      wanted.push(lazyEvent(meta.position, meta.type, meta.streamId, streamVersion, json));
    }
    await apply(wanted, through);
  }

  async function run(): Promise<void> {
    while (!closing.signal.aborted) {
      try {
        if (needCatchUp) {
          needCatchUp = false;
          await catchUp();
        } else if (inbox.length > 0) await drainInbox();
        else if (position < knownHead) needCatchUp = true;
        else {
          // Quiet for a while: ask the log itself, in case the relay (and so NATS) has gone silent. Not
          // after a wake: while NATS streams, the log's head is always a little ahead of it, and
          // reading the log then would fetch every event twice.
          const woken = await wake.wait(idleCheckMs);
          if (!woken && inbox.length === 0 && !needCatchUp && (await store.headPosition()) > position) needCatchUp = true;
        }
      } catch (err) {
        // The failed events were not marked applied: the log has them for the retry.
        logger.error({ err, consumer: options.consumerName, position }, 'consumer round failed');
        needCatchUp = true;
        await sleep(options.retryDelayMs ?? 1000, undefined, { signal: closing.signal }).catch(() => {});
      }
    }
  }

  const running = run();
  return {
    get position() {
      return position;
    },
    waitFor(target, timeoutMs) {
      if (target <= position) return Promise.resolve();
      if (closing.signal.aborted) return Promise.reject(new Error('log subscription closed'));
      return new Promise<void>((resolve, reject) => {
        // Usually NATS brings the event within milliseconds. When the feed falls silent instead (the
        // relay is down), the log is read. A feed that is merely behind, as when the machine is busy,
        // will bring it: reading the log then would fetch every event twice and make it busier still.
        const graceMs = options.waitForGraceMs ?? 100;
        let feedAtStart = feedMessages;
        const judge = () => {
          if (feedMessages !== feedAtStart) {
            feedAtStart = feedMessages;
            grace = setTimeout(onGrace, graceMs);
            return;
          }
          knownHead = Math.max(knownHead, target);
          wake.wake();
        };
        // Node runs due timers before it reads its sockets: in a process busy for longer than the grace,
        // the timer comes first though the feed's messages are already there. They are read before
        // an immediate runs; judging only then kept busy services from reading the log for nothing
        // (the node-agent ~90 times in one bench:rollout, the ReplicaSet controller pages of 5,000).
        let check: NodeJS.Immediate | undefined;
        const onGrace = () => (check = setImmediate(judge));
        let grace = setTimeout(onGrace, graceMs);
        const timeout =
          timeoutMs === undefined
            ? undefined
            : setTimeout(() => waiter.settle(new Error(`timed out waiting for log position ${target}, at ${position}`)), timeoutMs);
        const waiter: Waiter = {
          position: target,
          settle(err) {
            clearTimeout(grace);
            clearImmediate(check);
            clearTimeout(timeout);
            waiters.delete(waiter);
            if (err) reject(err);
            else resolve();
          },
        };
        waiters.add(waiter);
      });
    },
    async close() {
      closing.abort();
      feedSub.unsubscribe();
      headSub.unsubscribe();
      wake.wake();
      await running;
      for (const waiter of waiters) waiter.settle(new Error('log subscription closed'));
    },
  };
}

const linkOf = (entry: FeedEntry) => ({ position: entry.meta.position, after: entry.after });

/**
 * A page of the log after `after`, the events `filter` keeps, and the last position read. A store that
 * reads events encoded (Postgres) gives them as the feed does, parsed only when looked into: a
 * service catching up on a long log reads most events no more than it does live.
 */
async function readPage(
  store: EventStore,
  after: number,
  limit: number,
  filter: (meta: EventMeta, json: string) => boolean,
  lazyEvent: (position: number, type: string, streamId: string, streamVersion: number, json: string) => LazyRecordedEvent,
): Promise<{ events: RecordedEvent[]; read: number; through: number }> {
  if (readsEncoded(store)) {
    const page = await store.readAllEncoded(after, limit);
    const events = page.filter((e) => filter(e, e.json)).map((e) => lazyEvent(e.position, e.type, e.streamId, e.streamVersion, e.json));
    return { events, read: page.length, through: page.at(-1)?.position ?? after };
  }
  const page = await store.readAll(after, limit);
  // Only a store without encoded reads (tests' in-memory one) comes here: its events' texts are made for the filter.
  return { events: page.filter((event) => filter(eventMetaOfEvent(event), JSON.stringify(event))), read: page.length, through: page.at(-1)?.position ?? after };
}

function readsEncoded(store: EventStore): store is EventStore & EncodedEventReader {
  return typeof (store as Partial<EncodedEventReader>).readAllEncoded === 'function';
}
