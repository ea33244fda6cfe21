import type { RecordedEvent } from './events';

/** How the log's texts end: `…,"metadata":{…}}` (readAllEncoded builds them so). */
const METADATA_MEMBER = ',"metadata":';

/**
 * A RecordedEvent whose JSON is parsed when `id`, `data` or `metadata` is first read. Every service
 * folds every event into its cache, and most of them never look inside most events (a pod's status
 * in a service with nothing to do for that pod): parsing them all was the largest cost of the
 * services idle in a burst of pods. A class rather than an object literal with getters: ten times
 * cheaper to make, and it is made for every event. `JSON.stringify` reads it as the event it is.
 *
 * Two readings spare the whole parse: `metadata` alone (the write's time, say) is read from the end
 * of the text; and an event this process appended itself may come with its data as appended
 * (`written`, JSON-exact, see isJsonExact), which is what parsing its text would give.
 */
export class LazyRecordedEvent implements RecordedEvent {
  private parsed: RecordedEvent | undefined;
  private tail: RecordedEvent['metadata'] | undefined;

  constructor(
    readonly position: number,
    readonly type: string,
    readonly streamId: string,
    readonly streamVersion: number,
    /** The event as the log's feed carries it: what `JSON.stringify` of the RecordedEvent gives. */
    readonly json: string,
    private written?: { data: unknown },
  ) {}

  /** Its appender's own copy of its data, arriving after it: taken if its data has not been read yet. */
  supplyWritten(written: { data: unknown }): void {
    if (!this.parsed) this.written ??= written;
  }

  get id(): string {
    return this.body().id;
  }

  get data(): unknown {
    return this.written ? this.written.data : this.body().data;
  }

  get metadata(): RecordedEvent['metadata'] {
    if (this.parsed) return this.parsed.metadata;
    return (this.tail ??= lastMetadataMember(this.json)) ?? this.body().metadata;
  }

  toJSON(): RecordedEvent {
    return this.body();
  }

  private body(): RecordedEvent {
    return (this.parsed ??= JSON.parse(this.json) as RecordedEvent);
  }
}

/**
 * The value of the event's `metadata` when it is the text's last member. A `,"metadata":` found
 * anywhere else (an object's own metadata, inside data) is followed by more than one JSON value
 * before the final brace, so its slice does not parse and the caller parses the whole text.
 */
function lastMetadataMember(json: string): RecordedEvent['metadata'] | undefined {
  const at = json.lastIndexOf(METADATA_MEMBER);
  if (at < 0 || !json.endsWith('}')) return undefined;
  try {
    const value = JSON.parse(json.slice(at + METADATA_MEMBER.length, -1)) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as RecordedEvent['metadata']) : undefined;
  } catch {
    return undefined;
  }
}
