import type { RecordedEvent } from '@kronicle/contracts';
import { ClusterState, type ObjectChange } from '@kronicle/projection';

export type ChangeListener = (change: ObjectChange) => void;

/**
 * The API's view of the cluster: the projection, fed in log order by the log subscription,
 * with listeners (watches) told of every change as it is applied.
 */
export class LiveCluster {
  readonly state = new ClusterState();
  private readonly listeners = new Set<ChangeListener>();

  /** The subscription's handler: applies events and tells watchers. */
  readonly apply = async (events: RecordedEvent[]): Promise<void> => {
    for (const event of events) {
      const change = this.state.apply(event);
      if (change) for (const listener of this.listeners) listener(change);
    }
  };

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
