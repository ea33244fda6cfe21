import { EventHeaders } from '@kronicle/contracts';
import { createInbox, type ConnectionOptions, type Msg, type MsgHdrs, type NatsConnection } from 'nats';

export interface JetStreamMessage {
  subject: string;
  data: string | Uint8Array;
  headers: MsgHdrs;
  /** JetStream drops a message whose id it has stored within its duplicate window. */
  msgId: string;
}

export interface AsyncPublisherOptions {
  /** How long a batch may wait for its last acknowledgement. Default 5 seconds (js.publish's default). */
  ackTimeoutMs?: number;
}

/**
 * JetStream publishing without a request per message: nats.js's js.publish builds a request, a
 * timer, a deferred and (when cancelling it, even after success) an error with a stack trace for
 * every message, the relay's largest cost. nats.js has no PublishAsync as the Go client does, so this
 * is one: replies come to one inbox this publisher subscribes to once.
 *
 * Most batches ask for one acknowledgement, the last message's: a client's messages reach a stream
 * in the order sent, so when that acknowledgement's sequence is the one before the batch plus the
 * batch's length, every message of it was stored. Anything else (a message refused or dropped on
 * the way, a duplicate, another publisher on the stream's subjects, no sequence known yet) sends the
 * batch again with an acknowledgement per message; JetStream drops by message id what the first
 * attempt stored. Asking for 40,000 acknowledgements per 40,000 events cost nats-server and the relay
 * more CPU than storing the events.
 */
export interface AsyncPublisher {
  /**
   * Publishes the messages in order, all in flight at once, and resolves with how many JetStream
   * recognised as duplicates once it has stored every one. Rejects on the first error reply, a
   * subject no stream takes (no responders), or when not all are acknowledged within the timeout;
   * acknowledgements arriving after that are ignored.
   */
  publishAll(messages: JetStreamMessage[]): Promise<number>;
  /** Unsubscribes; batches still waiting fail. */
  close(): void;
}

interface PubAck {
  seq: number;
  duplicate: boolean;
}

/** What a sent batch's acknowledgements said: the duplicates among them, and the last message's. */
interface Acknowledged {
  duplicates: number;
  last: PubAck;
}

interface Batch {
  messages: JetStreamMessage[];
  /** The batch's first reply number; the messages from `firstIndex` on have one each, in order. */
  first: number;
  /** 0 when every message asks for an acknowledgement, the last message's index when only it does. */
  firstIndex: number;
  remaining: number;
  duplicates: number;
  last?: PubAck;
  timer?: NodeJS.Timeout;
  resolve(acknowledged: Acknowledged): void;
  reject(error: Error): void;
}

