/** Who and why: carried by every event so a change can be traced back to the request that caused it. */
export interface EventMetadata {
  /** Shared by every event that follows from one user request. */
  correlationId: string;
  /** Id of the event (or request) that directly caused this one. */
  causationId?: string;
  /** Who appended it: `user:<name>`, `service:<name>`. */
  actor: string;
  /** Who acted as `actor` by impersonating it (kubectl `--as`): `user:<name>`; absent otherwise. */
  impersonator?: string;
  /** RFC 3339 time from the appender's injected clock. */
  time: string;
}

/** An event about to be appended. */
export interface NewEvent<TData = unknown> {
  type: string;
  data: TData;
  metadata: EventMetadata;
}

/** An event as committed in the log. */
export interface RecordedEvent<TData = unknown> extends NewEvent<TData> {
  /** Unique id of the event (uuid). */
  id: string;
  /**
   * Global, strictly increasing position in the log; 1 is the first event. Nearly gapless: an append
   * that rolled back leaves its positions unused.
   */
  position: number;
  streamId: string;
  /** 1-based version of the stream after this event. */
  streamVersion: number;
}

/**
 * What an append expects of its stream:
 * a number is the exact current version (0: the stream has no events),
 * 'any' skips the check.
 */
export type ExpectedVersion = number | 'any';
