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
 * is one: every message carries a reply subject under one inbox this publisher subscribes to once,
 * and the acknowledgements JetStream sends there are counted per batch.
 */
export interface AsyncPublisher {
  /**
   * Publishes the messages in order, all in flight at once, and resolves with how many JetStream
   * recognised as duplicates once it has acknowledged every one. Rejects on the first error reply, a
   * subject no stream takes (no responders), or when not all are acknowledged within the timeout;
   * acknowledgements arriving after that are ignored.
   */
  publishAll(messages: JetStreamMessage[]): Promise<number>;
  /** Unsubscribes; batches still waiting fail. */
  close(): void;
}

interface Batch {
  messages: JetStreamMessage[];
  /** Reply numbers first … first + messages.length - 1 are this batch's. */
  first: number;
  remaining: number;
  duplicates: number;
  timer?: NodeJS.Timeout;
  resolve(duplicates: number): void;
  reject(error: Error): void;
}

export function createAsyncPublisher(nc: NatsConnection, options: AsyncPublisherOptions = {}): AsyncPublisher {
  const ackTimeoutMs = options.ackTimeoutMs ?? 5000;
  // nats.js keeps the connection's options (inboxPrefix among them) on the connection, outside its type.
  const inbox = createInbox((nc as NatsConnection & { options?: ConnectionOptions }).options?.inboxPrefix);
  const waiting = new Map<number, Batch>();
  let next = 0;
  let closedError: Error | undefined;

  const finish = (batch: Batch, error?: Error) => {
    clearTimeout(batch.timer);
    for (let n = batch.first; n < batch.first + batch.messages.length; n++) waiting.delete(n);
    if (error) batch.reject(error);
    else batch.resolve(batch.duplicates);
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
    const ack = parsePubAck(msg, batch.messages[n - batch.first].subject);
    if (ack instanceof Error) return finish(batch, ack);
    if (ack.duplicate) batch.duplicates++;
    if (--batch.remaining === 0) finish(batch);
  };

  const sub = nc.subscribe(`${inbox}.*`, { callback: (err, msg) => (err ? failAll(err) : onReply(msg)) });
  void sub.closed.then(
    () => failAll(new Error('JetStream publisher closed')),
    (err: Error) => failAll(err),
  );

  return {
    publishAll(messages) {
      if (closedError) return Promise.reject(closedError);
      if (messages.length === 0) return Promise.resolve(0);
      return new Promise<number>((resolve, reject) => {
        const batch: Batch = { messages, first: next, remaining: messages.length, duplicates: 0, resolve, reject };
        next += messages.length;
        batch.timer = setTimeout(
          () => finish(batch, new Error(`JetStream acknowledged ${messages.length - batch.remaining} of ${messages.length} messages within ${ackTimeoutMs} ms`)),
          ackTimeoutMs,
        );
        try {
          messages.forEach((m, i) => {
            waiting.set(batch.first + i, batch);
            m.headers.set(EventHeaders.MsgId, m.msgId);
            nc.publish(m.subject, m.data, { headers: m.headers, reply: `${inbox}.${batch.first + i}` });
          });
        } catch (err) {
          finish(batch, err as Error);
        }
      });
    },
    close() {
      sub.unsubscribe();
      failAll(new Error('JetStream publisher closed'));
    },
  };
}

/** A JetStream PubAck, or why the message was not stored. */
function parsePubAck(msg: Msg, subject: string): { duplicate: boolean } | Error {
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
  return { duplicate: reply.duplicate === true };
}
