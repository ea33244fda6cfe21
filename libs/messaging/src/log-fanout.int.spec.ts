import { natsNames, type RecordedEvent } from '@kronicle/contracts';
import type { Msg, NatsConnection, Subscription, SubscriptionOptions } from 'nats';
import { Client } from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { subscribeToLog, type LogSubscription } from './consumer/subscribe-to-log';
import { decodeFeedBatch } from './log-feed';
import { pgAdvisoryLock } from './relay/pg-advisory-lock';
import { startRelay, type PublishedPage, type Relay, type RelayOptions } from './relay/relay';
import { appendConcurrently, createLogFixture, deploymentEvent, streamPositions, type LogFixture } from '@kronicle/log-fixture';
import { until } from '@kronicle/testing';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function fixture(): Promise<LogFixture> {
  const f = await createLogFixture();
  cleanup.push(() => f.dispose());
  return f;
}

function relay(f: LogFixture, extra: Partial<RelayOptions> = {}): Relay & { pages: PublishedPage[] } {
  const pages: PublishedPage[] = [];
  const r = startRelay({
    store: f.store,
    nats: f.nats,
    names: f.names,
    leaderLock: pgAdvisoryLock({ connectionString: f.db.url, key: `kronicle-relay/${f.names.cluster}`, retryMs: 50 }),
    pollIntervalMs: 200,
    onPublished: (page) => pages.push(page),
    ...extra,
  });
  cleanup.push(() => r.stop().catch(() => undefined));
  return Object.assign(r, { pages });
}

async function consumer(f: LogFixture, seen: RecordedEvent[], extra: { nats?: NatsConnection; waitForGraceMs?: number } = {}): Promise<LogSubscription> {
  const sub = await subscribeToLog({
    store: f.store,
    nats: extra.nats ?? f.nats,
    cluster: f.names.cluster,
    consumerName: 'test',
    fromPosition: 0,
    waitForGraceMs: extra.waitForGraceMs,
    handle: async (events) => void seen.push(...events.map(asRead)),
  });
  cleanup.push(() => sub.close());
  return sub;
}


