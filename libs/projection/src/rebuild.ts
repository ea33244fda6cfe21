import type { RecordedEvent } from '@kronicle/contracts';
import { ClusterState } from './cluster-state';

/** The part of the event store a rebuild reads. */
export interface LogReader {
  readAll(afterPosition: number, limit: number): Promise<RecordedEvent[]>;
}

const PAGE_SIZE = 5_000;

/** Folds the log from position 0 up to `toPosition` (inclusive; the whole log when omitted). */
export async function rebuildState(reader: LogReader, toPosition = Number.MAX_SAFE_INTEGER): Promise<ClusterState> {
  const state = new ClusterState();
  await catchUp(state, reader, toPosition);
  return state;
}

/** Applies every event after the state's position, up to `toPosition`. */
export async function catchUp(state: ClusterState, reader: LogReader, toPosition = Number.MAX_SAFE_INTEGER): Promise<void> {
  for (;;) {
    const page = await reader.readAll(state.position, PAGE_SIZE);
    for (const event of page) {
      if (event.position > toPosition) return;
      state.apply(event);
    }
    if (page.length < PAGE_SIZE) return;
  }
}
