import type { RecordedEvent } from '@kronicle/contracts';
import type { Msg, NatsConnection } from 'nats';
import { encodeFeedBatches, type FeedEvent } from '../log-feed';
import { encodeLogHead } from '../log-head';

type Callback = (err: Error | null, msg: Msg) => void;

/** Core NATS as the consumer sees it, with delivery driven step by step by the test. */
export class FakeNats {
  private subs = new Map<string, Set<Callback>>();

  get connection(): NatsConnection {
    const subscribe = (subject: string, opts: { callback: Callback }) => {
      const set = this.subs.get(subject) ?? new Set<Callback>();
      set.add(opts.callback);
      this.subs.set(subject, set);
      return { unsubscribe: () => set.delete(opts.callback) };
    };
    return { subscribe } as unknown as NatsConnection;
  }

  /** The relay's feed message for `events`, read from the log after position `after`. */
  deliverBatch(subject: string, after: number, events: RecordedEvent[], leaveOutText?: (event: FeedEvent) => boolean): void {
    const encoded = events.map((event) => ({
      position: event.position,
      type: event.type,
      streamId: event.streamId,
      streamVersion: event.streamVersion,
      actor: event.metadata.actor,
      json: JSON.stringify(event),
    }));
    for (const data of encodeFeedBatches(after, encoded, Infinity, leaveOutText)) this.publish(subject, { subject, data } as unknown as Msg);
  }

  announceHead(subject: string, position: number): void {
    this.publish(subject, { subject, data: encodeLogHead({ position }) } as unknown as Msg);
  }

  private publish(subject: string, msg: Msg): void {
    for (const [pattern, callbacks] of this.subs) {
      if (matches(pattern, subject)) for (const callback of callbacks) callback(null, msg);
    }
  }
}

/** NATS subject matching: `*` is one token, a trailing `>` is one or more. */
function matches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (p[i] !== '*' && p[i] !== s[i]) return false;
  }
  return p.length === s.length;
}