/** A delivered event as its reader sees it (events from the feed parse their JSON when first looked into). */
const asRead = (event: RecordedEvent) => JSON.parse(JSON.stringify(event)) as RecordedEvent;
const positions = (events: { position: number }[]) => events.map((e) => e.position);
const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('log fan-out over NATS', () => {
  it('delivers every committed event to a consumer in log order, with concurrent appenders', async () => {
    const f = await fixture();
    const seen: RecordedEvent[] = [];
    const r = relay(f);
    const sub = await consumer(f, seen, { waitForGraceMs: 60_000 });
    await until(() => r.state === 'leading');

    await appendConcurrently(f.store, 8, 60);
    const head = await f.store.headPosition();
    await sub.waitFor(head, 15_000);

    expect(head).toBe(480);
    expect(positions(seen)).toEqual(upTo(head));
    expect(seen).toEqual(await f.store.readAll(0, head));
    // The relay published each once, in order (it may still be storing its last checkpoint).
    await until(() => r.checkpoint === head);
    expect(positions(r.pages.flatMap((p) => p.events))).toEqual(upTo(head));
  });

  it('brings a live consumer the events through the feed, many to a message, without reading the log', async () => {
    const f = await fixture();
    const r = relay(f);
    await until(() => r.state === 'leading');
    const feedMessages: Msg[] = [];
    const feedSub = f.nats.subscribe(f.names.logFeed, { callback: (_err, msg) => feedMessages.push(msg) });
    cleanup.push(async () => feedSub.unsubscribe());
    let logReads = 0;
    const store = Object.assign(Object.create(f.store) as typeof f.store, {
      readAll: (after: number, limit: number) => (logReads++, f.store.readAll(after, limit)),
    });
    const seen: RecordedEvent[] = [];
    const sub = await subscribeToLog({ store, nats: f.nats, cluster: f.names.cluster, consumerName: 'live', fromPosition: 0, waitForGraceMs: 60_000, idleCheckMs: 60_000, handle: async (events) => void seen.push(...events.map(asRead)) });
    cleanup.push(() => sub.close());
    const readsAtStart = logReads;

    await appendConcurrently(f.store, 4, 50);
    await sub.waitFor(200, 15_000);

    expect(seen).toEqual(await f.store.readAll(0, 200));
    expect(logReads).toBe(readsAtStart);
    const batches = feedMessages.map((m) => decodeFeedBatch(m.data)?.entries.length ?? 0);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(200);
    expect(batches.length).toBeLessThan(200);
  });

  it('publishes the light and lean feeds: every position, pod events without owner, finalizer or claim (lean: or with only a ReplicaSet owner) without their text, each pod event with its node', async () => {
    const f = await fixture();
    const r = relay(f);
    await until(() => r.state === 'leading');
    const light: Msg[] = [];
    const lean: Msg[] = [];
    const full: Msg[] = [];
    const subs = [
      f.nats.subscribe(f.names.logLightFeed, { callback: (_err, msg) => light.push(msg) }),
      f.nats.subscribe(f.names.logLeanFeed, { callback: (_err, msg) => lean.push(msg) }),
      f.nats.subscribe(f.names.logFeed, { callback: (_err, msg) => full.push(msg) }),
    ];
    cleanup.push(async () => subs.forEach((s) => s.unsubscribe()));
    const pod = (name: string, metadata: object = {}) => ({ kind: 'Pod', metadata: { name, ...metadata }, spec: { nodeName: 'node-1' } });
    const created = (object: object) => [{ type: 'ObjectCreated', data: { object }, metadata: { correlationId: 'c', actor: 'user:test', time: new Date(0).toISOString() } }];
    await f.store.append('k8s/core/pods/default/plain', 0, created(pod('plain')));
    await f.store.append('k8s/core/pods/default/owned', 0, created(pod('owned', { ownerReferences: [{ kind: 'ReplicaSet', name: 'rs', uid: 'u' }] })));
    await f.store.append('k8s/core/configmaps/default/c', 0, created({ kind: 'ConfigMap', metadata: { name: 'c' } }));
    await f.store.append('k8s/core/pods/default/job-pod', 0, created(pod('job-pod', { ownerReferences: [{ kind: 'Job', name: 'pi', uid: 'j' }] })));
    await until(() => lean.flatMap((m) => decodeFeedBatch(m.data)!.entries).length === 4);

    const entries = light.flatMap((m) => decodeFeedBatch(m.data)!.entries);
    const texts = full.flatMap((m) => decodeFeedBatch(m.data)!.entries).map((e) => e.json);
    expect(entries.map((e) => [e.meta.position, e.after, e.meta.node])).toEqual([
      [1, 0, 'node-1'],
      [2, 1, 'node-1'],
      [3, 2, undefined],
      [4, 3, 'node-1'],
    ]);
    expect(entries.map((e) => e.json)).toEqual([undefined, texts[1], texts[2], texts[3]]);
    // The lean feed leaves out the ReplicaSet's pod too, not the Job's.
    expect(lean.flatMap((m) => decodeFeedBatch(m.data)!.entries).map((e) => e.json)).toEqual([undefined, undefined, texts[2], texts[3]]);
  });

  it('lets a consumer started after the messages went by catch up from the log', async () => {
    const f = await fixture();
    const r = relay(f);
    await appendConcurrently(f.store, 3, 20);
    await until(() => r.checkpoint === 60);

    const seen: RecordedEvent[] = [];
    const sub = await consumer(f, seen);
    await sub.waitFor(60, 5_000);

    expect(positions(seen)).toEqual(upTo(60));
    // Read encoded, parsed when looked into, they read as the log's events.
    expect(seen).toEqual(await f.store.readAll(0, 60));
  });

  it('notices messages it never received and reads them from the log', async () => {
    const f = await fixture();
    const r = relay(f);
    await until(() => r.state === 'leading');
    // Every seventh event message, and the last one, is lost between NATS and the consumer.
    const lossy = dropping(f.nats, (position) => position % 7 === 0 || position === 100);
    const seen: RecordedEvent[] = [];
    const sub = await consumer(f, seen, { nats: lossy, waitForGraceMs: 60_000 });

    await appendConcurrently(f.store, 4, 25);
    // The last message is only recovered through the relay's log-head announcement.
    await sub.waitFor(100, 5_000);

    expect(positions(seen)).toEqual(upTo(100));
  });

  it('relays an event that reached the log without an actor or correlation id, and goes on', async () => {
    const f = await fixture();
    const r = relay(f);
    // Past the store's checks, as another writer of the database could: no metadata at all.
    const sql = new Client({ connectionString: f.db.url });
    await sql.connect();
    await sql.query(`SELECT kronicle_append('[{"requests":[{"streamId":"raw/x","expected":null,"count":1}]}]'::jsonb, '{Raw}'::text[], '[{}]'::json, '[{}]'::jsonb)`);
    await sql.end();
    await f.store.append('k8s/apps/deployments/default/after', 0, [deploymentEvent('after', 0)]);

    const seen: RecordedEvent[] = [];
    const sub = await consumer(f, seen);
    await sub.waitFor(2, 5_000);

    expect(seen.map((e) => e.type)).toEqual(['Raw', 'ObjectCreated']);
    await until(() => r.checkpoint === 2);
    expect(await streamPositions(f)).toEqual([1, 2]);
  });

  it('republishes after a crash between publish and checkpoint without storing a message twice', async () => {
    const f = await fixture();
    await appendConcurrently(f.store, 2, 25);
    const first = relay(f);
    await until(() => first.checkpoint === 50);
    await first.stop();

    // As if the relay died after JetStream acknowledged but before the checkpoint was stored.
    await f.store.storeCheckpoint('relay', 10);
    const second = relay(f);
    await until(() => second.checkpoint === 50);

    expect(second.pages.reduce((n, p) => n + p.duplicates, 0)).toBe(40);
    expect(await streamPositions(f)).toEqual(upTo(50));
  });

  it('asks JetStream for one acknowledgement per page once the first page has told it the stream\'s sequence', async () => {
    const f = await fixture();
    const publish = vi.spyOn(f.nats, 'publish');
    const r = relay(f, { pageSize: 25 });
    await until(() => r.state === 'leading');

    await appendConcurrently(f.store, 4, 30);
    await until(() => r.checkpoint === 120);

    const acksAsked = publish.mock.calls.filter(([subject, , opts]) => subject.startsWith(`${f.names.cluster}.events.`) && opts?.reply).length;
    const [first, ...later] = r.pages;
    expect(later.length).toBeGreaterThanOrEqual(4);
    expect(acksAsked).toBe(first.events.length + later.length);
    expect(await streamPositions(f)).toEqual(upTo(120));
  });

  it('stores its checkpoint at most once per interval, and when it has caught up, once the interval is over', async () => {
    const f = await fixture();
    // Each store once committed, with when it began: the spec must hold however long the pages take on a slow machine.
    const stores: { position: number; at: number }[] = [];
    const storeCheckpoint = f.store.storeCheckpoint.bind(f.store);
    vi.spyOn(f.store, 'storeCheckpoint').mockImplementation(async (consumer, position) => {
      const at = Date.now();
      await storeCheckpoint(consumer, position);
      stores.push({ position, at });
    });
    await appendConcurrently(f.store, 2, 50);

    const r = relay(f, { pageSize: 10, checkpointIntervalMs: 3_000 });
    await until(() => r.checkpoint === 100);
    // Due once the interval is over (3 s at most from here); the bound is generous, as a commit on a loaded CI machine can take seconds.
    await until(() => stores.at(-1)?.position === 100, 15_000);

    expect(r.pages).toHaveLength(10);
    expect(stores[0].position).toBe(10);
    expect(stores.length).toBeLessThan(r.pages.length);
    // Timers may fire a millisecond early.
    for (let i = 1; i < stores.length; i++) expect(stores[i].at - stores[i - 1].at).toBeGreaterThanOrEqual(3_000 - 5);
    expect(await f.store.readCheckpoint('relay')).toBe(100);
  });

  it('stores its checkpoint when it stops, whatever the interval', async () => {
    const f = await fixture();
    await appendConcurrently(f.store, 2, 15);
    const r = relay(f, { pageSize: 10, checkpointIntervalMs: 60_000 });
    await until(() => r.checkpoint === 30);
    expect(await f.store.readCheckpoint('relay')).toBe(10);

    await r.stop();

    expect(await f.store.readCheckpoint('relay')).toBe(30);
  });

  it('lets only one relay of a cluster publish; the other takes over when it stops', async () => {
    const f = await fixture();
    const a = relay(f);
    const b = relay(f);
    await until(() => a.state === 'leading' || b.state === 'leading');
    const [leader, follower] = a.state === 'leading' ? [a, b] : [b, a];

    await appendConcurrently(f.store, 2, 10);
    await until(() => leader.checkpoint === 20);
    expect(follower.state).toBe('waiting');
    expect(follower.pages).toEqual([]);

    await leader.stop();
    await until(() => follower.state === 'leading');
    await f.store.append('k8s/apps/deployments/default/late', 0, [deploymentEvent('late', 0)]);
    await until(() => follower.checkpoint === 21);

    expect(positions(follower.pages.flatMap((p) => p.events))).toEqual([21]);
    expect(await streamPositions(f)).toEqual(upTo(21));
  });

  it('keeps two clusters on one NATS server apart', async () => {
    const [east, west] = [await fixture(), await fixture()];
    relay(east);
    relay(west);
    const [eastSeen, westSeen] = [[] as RecordedEvent[], [] as RecordedEvent[]];
    const [eastSub, westSub] = [await consumer(east, eastSeen), await consumer(west, westSeen)];
    const raw: string[] = [];
    const rawSub = west.nats.subscribe(natsNames(west.names.cluster).allEvents, { callback: (_e, m) => raw.push(m.headers?.get('Kronicle-Correlation-Id') ?? '') });
    cleanup.push(async () => rawSub.unsubscribe());

    await east.store.append('k8s/apps/deployments/default/e', 0, [deploymentEvent('east', 0), deploymentEvent('east', 1)]);
    await west.store.append('k8s/apps/deployments/default/w', 0, [deploymentEvent('west', 0)]);
    await eastSub.waitFor(2, 5_000);
    await westSub.waitFor(1, 5_000);
    await until(() => raw.length === 1);

    expect(eastSeen.map((e) => e.metadata.correlationId)).toEqual(['req-east-0', 'req-east-1']);
    expect(westSeen.map((e) => e.metadata.correlationId)).toEqual(['req-west-0']);
    expect(raw).toEqual(['req-west-0']);
    expect(await streamPositions(east)).toEqual([1, 2]);
    expect(await streamPositions(west)).toEqual([1]);
  });
});

/** The connection as a consumer sees it when NATS loses the event messages `lost` picks. */
function dropping(nats: NatsConnection, lost: (position: number) => boolean): NatsConnection {
  const subscribe = (subject: string, opts?: SubscriptionOptions): Subscription => {
    const callback = opts?.callback;
    if (!callback) return nats.subscribe(subject, opts);
    return nats.subscribe(subject, {
      ...opts,
      callback: (err, msg: Msg) => {
        const position = Number(msg?.headers?.get('Kronicle-Position'));
        if (!lost(position)) callback(err, msg);
      },
    });
  };
  return new Proxy(nats, { get: (target, key) => (key === 'subscribe' ? subscribe : Reflect.get(target, key)) });
}
