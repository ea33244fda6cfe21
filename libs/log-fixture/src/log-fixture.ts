import { natsNames, ObjectEventType, type NatsNames, type NewEvent } from '@kronicle/contracts';
import { createPgEventStore, type EventStore, type PgEventStore } from '@kronicle/event-store';
import { createTestDatabase, randomClusterName, type TestDatabase } from '@kronicle/testing';
import { connect, type NatsConnection } from 'nats';

export const natsUrl = process.env.KRONICLE_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

/** A throwaway database with an event store, a NATS connection and a cluster name of its own. */
export interface LogFixture {
  db: TestDatabase;
  /** A PgEventStore, so a relay can read it encoded. */
  store: PgEventStore;
  nats: NatsConnection;
  names: NatsNames;
  dispose(): Promise<void>;
}

export async function createLogFixture(): Promise<LogFixture> {
  const db = await createTestDatabase();
  const store = await createPgEventStore({ connectionString: db.url });
  const nats = await connect({ servers: natsUrl });
  const names = natsNames(randomClusterName());
  return {
    db,
    store,
    nats,
    names,
    async dispose() {
      const jsm = await nats.jetstreamManager();
      await jsm.streams.delete(names.eventsStream).catch(() => false);
      await nats.close();
      await store.close();
      await db.drop();
    },
  };
}

/** A Deployment change, so the relay files it under its group and resource. */
export function deploymentEvent(name: string, n: number): NewEvent {
  return {
    type: n === 0 ? ObjectEventType.Created : ObjectEventType.Updated,
    data: { group: 'apps', resource: 'deployments', object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' } } },
    metadata: { correlationId: `req-${name}-${n}`, actor: 'user:test', time: new Date(0).toISOString() },
  };
}

/** `writers` concurrent appenders, each appending `perWriter` events one append at a time. */
export async function appendConcurrently(store: EventStore, writers: number, perWriter: number): Promise<void> {
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let n = 0; n < perWriter; n++) await store.append(`k8s/apps/deployments/default/w${w}`, 'any', [deploymentEvent(`w${w}`, n)]);
    }),
  );
}

/** Log positions of the messages stored in the cluster's JetStream stream, in stream order. */
export async function streamPositions(f: LogFixture): Promise<number[]> {
  const jsm = await f.nats.jetstreamManager();
  const { state } = await jsm.streams.info(f.names.eventsStream);
  const result: number[] = [];
  for (let seq = state.first_seq; seq <= state.last_seq; seq++) {
    const msg = await jsm.streams.getMessage(f.names.eventsStream, { seq });
    result.push(Number(msg.header.get('Kronicle-Position')));
  }
  return result;
}
