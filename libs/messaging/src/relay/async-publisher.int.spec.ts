import { natsNames, type NatsNames } from '@kronicle/contracts';
import { natsUrl } from '@kronicle/log-fixture';
import { randomClusterName } from '@kronicle/testing';
import { connect, headers, type JetStreamManager, type NatsConnection } from 'nats';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAsyncPublisher, type AsyncPublisher, type JetStreamMessage } from './async-publisher';
import { ensureEventsStream, eventsStreamConfig } from './events-stream';

describe('asynchronous JetStream publisher', () => {
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let names: NatsNames;
  let publisher: AsyncPublisher;

  beforeEach(async () => {
    nc = await connect({ servers: natsUrl });
    jsm = await nc.jetstreamManager();
    names = natsNames(randomClusterName());
    await ensureEventsStream(jsm, eventsStreamConfig(names));
    publisher = createAsyncPublisher(nc, { ackTimeoutMs: 500 });
  });

  afterEach(async () => {
    publisher.close();
    await jsm.streams.delete(names.eventsStream).catch(() => false);
    await nc.close();
  });

  const message = (id: string, subject = `${names.cluster}.events.other`): JetStreamMessage => ({
    subject,
    data: JSON.stringify({ id }),
    headers: headers(),
    msgId: `${names.cluster}-${id}`,
  });
  const messages = (ids: string[]) => ids.map((id) => message(id));

  /** Bodies and message ids of what the stream stored, in stream order. */
  const stored = async () => {
    const { state } = await jsm.streams.info(names.eventsStream);
    const result: [unknown, string][] = [];
    for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
      const msg = await jsm.streams.getMessage(names.eventsStream, { seq });
      result.push([msg.json(), msg.header.get('Nats-Msg-Id')]);
    }
    return result;
  };

  it('stores every message of a batch in order, with its id, before it resolves', async () => {
    const ids = Array.from({ length: 300 }, (_, i) => `m${i}`);

    expect(await publisher.publishAll(messages(ids))).toBe(0);

    expect(await stored()).toEqual(ids.map((id) => [{ id }, `${names.cluster}-${id}`]));
  });

  it('counts the messages JetStream already had as duplicates and stores them once', async () => {
    await publisher.publishAll(messages(['a', 'b', 'c']));

    expect(await publisher.publishAll(messages(['b', 'c', 'd']))).toBe(2);

    expect((await stored()).map(([body]) => body)).toEqual([{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }]);
  });

  it('fails a batch with a message no stream takes, and publishes the next batch', async () => {
    const lost = message('lost', `${names.cluster}-elsewhere.x`);

    await expect(publisher.publishAll([message('a'), lost])).rejects.toThrow(/no stream takes this subject/);
    expect(await publisher.publishAll(messages(['b']))).toBe(0);
    expect((await stored()).map(([body]) => body)).toEqual([{ id: 'a' }, { id: 'b' }]);
  });

  it('fails a batch JetStream refuses a message of; retried, the others count as duplicates', async () => {
    const refused = message('refused');
    refused.headers.set('Nats-Expected-Stream', 'another-stream');

    await expect(publisher.publishAll([message('a'), refused, message('b')])).rejects.toThrow(/JetStream refused a message .*expected stream does not match/);

    // The acknowledgement of b, arriving after the batch failed, is not counted for the retry
    expect(await publisher.publishAll(messages(['a', 'b', 'c']))).toBe(2);
    expect((await stored()).map(([body]) => body)).toEqual([{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
  });

  it('asks for one acknowledgement per batch once it knows the stream\'s sequence', async () => {
    const publish = vi.spyOn(nc, 'publish');
    const acksAsked = () => publish.mock.calls.filter(([, , opts]) => opts?.reply).length;
    await publisher.publishAll(messages(['a', 'b', 'c']));
    expect(acksAsked()).toBe(3);

    expect(await publisher.publishAll(messages(['d', 'e', 'f', 'g']))).toBe(0);
    expect(await publisher.publishAll(messages(['h', 'i']))).toBe(0);

    expect(acksAsked()).toBe(5);
    expect((await stored()).map(([body]) => body)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].map((id) => ({ id })));
  });

  it('catches a message refused in the middle of a batch sent with one acknowledgement, and fails the batch', async () => {
    await publisher.publishAll(messages(['a']));
    const refused = message('refused');
    refused.headers.set('Nats-Expected-Stream', 'another-stream');

    await expect(publisher.publishAll([message('b'), refused, message('c')])).rejects.toThrow(/expected stream does not match/);

    expect(await publisher.publishAll(messages(['b', 'c', 'd']))).toBe(2);
    expect((await stored()).map(([body]) => body)).toEqual([{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }]);
  });

  it('stores every message once when another publisher wrote to the stream between two batches', async () => {
    await publisher.publishAll(messages(['a']));
    await nc.jetstream().publish(`${names.cluster}.events.other`, JSON.stringify({ id: 'foreign' }));

    expect(await publisher.publishAll(messages(['b', 'c']))).toBe(0);
    expect(await publisher.publishAll(messages(['d']))).toBe(0);

    expect((await stored()).map(([body]) => body)).toEqual(['a', 'foreign', 'b', 'c', 'd'].map((id) => ({ id })));
  });

  it('fails a batch not acknowledged in time', async () => {
    // A subscriber that is not a stream: the subject has a responder, but nobody acknowledges
    const silent = nc.subscribe(`${names.cluster}-silent.x`);
    await nc.flush();

    await expect(publisher.publishAll([message('a'), message('unacked', `${names.cluster}-silent.x`)])).rejects.toThrow(/acknowledged 1 of 2 messages/);
    silent.unsubscribe();
    expect(await publisher.publishAll(messages(['b']))).toBe(0);
  });

  it('fails waiting and later batches once closed', async () => {
    const silent = nc.subscribe(`${names.cluster}-silent.x`);
    const waiting = publisher.publishAll([message('unacked', `${names.cluster}-silent.x`)]);

    publisher.close();

    await expect(waiting).rejects.toThrow(/closed/);
    await expect(publisher.publishAll(messages(['a']))).rejects.toThrow(/closed/);
    silent.unsubscribe();
  });
});
