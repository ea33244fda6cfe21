import { isJsonExact } from '@kronicle/contracts';
import type { AppendRequest, AppendResult } from '@kronicle/event-store';
import { supplyWrittenData, type ClusterState } from '@kronicle/projection';

/**
 * The data of the events a process appended, by log position, until its cache folds them: its own
 * writes come back through the feed as text, and parsing that text gives back what it wrote. A
 * scheduler's binds and Events and a node agent's status reports were a third of all the parsing in
 * a burst of pods. Only data that survives JSON unchanged is kept (isJsonExact), so a reader sees the
 * same values either way; the cache's objects then share it, which is safe because nothing changes an
 * object once written.
 */
export class OwnAppends {
  private readonly byPosition = new Map<number, { data: unknown }>();

  /**
   * Keeps the data of an append's events that the cache has not folded yet; one it has folded already
   * (the feed came first) gets its data now, if nothing has read it yet.
   */
  remember(requests: readonly AppendRequest[], results: readonly AppendResult[], state: ClusterState): void {
    requests.forEach((request, i) =>
      request.events.forEach((event, j) => {
        const position = results[i]?.positions[j];
        if (position === undefined || !isJsonExact(event.data)) return;
        if (position > state.position) this.byPosition.set(position, { data: event.data });
        else supplyWrittenData(state.get(request.streamId), position, event.data);
      }),
    );
  }

  /**
   * The data appended at `position`, once. Positions are taken in log order, so what is kept for
   * earlier ones (an event the cache passed over) is dropped on the way.
   */
  take(position: number): { data: unknown } | undefined {
    for (const [kept] of this.byPosition) {
      if (kept >= position) break;
      this.byPosition.delete(kept);
    }
    const written = this.byPosition.get(position);
    if (written) this.byPosition.delete(position);
    return written;
  }
}
