import type { RecordedEvent } from './events';

/**
 * A RecordedEvent whose JSON is parsed when `id`, `data` or `metadata` is first read. Every service
 * folds every event into its cache, and most of them never look inside most events (a pod's status
 * in a service with nothing to do for that pod): parsing them all was the largest cost of the
 * services idle in a burst of pods. A class rather than an object literal with getters: ten times
 * cheaper to make, and it is made for every event. `JSON.stringify` reads it as the event it is.
 */
export class LazyRecordedEvent implements RecordedEvent {
  private parsed: RecordedEvent | undefined;

  constructor(
    readonly position: number,
    readonly type: string,
    readonly streamId: string,
    readonly streamVersion: number,
    /** The event as the log's feed carries it: what `JSON.stringify` of the RecordedEvent gives. */
    readonly json: string,
  ) {}

  get id(): string {
    return this.body().id;
  }

  get data(): unknown {
    return this.body().data;
  }

  get metadata(): RecordedEvent['metadata'] {
    return this.body().metadata;
  }

  toJSON(): RecordedEvent {
    return this.body();
  }

  private body(): RecordedEvent {
    return (this.parsed ??= JSON.parse(this.json) as RecordedEvent);
  }
}
