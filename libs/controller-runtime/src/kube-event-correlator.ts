/**
 * The memory of upstream's EventCorrelator (client-go tools/record/events_cache.go) that the
 * cluster state cannot give: which similar events were seen lately (EventAggregator), the token
 * bucket of each source and object (EventSourceObjectSpamFilter), and occurrences dropped by it
 * (upstream's eventLogger counts them, so the next Event written counts them too). Each lives in
 * an LRU of 4096 keys per process, as upstream's, and reads the time of the controller's clock.
 */

// Upstream's defaults (NewEventCorrelator).
const LRU_ENTRIES = 4096;
const AGGREGATE_MAX_EVENTS = 10;
const AGGREGATE_INTERVAL_MS = 600_000;
const SPAM_BURST = 25;
/** One token back every 300 s (qps 1/300). */
const SPAM_REFILL_MS = 300_000;

/** What `correlateKubeEvents` asks while planning one reconcile's writes. */
export interface KubeEventCorrelation {
  /**
   * Upstream's EventAggregate: records the message among the similar events of `aggregateKey`;
   * true when it is the 10th distinct message or later within 10 minutes of the previous one,
   * so the event is to be written as "(combined from similar events): …".
   */
  aggregate(aggregateKey: string, message: string): boolean;
  /** Upstream's spam filter: takes a token from the bucket of `spamKey`; false when it is empty (drop the event). */
  allow(spamKey: string): boolean;
  /** An occurrence of the Event `eventKey` was dropped. */
  dropped(eventKey: string): void;
  /** Occurrences of `eventKey` dropped since it was last written, now forgotten (they count on this write). */
  takeDropped(eventKey: string): number;
}

/** A token bucket as the time (ms) it was or will be empty: it holds (now - emptyAt) / SPAM_REFILL_MS tokens, at most the burst. */
type Bucket = number;
interface Similar {
  /** Distinct messages, oldest first. */
  messages: readonly string[];
  at: number;
}

/** Least recently used first in a Map's insertion order. */
class Lru<V> {
  private readonly entries = new Map<string, V>();

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V | undefined): void {
    this.entries.delete(key);
    if (value === undefined) return;
    this.entries.set(key, value);
    if (this.entries.size > LRU_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }
}

/** Changes to an Lru held aside until committed. */
class Overlay<V> {
  private readonly changed = new Map<string, V | undefined>();
  constructor(private readonly base: Lru<V>) {}

  get(key: string): V | undefined {
    return this.changed.has(key) ? this.changed.get(key) : this.base.get(key);
  }

  set(key: string, value: V | undefined): void {
    this.changed.set(key, value);
  }

  commit(): void {
    for (const [key, value] of this.changed) this.base.set(key, value);
  }
}

/** A reconcile's view of the correlator: what it observes is kept only once its writes are appended. */
export class KubeEventCorrelationDraft implements KubeEventCorrelation {
  private readonly buckets: Overlay<Bucket>;
  private readonly similar: Overlay<Similar>;
  private readonly droppedCounts: Overlay<number>;

  private readonly now: number;

  constructor(memory: { buckets: Lru<Bucket>; similar: Lru<Similar>; dropped: Lru<number> }, now: Date) {
    this.now = now.getTime();
    this.buckets = new Overlay(memory.buckets);
    this.similar = new Overlay(memory.similar);
    this.droppedCounts = new Overlay(memory.dropped);
  }

  aggregate(aggregateKey: string, message: string): boolean {
    const t = this.now;
    const seen = this.similar.get(aggregateKey);
    const recent = seen && t - seen.at <= AGGREGATE_INTERVAL_MS ? seen.messages : [];
    const messages = recent.includes(message) ? recent : [...recent, message];
    const aggregated = messages.length >= AGGREGATE_MAX_EVENTS;
    // Upstream then drops one message so the set never grows past the threshold.
    this.similar.set(aggregateKey, { messages: aggregated ? messages.slice(1) : messages, at: t });
    return aggregated;
  }

  allow(spamKey: string): boolean {
    const t = this.now;
    // A bucket starts full and refills continuously, as golang.org/x/time/rate's; in whole ms, so
    // a token is back exactly after SPAM_REFILL_MS.
    const emptyAt = Math.max(this.buckets.get(spamKey) ?? -Infinity, t - SPAM_BURST * SPAM_REFILL_MS);
    if (t - emptyAt < SPAM_REFILL_MS) return false;
    this.buckets.set(spamKey, emptyAt + SPAM_REFILL_MS);
    return true;
  }

  dropped(eventKey: string): void {
    this.droppedCounts.set(eventKey, (this.droppedCounts.get(eventKey) ?? 0) + 1);
  }

  takeDropped(eventKey: string): number {
    const n = this.droppedCounts.get(eventKey) ?? 0;
    if (n > 0) this.droppedCounts.set(eventKey, undefined);
    return n;
  }

  /** Keeps what was observed: call once the writes planned with this draft are appended (or there were none). */
  commit(): void {
    this.buckets.commit();
    this.similar.commit();
    this.droppedCounts.commit();
  }
}

/**
 * One per process, as upstream's recorder has one. Each reconcile plans on a `draft()`, so a plan
 * whose append is refused (a lost race, retried) neither spends tokens nor counts its events.
 */
export class KubeEventCorrelator {
  private readonly memory = { buckets: new Lru<Bucket>(), similar: new Lru<Similar>(), dropped: new Lru<number>() };

  /** A reconcile's view at `now`, the time of its controller's clock. */
  draft(now: Date): KubeEventCorrelationDraft {
    return new KubeEventCorrelationDraft(this.memory, now);
  }
}
