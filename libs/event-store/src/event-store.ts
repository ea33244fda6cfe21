import type { ExpectedVersion, NewEvent, RecordedEvent } from '@kronicle/contracts';
import type { StreamSelection } from './read-last-events';

export interface AppendRequest {
  streamId: string;
  expectedVersion: ExpectedVersion;
  events: NewEvent[];
}

export interface AppendResult {
  streamId: string;
  /** Version of the stream after the append: pass it as the next expectedVersion. */
  nextExpectedVersion: number;
  /** Log positions given to the appended events, in order. */
  positions: number[];
}

/** A consumer's checkpoint written in the same transaction as the events it appends. */
export interface CheckpointWrite {
  consumer: string;
  position: number;
}

/** The stream was not at the version the writer expected: re-read and decide again. */
export class WrongExpectedVersionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: ExpectedVersion,
    readonly actualVersion: number,
  ) {
    super(`stream ${streamId} is at version ${actualVersion}, expected ${expectedVersion}`);
    this.name = 'WrongExpectedVersionError';
  }
}

/**
 * The append-only event log. Positions are global and strictly increasing; `readAll` pages forward
 * by position and never skips a committed event, though appends may commit out of position order
 * (it stops before positions an append still committing holds).
 */
export interface EventStore {
  /** Appends to one stream; throws WrongExpectedVersionError on a version mismatch. */
  append(streamId: string, expectedVersion: ExpectedVersion, events: NewEvent[]): Promise<AppendResult>;
  /**
   * Appends to several streams in one transaction: all or nothing. Throws WrongExpectedVersionError
   * for the first stream whose version does not match. An optional checkpoint is stored atomically.
   */
  appendAll(requests: AppendRequest[], checkpoint?: CheckpointWrite): Promise<AppendResult[]>;
  /** Events of one stream with streamVersion > afterVersion, in order. */
  readStream(streamId: string, afterVersion?: number): Promise<RecordedEvent[]>;
  /** Up to `limit` events with position > afterPosition, in log order. */
  readAll(afterPosition: number, limit: number): Promise<RecordedEvent[]>;
  /** The last event at or before `atPosition` of each selected stream that had one, in log order. */
  readLastEvents(selection: StreamSelection, atPosition: number): Promise<RecordedEvent[]>;
  /** Position of the last committed event (0 for an empty log). */
  headPosition(): Promise<number>;
  /** Last position a consumer stored (0 if none). */
  readCheckpoint(consumer: string): Promise<number>;
  storeCheckpoint(consumer: string, position: number): Promise<void>;
  /** Called with the new head position after appends commit (from any process). Returns an unsubscribe. */
  onAppended(listener: (headPosition: number) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