export function createAsyncPublisher(nc: NatsConnection, options: AsyncPublisherOptions = {}): AsyncPublisher {
  const ackTimeoutMs = options.ackTimeoutMs ?? 5000;
  // nats.js keeps the connection's options (inboxPrefix among them) on the connection, outside its type.
  const inbox = createInbox((nc as NatsConnection & { options?: ConnectionOptions }).options?.inboxPrefix);
  const waiting = new Map<number, Batch>();
  let next = 0;
  let closedError: Error | undefined;
  // The stream sequence of the last message this publisher saw stored; undefined when not known.
  let lastSeq: number | undefined;

  const finish = (batch: Batch, error?: Error) => {
    clearTimeout(batch.timer);
    for (let n = batch.first; n < batch.first + batch.messages.length - batch.firstIndex; n++) waiting.delete(n);
    if (error) batch.reject(error);
    else batch.resolve({ duplicates: batch.duplicates, last: batch.last! });
  };

  const failAll = (error: Error) => {
    closedError ??= error;
    for (const batch of new Set(waiting.values())) finish(batch, error);
  };

  const onReply = (msg: Msg) => {
    const n = Number(msg.subject.slice(inbox.length + 1));
    const batch = waiting.get(n);
    if (!batch) return;
    waiting.delete(n);
    const index = batch.firstIndex + n - batch.first;
    const ack = parsePubAck(msg, batch.messages[index].subject);
    if (ack instanceof Error) return finish(batch, ack);
    if (ack.duplicate) batch.duplicates++;
    if (index === batch.messages.length - 1) batch.last = ack;
    if (--batch.remaining === 0) finish(batch);
  };

  const sub = nc.subscribe(`${inbox}.*`, { callback: (err, msg) => (err ? failAll(err) : onReply(msg)) });
  void sub.closed.then(
    () => failAll(new Error('JetStream publisher closed')),
    (err: Error) => failAll(err),
  );

  /** Sends the batch with a reply subject on every message, or on the last one only. */
  const send = (messages: JetStreamMessage[], ackEach: boolean) =>
    new Promise<Acknowledged>((resolve, reject) => {
      if (closedError) return reject(closedError);
      const firstIndex = ackEach ? 0 : messages.length - 1;
      const batch: Batch = { messages, first: next, firstIndex, remaining: messages.length - firstIndex, duplicates: 0, resolve, reject };
      next += batch.remaining;
      batch.timer = setTimeout(
        () => finish(batch, new Error(`JetStream acknowledged ${messages.length - firstIndex - batch.remaining} of ${messages.length - firstIndex} messages within ${ackTimeoutMs} ms`)),
        ackTimeoutMs,
      );
      try {
        messages.forEach((m, i) => {
          m.headers.set(EventHeaders.MsgId, m.msgId);
          if (i < firstIndex) return nc.publish(m.subject, m.data, { headers: m.headers });
          const reply = batch.first + i - firstIndex;
          waiting.set(reply, batch);
          nc.publish(m.subject, m.data, { headers: m.headers, reply: `${inbox}.${reply}` });
        });
      } catch (err) {
        finish(batch, err as Error);
      }
    });

  return {
    async publishAll(messages) {
      if (closedError) throw closedError;
      if (messages.length === 0) return 0;
      // Messages the first attempt stored come back as duplicates when sent again: not counted.
      let storedBefore = 0;
      if (lastSeq !== undefined) {
        const expected = lastSeq + messages.length;
        const acknowledged = await send(messages, false).catch(() => undefined);
        if (acknowledged && !acknowledged.last.duplicate && acknowledged.last.seq === expected) {
          lastSeq = expected;
          return 0;
        }
        if (acknowledged && !acknowledged.last.duplicate) storedBefore = Math.max(0, acknowledged.last.seq - lastSeq);
        lastSeq = undefined;
      }
      const acknowledged = await send(messages, true);
      // A duplicate's sequence is its first copy's, which need not be the stream's last.
      if (!acknowledged.last.duplicate) lastSeq = acknowledged.last.seq;
      return Math.max(0, acknowledged.duplicates - storedBefore);
    },
    close() {
      sub.unsubscribe();
      failAll(new Error('JetStream publisher closed'));
    },
  };
}

/** A JetStream PubAck, or why the message was not stored. */
function parsePubAck(msg: Msg, subject: string): PubAck | Error {
  if (msg.data.length === 0 && msg.headers?.hasError) {
    const reason = msg.headers.code === 503 ? 'no stream takes this subject (no responders)' : msg.headers.status;
    return new Error(`JetStream did not store a message on ${subject}: ${reason}`);
  }
  let reply: { seq?: unknown; duplicate?: boolean; error?: { code: number; err_code?: number; description: string } };
  try {
    reply = msg.json();
  } catch {
    return new Error(`JetStream replied to a message on ${subject} with something other than JSON`);
  }
  if (reply.error) return new Error(`JetStream refused a message on ${subject}: ${reply.error.description} (${reply.error.code}/${reply.error.err_code ?? '-'})`);
  if (typeof reply.seq !== 'number') return new Error(`JetStream replied to a message on ${subject} without a sequence`);
  return { seq: reply.seq, duplicate: reply.duplicate === true };
}
