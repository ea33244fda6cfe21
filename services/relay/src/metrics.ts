import type { PublishedPage } from '@kronicle/messaging';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';

export interface RelayMetrics {
  registry: Registry;
  published(page: PublishedPage): void;
}

/** Prometheus metrics of the relay; `lag` is asked for at each scrape (head − checkpoint). */
export function createRelayMetrics(lag: () => Promise<number>): RelayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const events = new Counter({ name: 'kronicle_relay_published_events_total', help: 'Log events published to JetStream.', registers: [registry] });
  const duplicates = new Counter({
    name: 'kronicle_relay_duplicate_events_total',
    help: 'Published events JetStream had already stored (republished after a restart).',
    registers: [registry],
  });
  new Gauge({
    name: 'kronicle_relay_lag_events',
    help: 'Events committed to the log but not yet published.',
    registers: [registry],
    async collect() {
      this.set(await lag());
    },
  });
  return {
    registry,
    published(page) {
      events.inc(page.events.length);
      duplicates.inc(page.duplicates);
    },
  };
}
