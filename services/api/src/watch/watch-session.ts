import type { KubeObject, RecordedEvent } from '@kronicle/contracts';
import { changeNamespace, rebuildState, toObjectChange, type ClusterState, type LogReader, type ObjectChange } from '@kronicle/projection';
import type { EventStore } from '@kronicle/event-store';
import type { LiveCluster } from '../cluster/live-cluster';
import { listObjects, matchesObject, type ListQuery } from '../objects/list-objects';
import { apiVersionOf, type ResourceInfo } from '@kronicle/object-lifecycle';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent {
  type: WatchEventType;
  object: KubeObject;
}

export interface WatchRequest {
  info: ResourceInfo;
  query: Omit<ListQuery, 'limit' | 'continueToken'>;
  /** Undefined or '0': start with synthetic ADDED events for the current state. Otherwise resume after it. */
  resourceVersion?: string;
  /** With a resourceVersion, still send the state at that version first (sendInitialEvents=true). */
  sendInitialEvents?: boolean;
}

const HISTORY_PAGE = 5_000;

/** What a watch reads of the log: history by position, and an object's own events. */
export type WatchLog = LogReader & Pick<EventStore, 'readStream'>;

/**
 * One watch: events of a resource in log order, from any resourceVersion in history (the log keeps
 * everything, so nothing is ever compacted away), then live. Objects moving in or out of the
 * selectors appear as ADDED and DELETED, as upstream's watch cache shows them.
 */
export class WatchSession {
  /** Keys of the objects the client currently sees as matching. */
  private readonly visible = new Set<string>();
  private position = 0;
  private live: ObjectChange[] | undefined = [];
  private unsubscribe?: () => void;
  private emit: (event: WatchEvent) => void = () => undefined;

  constructor(
    private readonly request: WatchRequest,
    private readonly cluster: LiveCluster,
    private readonly log: WatchLog,
  ) {}

  /** Sends the initial events and history to `emit`, then follows live changes until `stop`. */
  async start(emit: (event: WatchEvent) => void): Promise<void> {
    this.emit = emit;
    // Subscribe before reading, buffering, so no change between the read and the switch to live is lost.
    this.unsubscribe = this.cluster.onChange((change) => (this.live ? this.live.push(change) : this.deliver(change)));
    const { resourceVersion, sendInitialEvents } = this.request;
    const head = this.cluster.state.position;
    if (!resourceVersion || resourceVersion === '0') {
      this.sendState(this.cluster.state);
    } else {
      const from = Math.min(Number(resourceVersion), head);
      // Resuming with selectors, the client sees what matched at `from`: taken from the current state,
      // and corrected for each object at its first change since (replayHistory's `recallFrom`).
      if (sendInitialEvents) this.sendState(await rebuildState(this.log, from));
      else if (this.hasSelectors()) this.sendState(this.cluster.state, true);
      this.position = from;
      await this.replayHistory(head, this.hasSelectors() && !sendInitialEvents ? from : undefined);
      this.position = Math.max(this.position, from);
    }
    if (sendInitialEvents) this.emit(this.bookmark({ 'k8s.io/initial-events-end': 'true' }));
    const buffered = this.live ?? [];
    this.live = undefined;
    for (const change of buffered) this.deliver(change);
  }

  stop(): void {
    this.unsubscribe?.();
  }

  bookmark(annotations?: Record<string, string>): WatchEvent {
    const { info } = this.request;
    return {
      type: 'BOOKMARK',
      object: { apiVersion: apiVersionOf(info), kind: info.kind, metadata: { resourceVersion: String(this.position), ...(annotations ? { annotations } : {}) } },
    };
  }

  private hasSelectors(): boolean {
    return this.request.query.labels.length > 0 || this.request.query.fields.length > 0;
  }

  /** The state as ADDED events; `silently` only records what the client already sees (resume with selectors). */
  private sendState(state: ClusterState, silently = false): void {
    for (const object of listObjects(state, this.request.info, this.request.query).items) {
      this.visible.add(keyOf(object));
      if (!silently) this.emit({ type: 'ADDED', object });
    }
    this.position = state.position;
  }

  /**
   * The object as a client resuming at `from` saw it, at its first change since: absent if this
   * change created it, else as its stream's event before this change left it. So a resume reads the
   * history since `from` and the streams changed in it, not the log from its start.
   */
  private async recall(change: ObjectChange, from: number): Promise<void> {
    const key = keyOf(change.object);
    this.visible.delete(key);
    if (change.type === 'ADDED') return;
    const [before] = await this.log.readStream(change.streamId, change.streamVersion - 2);
    const then = before && before.position <= from ? toObjectChange(before) : undefined;
    if (then && then.type !== 'DELETED' && matchesObject(then, this.request.query)) this.visible.add(key);
  }

  /** Delivers the history up to `head`; with `recallFrom`, first recalls each object as the client saw it then. */
  private async replayHistory(head: number, recallFrom?: number): Promise<void> {
    const recalled = new Set<string>();
    while (this.position < head) {
      const page: RecordedEvent[] = await this.log.readAll(this.position, HISTORY_PAGE);
      if (page.length === 0) return;
      for (const event of page) {
        if (event.position > head) return;
        const change = toObjectChange(event);
        if (change && recallFrom !== undefined && this.concerns(change) && !recalled.has(change.streamId)) {
          recalled.add(change.streamId);
          await this.recall(change, recallFrom);
        }
        if (change) this.deliver(change);
        this.position = event.position;
      }
    }
  }

  /** Of the watched resource, and namespace if one is asked. */
  private concerns(change: ObjectChange): boolean {
    const { info, query } = this.request;
    return change.group === info.group && change.resource === info.resource && (!info.namespaced || !query.namespace || changeNamespace(change) === query.namespace);
  }

  private deliver(change: ObjectChange): void {
    if (change.position <= this.position) return;
    this.position = change.position;
    if (!this.concerns(change)) return;
    if (!this.hasSelectors()) {
      this.emit({ type: change.type, object: change.object });
      return;
    }
    const key = keyOf(change.object);
    const wasVisible = this.visible.has(key);
    const matches = change.type !== 'DELETED' && matchesObject(change, this.request.query);
    if (matches) {
      this.visible.add(key);
      this.emit({ type: wasVisible ? 'MODIFIED' : 'ADDED', object: change.object });
    } else if (wasVisible) {
      this.visible.delete(key);
      this.emit({ type: 'DELETED', object: change.object });
    }
  }
}

function keyOf(object: KubeObject): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}
