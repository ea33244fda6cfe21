import type { NatsNames } from '@kronicle/contracts';
import { DiscardPolicy, nanos, RetentionPolicy, StorageType, type JetStreamManager, type NatsError, type StreamConfig } from 'nats';

export interface EventsStreamOptions {
  /** How long JetStream remembers message ids to drop republished events. Default 2 minutes. */
  duplicateWindowMs?: number;
  /** Age after which messages are removed; the log in Postgres keeps them anyway. Default 24 hours. */
  maxAgeMs?: number;
  /**
   * Size limit of the stream; -1 for none (the default). A limit is reserved up front on the
   * server, so many clusters sharing one NATS would exhaust it; the age limit bounds the stream.
   */
  maxBytes?: number;
}

export function eventsStreamConfig(names: NatsNames, options: EventsStreamOptions = {}): Partial<StreamConfig> {
  return {
    name: names.eventsStream,
    subjects: [names.allEvents],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    duplicate_window: nanos(options.duplicateWindowMs ?? 2 * 60_000),
    max_age: nanos(options.maxAgeMs ?? 24 * 3_600_000),
    max_bytes: options.maxBytes ?? -1,
  };
}

/** Creates the events stream, or brings an existing one to the configured limits. */
export async function ensureEventsStream(jsm: JetStreamManager, config: Partial<StreamConfig>): Promise<void> {
  const name = config.name as string;
  try {
    await jsm.streams.info(name);
  } catch (err) {
    if ((err as NatsError).code !== '404') throw err;
    await jsm.streams.add(config);
    return;
  }
  await jsm.streams.update(name, config);
}
